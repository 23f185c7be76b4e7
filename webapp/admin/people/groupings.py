"""Blocs and clusters per year: their member departments (with dates), the year's head and
deputy, and the accounts holding grouping_head there."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import OrgKind
from webapp.admin.people import bp, refused, vn, year_asked
from webapp.extensions import db
from webapp.numbers import YEAR_MAX, YEAR_MIN, parse_int
from workflows.deadlines.calendar import today
from workflows.directory import assignments, groupings
from workflows.directory.org_history import existing_on
from workflows.errors import N_, DomainError, ValidationFailed


@bp.route("/groupings")
def grouping_list():
    return grouping_page(year_asked())


def grouping_page(year: int) -> str:
    now = today()
    start = now if now.year == year else date(year, 1, 1)
    return render_template(
        "people/groupings.html",
        year=year,
        rows=groupings.year_view(db.session, year),
        departments=existing_on(db.session, start, (OrgKind.DEPARTMENT,)),
        start=start,
    )


def _form_year() -> int:
    year = parse_int(request.form.get("year"), YEAR_MIN, YEAR_MAX)
    if year is None:
        wrong = N_("phải là năm từ %(min)s đến %(max)s", min=YEAR_MIN, max=YEAR_MAX)
        raise ValidationFailed("invalid_year", {"year": wrong})
    return year


def _page():
    year = parse_int(request.form.get("year"), YEAR_MIN, YEAR_MAX) or today().year
    return lambda: grouping_page(year)


@bp.route("/groupings/members", methods=["POST"])
def membership_add():
    form = request.form
    try:
        row = groupings.add_member(
            db.session,
            current_user,
            form.get("grouping", ""),
            form.get("member", ""),
            assignments.parse_day(form.get("valid_from"), "valid_from"),
            assignments.parse_optional_day(form.get("valid_to"), "valid_to"),
        )
    except DomainError as exc:
        return refused(exc, _page())
    flash(
        _(
            "%(member)s là thành viên của %(grouping)s từ %(start)s.",
            member=row.member.name,
            grouping=row.grouping.name,
            start=vn(row.valid_from),
        ),
        "success",
    )
    return redirect(url_for("people.grouping_list", year=request.form.get("year")))


@bp.route("/groupings/members/<int:membership_id>/close", methods=["POST"])
def membership_close(membership_id: int):
    try:
        last_day = assignments.parse_day(request.form.get("last_day"), "last_day")
        row = groupings.close_member(db.session, current_user, membership_id, last_day)
    except DomainError as exc:
        return refused(exc, _page())
    flash(
        _(
            "%(member)s thôi là thành viên của %(grouping)s sau ngày %(day)s.",
            member=row.member.name,
            grouping=row.grouping.name,
            day=vn(row.valid_to),
        ),
        "success",
    )
    return redirect(url_for("people.grouping_list", year=request.form.get("year")))


@bp.route("/groupings/heads", methods=["POST"])
def head_set():
    form = request.form
    try:
        year = _form_year()
        row = groupings.set_head(
            db.session,
            current_user,
            form.get("grouping", ""),
            year,
            form.get("head", ""),
            form.get("deputy") or None,
            form.get("basis"),
        )
    except DomainError as exc:
        return refused(exc, _page())
    flash(
        _(
            "Năm %(year)s: khối trưởng %(head)s.",
            year=row.year,
            head=row.head.name,
        ),
        "success",
    )
    return redirect(url_for("people.grouping_list", year=year))
