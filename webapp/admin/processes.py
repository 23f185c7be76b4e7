"""Process versions and moving running proposals to another one (/admin/processes, role admin):
the versions with how many proposals run on each, the proposals on a version, a preview of
where each lands, and the move, confirmed once (webapp.once) — workflows.process.migration."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp.errors import message_of
from webapp.extensions import db
from webapp.numbers import ID_MAX, form_int, parse_int, query_int
from workflows.directory.access import ADMIN
from workflows.errors import N_, ValidationFailed
from workflows.process import migration

bp = Blueprint("processes", __name__, url_prefix="/admin/processes", template_folder="templates")


@bp.before_request
@login_required
def _admins_only():
    if not current_user.has_role(ADMIN):
        abort(403, _("Chỉ quản trị hệ thống mới vào được trang này."))


def _process_id() -> str:
    return str(current_app.extensions["tdkt_registry"].diagrams.process_id)


def _versions() -> list[migration.VersionInUse]:
    registry = current_app.extensions["tdkt_registry"]
    current = migration.stored_id(db.session, registry.diagrams.content_hash)
    return migration.versions_in_use(db.session, _process_id(), current)


@bp.route("/")
def index():
    return render_template("admin/processes.html", process_id=_process_id(), versions=_versions())


@bp.route("/versions/<id:version_id>")
def version(version_id: int):
    row = migration.target_version(db.session, version_id, _process_id())
    versions = _versions()
    return render_template(
        "admin/process_version.html",
        version=row,
        proposals=migration.running_on(db.session, version_id),
        targets=[v for v in versions if v.id != version_id],
        current=next((v for v in versions if v.current), None),
    )


def _chosen(raw: list[str]) -> list[int]:
    ids = [parse_int(value, 1, ID_MAX) for value in raw]
    if not ids or None in ids:
        raise ValidationFailed(
            "invalid_migration", {"proposal": N_("chọn ít nhất một hồ sơ để chuyển")}
        )
    if len(ids) > migration.MAX_PROPOSALS:
        raise ValidationFailed(
            "invalid_migration",
            {"proposal": N_("tối đa %(max)s hồ sơ mỗi lần", max=migration.MAX_PROPOSALS)},
        )
    return [i for i in ids if i is not None]


@bp.route("/preview")
def preview():
    """Where each chosen proposal would land; nothing is written (a GET)."""
    source = query_int("from", 0, 0, ID_MAX)
    target = query_int("to", 0, 1, ID_MAX)
    ids = _chosen(request.args.getlist("proposal"))
    plan = migration.preview(db.session, _process_id(), target, ids)
    return render_template(
        "admin/process_preview.html",
        plan=plan,
        source=source,
        refusals=[(r, message_of(r.error)) for r in plan.refusals],
    )


@bp.route("/migrate", methods=["POST"])
def migrate():
    """The move, confirmed from the preview; each proposal all or nothing."""
    target = form_int("to", 0, 1, ID_MAX)
    ids = _chosen(request.form.getlist("proposal"))
    plan = migration.migrate(db.session, _process_id(), target, ids, current_user)
    if plan.landings:
        flash(
            _(
                "Đã chuyển %(count)s hồ sơ sang phiên bản quy trình số %(id)s.",
                count=len(plan.landings),
                id=plan.target.id,
            ),
            "success",
        )
    for refusal in plan.refusals:
        flash(
            _(
                "Hồ sơ số %(id)s không chuyển được: %(reason)s",
                id=refusal.proposal_id,
                reason=message_of(refusal.error),
            ),
            "error",
        )
    return redirect(url_for("processes.version", version_id=plan.target.id))
