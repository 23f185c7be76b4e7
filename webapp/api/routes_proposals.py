"""Proposals: file, edit, submit, read one, search."""

from __future__ import annotations

from collections import defaultdict

from flask import current_app, g, jsonify, url_for
from sqlalchemy import func, select

from models import Award, HumanTask, Organisation, ProposalStatus, TaskState
from webapp.api import bp, serialize
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body, optional_str, query_choice, query_int, query_str
from webapp.extensions import db
from webapp.labels import STAGE
from webapp.numbers import ID_MAX
from workflows.directory import access
from workflows.errors import N_, ValidationFailed
from workflows.process import audit, next_steps
from workflows.proposals import filing, queries

STATUSES = tuple(s.value for s in ProposalStatus)
STAGES = tuple(STAGE)
PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 200
#: rounds of the trail in a proposal's detail (all of them up to that many returns)
DETAIL_ROUNDS = 10
HISTORY_ROUNDS_DEFAULT = 10
HISTORY_ROUNDS_MAX = 100


def _registry():
    return current_app.extensions["tdkt_registry"]


def _proposal_body() -> dict:
    data = json_body()
    optional_str(data, "org", 64)
    optional_str(data, "movement", 64)  # absent: the default movement; null: none
    return data


@bp.post("/proposals")
@token_required
@idempotent
def create_proposal():
    data = _proposal_body()
    proposal = filing.create_proposal(db.session, _registry(), g.api_user, data)
    # The dossier's documents with the state: a client uploads the missing ones and submits
    # without reading the proposal back first (issue 19: one request of 12 statements less).
    body = {
        **serialize.proposal_state(proposal),
        "checklist": serialize.checklist(db.session, proposal),
    }
    location = url_for(".get_proposal", proposal_id=proposal.id)
    return jsonify(body), 201, {"Location": location}


@bp.put("/proposals/<id:proposal_id>")
@token_required
def update_proposal(proposal_id: int):
    data = _proposal_body()
    proposal = filing.update_proposal(db.session, g.api_user, proposal_id, data)
    return jsonify(_detail(proposal))


@bp.post("/proposals/<id:proposal_id>/submit")
@token_required
@idempotent
def submit_proposal(proposal_id: int):
    data = json_body(required=False)
    comment = data.get("comment")
    proposal = filing.submit_proposal(
        db.session, _registry(), g.api_user, proposal_id, "" if comment is None else comment
    )
    # The steps it now waits on, so that a client needs no inbox read to go on (issue 19).
    steps = next_steps.of(db.session, g.api_user, proposal)
    return jsonify(
        {
            **serialize.proposal_state(proposal),
            "next_steps": [serialize.next_step(step) for step in steps],
        }
    )


@bp.get("/proposals/<id:proposal_id>")
@token_required
def get_proposal(proposal_id: int):
    proposal = access.get_visible_proposal(db.session, g.api_user, proposal_id)
    return jsonify(_detail(proposal))


def _detail(proposal) -> dict:
    tasks, members = queries.current_tasks_and_assignees(db.session, proposal.id)
    # The latest rounds only: the answer stays the same size after a thousand returns; the
    # rest is at /history.
    rounds = audit.Rounds(proposal.round, 0, DETAIL_ROUNDS)
    events = audit.history_rows(db.session, proposal.id, rounds)
    detail = serialize.proposal_detail(db.session, proposal, tasks, events, members)
    detail["history_rounds"] = serialize.rounds_window(rounds)
    return detail


@bp.get("/proposals/<id:proposal_id>/history")
@token_required
def get_history(proposal_id: int):
    """The audit trail by rounds, newest first: `limit` rounds after skipping `offset`."""
    proposal = access.get_visible_proposal(db.session, g.api_user, proposal_id)
    limit = query_int("limit", HISTORY_ROUNDS_DEFAULT, 1, HISTORY_ROUNDS_MAX)
    offset = query_int("offset", 0, 0, ID_MAX)
    rounds = audit.Rounds(proposal.round, offset, limit)
    events = audit.history_rows(db.session, proposal.id, rounds, newest_first=True)
    return jsonify(
        {
            **serialize.rounds_window(rounds),
            "events": [serialize.history_row(e) for e in events],
        }
    )


@bp.get("/proposals")
@token_required
def list_proposals():
    status = query_choice("status", STATUSES)
    stage = query_choice("stage", STAGES)
    year = query_int("year", None, 1900, 2200)
    page = query_int("page", 1, 1, 1_000_000)
    per_page = query_int("per_page", PER_PAGE_DEFAULT, 1, PER_PAGE_MAX)
    org_id = _org_id(query_str("org"))
    award_code = _award_code(query_str("award"))
    words = query_str("q", 100)
    query = queries.search(
        g.api_user,
        status=status,
        stage=stage,
        org_id=org_id,
        award_code=award_code,
        year=year,
        q=words,
    )
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    waiting = _waiting_for([p.id for p in rows])
    return jsonify(
        {
            "items": [serialize.list_item(p, waiting[p.id]) for p in rows],
            "total": total,
            "page": page,
            "per_page": per_page,
        }
    )


def _org_id(code: str | None) -> int | None:
    if code is None:
        return None
    org_id = db.session.scalar(select(Organisation.id).where(Organisation.code == code))
    if org_id is None:
        wrong = N_("không có tổ chức mã '%(code)s'", code=code[:64])
        raise ValidationFailed("unknown_org", {"org": wrong})
    return org_id


def _award_code(code: str | None) -> str | None:
    if code is None:
        return None
    if db.session.get(Award, code) is None:
        wrong = N_("không có loại khen thưởng '%(code)s'", code=code[:40])
        raise ValidationFailed("unknown_award", {"award": wrong})
    return code


def _waiting_for(proposal_ids: list[int]) -> dict[int, list[HumanTask]]:
    waiting: dict[int, list[HumanTask]] = defaultdict(list)
    if proposal_ids:
        tasks = db.session.scalars(
            select(HumanTask)
            .where(HumanTask.proposal_id.in_(proposal_ids), HumanTask.state == TaskState.READY)
            .order_by(HumanTask.id)
        )
        for task in tasks:
            waiting[task.proposal_id].append(task)
    return waiting
