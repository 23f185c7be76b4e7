"""The award catalogue pages (/admin/awards): read-only, for administrators and the board.

A blueprint of its own, beside the admin one, because the admin pages admit administrators
only and the board reads the catalogue too.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import Award
from webapp.extensions import db
from workflows.deadlines.calendar import today
from workflows.directory.access import ADMIN, BOARD
from workflows.reports import catalogue

bp = Blueprint("catalogue", __name__, url_prefix="/admin/awards", template_folder="templates")


@bp.before_request
@login_required
def _admins_and_board():
    if not (current_user.has_role(ADMIN) or current_user.has_role(BOARD)):
        abort(403, _("Chỉ quản trị hệ thống và Ban Thi đua – Khen thưởng mới xem được danh mục."))


@bp.route("/")
def index():
    day = today()
    entries = catalogue.table(db.session, current_app.extensions["tdkt_registry"], day)
    return render_template(
        "admin/awards.html",
        entries=entries,
        day=day,
        levels=catalogue.LEVELS_VI,
        targets=catalogue.TARGETS_VI,
        not_fileable=catalogue.NOT_FILEABLE_VI,
    )


@bp.route("/<code>")
def award(code: str):
    row = db.session.get(Award, code)
    if row is None:
        abort(404, _("Không có loại khen thưởng này trong danh mục."))
    day = today()
    detail = catalogue.detail(db.session, current_app.extensions["tdkt_registry"], row, day)
    return render_template(
        "admin/award.html",
        d=detail,
        a=row,
        day=day,
        levels=catalogue.LEVELS_VI,
        targets=catalogue.TARGETS_VI,
        not_fileable=catalogue.NOT_FILEABLE_VI,
    )
