"""Administration (role admin only): the province's calendar exceptions and the mail status."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp import transaction
from webapp.errors import fields_of
from webapp.extensions import db
from webapp.numbers import YEAR_MAX, YEAR_MIN, query_int
from workflows.deadlines import due_dates, mail
from workflows.deadlines.calendar import OFF, WORK, holiday_name, official_days
from workflows.directory.access import ADMIN
from workflows.errors import NotFound, ValidationFailed

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


@bp.before_request
@login_required
def _admins_only():
    if not current_user.has_role(ADMIN):
        abort(403, _("Chỉ quản trị hệ thống mới vào được trang này."))


@bp.route("/")
def index():
    return render_template("admin/index.html", smtp=mail.settings_from_env())


def _year() -> int:
    return query_int("year", date.today().year, YEAR_MIN, YEAR_MAX)


def _day(value: str | None) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime((value or "").strip(), fmt).date()
        except ValueError:
            continue
    raise ValidationFailed("invalid_date", {"day": _("phải là ngày dạng dd/mm/yyyy")})


@bp.route("/calendar")
def calendar():
    year = _year()
    days_off, worked = official_days(year)
    official = sorted(
        [(d, OFF, holiday_name(d)) for d in days_off] + [(d, WORK, None) for d in worked]
    )
    return render_template(
        "admin/calendar.html",
        year=year,
        rows=due_dates.list_exceptions(db.session, year),
        official=official,
    )


@bp.route("/calendar", methods=["POST"])
def calendar_add():
    try:
        day = _day(request.form.get("day"))
        due_dates.add_exception(
            db.session, day, request.form.get("kind", ""), request.form.get("note", "")
        )
    except ValidationFailed as exc:
        transaction.abandon()
        for message in fields_of(exc).values():
            flash(message, "error")
        return calendar(), 400
    flash(_("Đã ghi ngày %(day)s.", day=day.strftime("%d/%m/%Y")), "success")
    return redirect(url_for("admin.calendar", year=day.year))


@bp.route("/calendar/remove", methods=["POST"])
def calendar_remove():
    day = _day(request.form.get("day"))
    try:
        due_dates.remove_exception(db.session, day)
    except NotFound:
        # Already gone (removed twice, or from the command line): what was asked is true.
        transaction.abandon()
        flash(_("Ngày %(day)s không có trong danh sách.", day=day.strftime("%d/%m/%Y")), "info")
    else:
        flash(_("Đã bỏ ngày %(day)s.", day=day.strftime("%d/%m/%Y")), "success")
    return redirect(url_for("admin.calendar", year=day.year))


@bp.route("/mail")
def mail_status():
    return render_template(
        "admin/mail.html",
        smtp=mail.settings_from_env(),
        counts=mail.queue_counts(db.session),
        recent=mail.recent(db.session),
    )
