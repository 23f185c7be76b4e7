"""A movement's targets against reality: registered → proposed → awarded per target, per unit
and per department (as recorded, or rolled up into successors: `?rollup=`, rolled up by
default like the money report), printable and as .xlsx; for whoever reads the dashboard and
sees the movement (workflows.reports.dashboard.movements_in_scope)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from webapp.dashboard import bp, xlsx
from webapp.extensions import db
from webapp.numbers import query_int
from workflows.reports import dashboard, exports, registered_targets


def read(user, movement_id: int, rolled_up: bool):
    today = dashboard.utcnow().date()
    return registered_targets.for_user(db.session, user, movement_id, rolled_up, today)


@bp.route("/movements/<id:movement_id>/targets")
@login_required
def movement_targets(movement_id: int):
    rolled_up = query_int("rollup", 1, 0, 1) == 1
    found, scope = read(current_user, movement_id, rolled_up)
    return render_template("dashboard/movement_targets.html", r=found, scope=scope)


@bp.route("/movements/<id:movement_id>/targets.xlsx")
@login_required
def movement_targets_export(movement_id: int):
    rolled_up = query_int("rollup", 1, 0, 1) == 1
    found, scope = read(current_user, movement_id, rolled_up)
    content = exports.workbook([registered_targets.table(found, scope)])
    return xlsx(content, exports.safe_filename(f"chi tieu {found.movement.code} {found.year}"))
