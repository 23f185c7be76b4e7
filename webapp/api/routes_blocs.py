"""Blocs' and clusters' years: pledges with their scoring tables, members' scores, the
cross-check, the ballot, the ranking (bpmn/bloc_scoring.bpmn). Every signed-in account reads;
each write is checked by role and organisation in workflows.blocs."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, g, jsonify
from flask_babel import gettext as _
from sqlalchemy import select

from models import GroupingHead
from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body
from webapp.extensions import db
from webapp.numbers import query_int
from workflows.blocs import access, flow, pledges, views
from workflows.deadlines.calendar import today
from workflows.errors import N_, ValidationFailed

#: what POST …/actions does, by its `action`: the step of the year's case it completes (its
#: name in workflows.blocs.steps.STEPS), and what the answer adds to the pledge
ACTIONS: dict[str, Callable[[dict, dict], dict]] = {
    "sign": lambda data, done: {},
    "open_scoring": lambda data, done: {},
    "open_ballot": lambda data, done: {},
    "close_ballot": lambda data, done: {"endorsed_proposals": done["endorsed_proposals"]},
    "elect": lambda data, done: {"heads": _heads(data)},
}


def _heads(data: dict) -> dict:
    pledge = pledges.get(db.session, data["pledge_id"])
    row = db.session.scalar(
        select(GroupingHead).where(
            GroupingHead.grouping_id == pledge.grouping_id, GroupingHead.year == pledge.year + 1
        )
    )
    return {"year": row.year, "head_id": row.head_id, "deputy_id": row.deputy_id} if row else {}


def _act(pledge_id: int, step: str, data: dict, entry=None) -> dict:
    registry = current_app.extensions["tdkt_registry"]
    return flow.act(db.session, registry, g.api_user, pledge_id, step, data, entry)


@bp.get("/blocs/pledges")
@token_required
def list_pledges():
    year = query_int("year", None, minimum=pledges.YEAR_MIN, maximum=pledges.YEAR_MAX)
    return jsonify([views.summary(p) for p in pledges.listing(db.session, year)])


@bp.post("/blocs/pledges")
@token_required
@idempotent
def create_pledge():
    data = json_body()
    grouping = pledges.grouping_by_code(db.session, data.get("grouping"))
    year = pledges.clean_year(data.get("year"))
    registry = current_app.extensions["tdkt_registry"]
    pledge = flow.open_year(
        db.session,
        registry,
        g.api_user,
        grouping,
        year,
        data.get("title"),
        data.get("criteria"),
        today(),
    )
    return jsonify(views.detail(db.session, pledges.get(db.session, pledge.id))), 201


@bp.get("/blocs/pledges/<id:pledge_id>")
@token_required
def get_pledge(pledge_id: int):
    return jsonify(views.detail(db.session, pledges.get(db.session, pledge_id)))


@bp.put("/blocs/pledges/<id:pledge_id>/criteria")
@token_required
@idempotent
def set_criteria(pledge_id: int):
    data = json_body()
    pledge = pledges.lock(db.session, pledge_id)
    pledges.set_table(db.session, g.api_user, pledge, data.get("criteria"), today())
    return jsonify(views.detail(db.session, pledge))


@bp.post("/blocs/pledges/<id:pledge_id>/actions")
@token_required
@idempotent
def pledge_action(pledge_id: int):
    data = json_body()
    action = data.get("action")
    if not isinstance(action, str) or action not in ACTIONS:
        raise ValidationFailed(
            "invalid_bloc_action",
            {"action": N_("phải là một trong: %(choices)s", choices=", ".join(ACTIONS))},
        )
    done = _act(pledge_id, action, data)
    body = ACTIONS[action]({**data, "pledge_id": pledge_id}, done)
    pledge = pledges.get(db.session, pledge_id)
    return jsonify({**views.detail(db.session, pledge), **body, "message": _("Đã ghi")})


@bp.put("/blocs/pledges/<id:pledge_id>/scores")
@token_required
@idempotent
def self_score(pledge_id: int):
    data = json_body()
    _act(pledge_id, "scores", {"scores": data.get("scores")})
    pledge = pledges.get(db.session, pledge_id)
    entry = access.own_entry(g.api_user, pledge, pledges.day_in_year(pledge.year, today()))
    assert entry is not None  # the step was the user's own
    return jsonify(views.entry(pledge, entry))


@bp.post("/blocs/pledges/<id:pledge_id>/checks")
@token_required
@idempotent
def check_score(pledge_id: int):
    data = json_body()
    pledge = pledges.get(db.session, pledge_id)
    member = data.get("member")
    entry = next((e for e in pledge.entries if e.member.code == member), None)
    if entry is None:
        raise ValidationFailed(
            "invalid_bloc_check", {"member": N_("không phải mã một đơn vị thành viên")}
        )
    sent = {"action": data.get("action"), "reason": data.get("reason")}
    _act(pledge_id, "check", sent, entry)
    return jsonify(views.entry(pledges.get(db.session, pledge_id), entry))


@bp.post("/blocs/pledges/<id:pledge_id>/votes")
@token_required
@idempotent
def cast_vote(pledge_id: int):
    data = json_body()
    _act(pledge_id, "vote", {"choices": data.get("choices")})
    return jsonify({"message": _("Đã ghi phiếu bầu")})


@bp.get("/blocs/pledges/<id:pledge_id>/ranking")
@token_required
def get_ranking(pledge_id: int):
    return jsonify(views.ranking(pledges.get(db.session, pledge_id)))
