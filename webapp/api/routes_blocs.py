"""Blocs' and clusters' years: pledges with their scoring tables, members' scores, the
cross-check, the ballot, the ranking (bpmn/bloc_scoring.bpmn). Every signed-in account reads;
each write is checked by role and organisation in workflows.blocs."""

from __future__ import annotations

from flask import current_app, g, jsonify
from flask_babel import gettext as _

from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body
from webapp.extensions import db
from webapp.numbers import query_int
from workflows.blocs import ballot, election, endorsement, pledges, scoring, views
from workflows.deadlines.calendar import today
from workflows.errors import N_, ValidationFailed

#: what POST …/actions does, by its `action`
ACTIONS = ("sign", "open_scoring", "open_ballot", "close_ballot", "elect")


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
    pledge = pledges.create(
        db.session, g.api_user, grouping, year, data.get("title"), data.get("criteria"), today()
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
    if action not in ACTIONS:
        raise ValidationFailed(
            "invalid_bloc_action",
            {"action": N_("phải là một trong: %(choices)s", choices=", ".join(ACTIONS))},
        )
    pledge = pledges.lock(db.session, pledge_id)
    user, day = g.api_user, today()
    body: dict = {}
    if action == "sign":
        pledges.sign(db.session, user, pledge, day)
    elif action == "open_scoring":
        pledges.open_scoring(db.session, user, pledge, day)
    elif action == "open_ballot":
        ballot.open_ballot(db.session, user, pledge, day)
    elif action == "close_ballot":
        endorsed = ballot.close(db.session, user, pledge, day)
        registry = current_app.extensions["tdkt_registry"]
        body["endorsed_proposals"] = endorsement.feed(db.session, registry, user, pledge, endorsed)
    else:
        row = election.elect(db.session, user, pledge, data.get("head"), data.get("deputy"), day)
        body["heads"] = {"year": row.year, "head_id": row.head_id, "deputy_id": row.deputy_id}
    return jsonify({**views.detail(db.session, pledge), **body, "message": _("Đã ghi")})


@bp.put("/blocs/pledges/<id:pledge_id>/scores")
@token_required
@idempotent
def self_score(pledge_id: int):
    data = json_body()
    pledge = pledges.lock(db.session, pledge_id)
    entry = scoring.self_score(db.session, g.api_user, pledge, data.get("scores"), today())
    return jsonify(views.entry(pledge, entry))


@bp.post("/blocs/pledges/<id:pledge_id>/checks")
@token_required
@idempotent
def check_score(pledge_id: int):
    data = json_body()
    pledge = pledges.lock(db.session, pledge_id)
    member = data.get("member")
    entry = next((e for e in pledge.entries if e.member.code == member), None)
    if entry is None:
        raise ValidationFailed(
            "invalid_bloc_check", {"member": N_("không phải mã một đơn vị thành viên")}
        )
    scoring.check(
        db.session, g.api_user, pledge, entry, data.get("action"), data.get("reason"), today()
    )
    return jsonify(views.entry(pledge, entry))


@bp.post("/blocs/pledges/<id:pledge_id>/votes")
@token_required
@idempotent
def cast_vote(pledge_id: int):
    data = json_body()
    pledge = pledges.lock(db.session, pledge_id)
    ballot.cast(db.session, g.api_user, pledge, data.get("choices"), today())
    return jsonify({"message": _("Đã ghi phiếu bầu")})


@bp.get("/blocs/pledges/<id:pledge_id>/ranking")
@token_required
def get_ranking(pledge_id: int):
    return jsonify(views.ranking(pledges.get(db.session, pledge_id)))
