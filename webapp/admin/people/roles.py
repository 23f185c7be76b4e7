"""Role assignments with validity dates: added and closed from an account's page, a council's
page or an organisation's page (the form says which, and goes back there), and listed per
organisation."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Role
from webapp.admin.people import bp, refused, vn
from webapp.admin.people.councils import council_page
from webapp.admin.people.users import user_page
from webapp.extensions import db
from webapp.numbers import YEAR_MAX, YEAR_MIN, parse_int
from workflows.directory import admin_audit, assignments
from workflows.errors import DomainError


def _return_to() -> tuple:
    """(url, page view) of the page the form was on: "user:<name>", "org:<code>" or
    "councils:<year>"; anything else is the list of accounts."""
    kind, _sep, value = request.form.get("back", "").partition(":")
    if kind == "user" and value:
        return url_for("people.user_page", username=value), lambda: user_page(value)
    if kind == "org" and value:
        return url_for("people.org_page", code=value), lambda: org_page(value)
    if kind == "councils" and (year := parse_int(value, YEAR_MIN, YEAR_MAX)) is not None:
        return url_for("people.councils", year=year), lambda: council_page(year)
    return url_for("people.user_list"), lambda: redirect(url_for("people.user_list"))


@bp.route("/assignments", methods=["POST"])
def assignment_add():
    url, page = _return_to()
    form = request.form
    try:
        added = assignments.add(
            db.session,
            current_user,
            form.get("username", ""),
            form.get("role", ""),
            form.get("org", ""),
            assignments.parse_day(form.get("valid_from"), "valid_from"),
            assignments.parse_optional_day(form.get("valid_to"), "valid_to"),
        )
    except DomainError as exc:
        return refused(exc, page)
    flash(
        _(
            "Đã giao vai trò %(role)s tại %(org)s cho %(user)s từ %(start)s.",
            role=added.role.name_vi,
            org=added.org.name,
            user=added.user.username,
            start=vn(added.valid_from),
        ),
        "success",
    )
    return redirect(url)


@bp.route("/assignments/<int:assignment_id>/close", methods=["POST"])
def assignment_close(assignment_id: int):
    url, page = _return_to()
    try:
        last_day = assignments.parse_day(request.form.get("last_day"), "last_day")
        closed = assignments.close(db.session, current_user, assignment_id, last_day)
    except DomainError as exc:
        return refused(exc, page)
    flash(
        _(
            "Đã kết thúc vai trò %(role)s của %(user)s tại %(org)s, ngày cuối %(day)s.",
            role=closed.role.name_vi,
            user=closed.user.username,
            org=closed.org.name,
            day=vn(closed.valid_to),
        ),
        "success",
    )
    return redirect(url)


@bp.route("/orgs/<code>")
def org_page(code: str):
    org = assignments.find_org(db.session, code)
    return render_template(
        "people/org.html",
        org=org,
        history=assignments.history(db.session, org_id=org.id),
        trail=admin_audit.recent(db.session, org_id=org.id),
        roles=list(db.session.scalars(select(Role).order_by(Role.code))),
    )
