"""A movement's targets against reality: registered → proposed → awarded per target, per unit
and per department (as recorded, or rolled up into successors: `?rollup=`, rolled up by
default like the money report), printable and as .xlsx; for whoever reads the dashboard and
sees the movement (workflows.reports.dashboard.movements_in_scope). The department carrying the
movement opens its units' registrations from here (workflows.registration.opening)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from webapp.dashboard import bp, xlsx
from webapp.extensions import db
from webapp.numbers import query_int
from webapp.views import registry
from workflows.errors import DomainError
from workflows.registration import opening
from workflows.reports import dashboard, exports, registered_targets


def read(user, movement_id: int, rolled_up: bool):
    today = dashboard.utcnow().date()
    return registered_targets.for_user(db.session, user, movement_id, rolled_up, today)


@bp.route("/movements/<id:movement_id>/targets")
@login_required
def movement_targets(movement_id: int):
    rolled_up = query_int("rollup", 1, 0, 1) == 1
    found, scope = read(current_user, movement_id, rolled_up)
    today = dashboard.utcnow().date()
    try:
        opening.movement_for_opening(db.session, current_user, movement_id, today)
        to_open = opening.units_to_open(db.session, found.movement, today)
    except DomainError:
        to_open = None
    return render_template("dashboard/movement_targets.html", r=found, scope=scope, to_open=to_open)


@bp.post("/movements/<id:movement_id>/registrations")
@login_required
def open_registrations(movement_id: int):
    today = dashboard.utcnow().date()
    opened = opening.open_movement(db.session, registry(), current_user, movement_id, today)
    flash(
        ngettext(
            "Đã mở đăng ký thi đua cho %(num)d đơn vị: %(units)s",
            "Đã mở đăng ký thi đua cho %(num)d đơn vị: %(units)s",
            len(opened),
            units=", ".join(r.org.name for r in opened),
        ),
        "success",
    )
    return redirect(url_for("dashboard.movement_targets", movement_id=movement_id))


@bp.route("/movements/<id:movement_id>/targets.xlsx")
@login_required
def movement_targets_export(movement_id: int):
    rolled_up = query_int("rollup", 1, 0, 1) == 1
    found, scope = read(current_user, movement_id, rolled_up)
    content = exports.workbook([registered_targets.table(found, scope)])
    return xlsx(content, exports.safe_filename(f"chi tieu {found.movement.code} {found.year}"))
