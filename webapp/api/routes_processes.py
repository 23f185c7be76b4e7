"""Process versions and moving running proposals to another one, for administrators:
the versions in use, the proposals on each, a preview of a move and the move itself
(workflows.process.migration)."""

from __future__ import annotations

from flask import current_app, g, jsonify

from webapp.api import bp, serialize
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body
from webapp.errors import message_of
from webapp.extensions import db
from workflows.directory.access import ADMIN
from workflows.errors import N_, Forbidden, NotFound, ValidationFailed
from workflows.process import migration
from workflows.process.migration import Plan


def _admin_only() -> None:
    if not g.api_user.has_role(ADMIN):
        raise Forbidden(
            "processes_admin_only", N_("Chỉ quản trị hệ thống mới quản lý được phiên bản quy trình")
        )


def _known(process_id: str) -> str:
    registry = current_app.extensions["tdkt_registry"]
    if process_id != registry.diagrams.process_id:
        raise NotFound("process_not_found", N_("Không có quy trình '%(id)s'", id=process_id[:100]))
    return process_id


def _current_id() -> int | None:
    registry = current_app.extensions["tdkt_registry"]
    return migration.stored_id(db.session, registry.diagrams.content_hash)


@bp.get("/processes")
@token_required
def list_processes():
    _admin_only()
    process_id = current_app.extensions["tdkt_registry"].diagrams.process_id
    rows = migration.versions_in_use(db.session, process_id, _current_id())
    return jsonify(
        [
            {
                "process_id": process_id,
                "versions": [
                    {
                        "id": v.id,
                        "content_hash": v.content_hash,
                        "first_seen": serialize.iso(v.created_at),
                        "running": v.running,
                        "current": v.current,
                    }
                    for v in rows
                ],
            }
        ]
    )


@bp.get("/processes/<process_id>/versions/<id:version_id>/proposals")
@token_required
def proposals_on_version(process_id: str, version_id: int):
    _admin_only()
    migration.target_version(db.session, version_id, _known(process_id))
    return jsonify(
        [
            {"id": p.proposal_id, "title": p.title, "round": p.round, "steps": list(p.steps)}
            for p in migration.running_on(db.session, version_id)
        ]
    )


def _request() -> tuple[int, list[int]]:
    data = json_body()
    errors = {}
    to_version = _positive(data.get("to_version"))
    if to_version is None:
        errors["to_version"] = N_("phải là số của một phiên bản quy trình")
    raw = data.get("proposal_ids")
    ids = [_positive(i) for i in raw] if isinstance(raw, list) else []
    wanted = [i for i in ids if i is not None]
    if not wanted or len(wanted) != len(ids):
        errors["proposal_ids"] = N_("phải là danh sách số hồ sơ, ít nhất một")
    elif len(wanted) > migration.MAX_PROPOSALS:
        errors["proposal_ids"] = N_("tối đa %(max)s hồ sơ mỗi lần", max=migration.MAX_PROPOSALS)
    if errors or to_version is None:
        raise ValidationFailed("invalid_migration", errors)
    return to_version, wanted


def _positive(value: object) -> int | None:
    # bool is an int in Python, and JSON's true is no id; past a BIGINT no row has the id.
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63:
        return value
    return None


def plan_json(plan: Plan) -> dict:
    """A plan as the API answers it (messages in the caller's language)."""
    return {
        "to_version": plan.target.id,
        "content_hash": plan.target.content_hash,
        "landings": [
            {
                "proposal_id": land.proposal_id,
                "title": land.title,
                "from_version": land.from_version,
                "steps": [
                    {"id": s.bpmn_id, "old_name": s.old_name, "new_name": s.new_name}
                    for s in land.steps
                ],
                "timers": [
                    {
                        "id": t.bpmn_id,
                        "old_fire_at": serialize.iso(t.old_fire_at),
                        "new_fire_at": serialize.iso(t.new_fire_at),
                    }
                    for t in land.timers
                ],
            }
            for land in plan.landings
        ],
        "refusals": [
            {
                "proposal_id": r.proposal_id,
                "title": r.title,
                "code": r.error.code,
                "message": message_of(r.error),
            }
            for r in plan.refusals
        ],
    }


@bp.post("/processes/<process_id>/migrations/preview")
@token_required
def preview_migration(process_id: str):
    _admin_only()
    to_version, ids = _request()
    return jsonify(plan_json(migration.preview(db.session, _known(process_id), to_version, ids)))


@bp.post("/processes/<process_id>/migrations")
@token_required
@idempotent
def apply_migration(process_id: str):
    _admin_only()
    to_version, ids = _request()
    plan = migration.migrate(db.session, _known(process_id), to_version, ids, g.api_user)
    return jsonify(plan_json(plan))
