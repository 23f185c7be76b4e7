"""Tasks: the caller's inbox, and claim / release / complete one step."""

from __future__ import annotations

from flask import current_app, g, jsonify

from models import HumanTask, Proposal
from workflows import inbox, review

from ..extensions import db
from . import bp, serialize
from .auth import token_required
from .inputs import json_body, query_int


@bp.get("/tasks")
@token_required
def list_tasks():
    query = inbox.inbox_query(g.api_user)
    proposal_id = query_int("proposal_id", None, 1, 2**63 - 1)
    if proposal_id is not None:
        query = query.where(HumanTask.proposal_id == proposal_id)
    rows = db.session.execute(query)
    return jsonify([serialize.inbox_task(task, proposal) for task, proposal in rows])


def _answer(task: HumanTask, proposal: Proposal | None = None):
    # The service set the foreign keys; reload the people they name.
    db.session.expire(task, ["claimed_by", "completed_by"])
    proposal = proposal or db.session.get_one(Proposal, task.proposal_id)
    body = {"task": serialize.task_state(task), "proposal": serialize.proposal_state(proposal)}
    db.session.commit()
    return jsonify(body)


@bp.post("/tasks/<id:task_id>/claim")
@token_required
def claim_task(task_id: int):
    return _answer(review.claim(db.session, g.api_user, task_id))


@bp.post("/tasks/<id:task_id>/release")
@token_required
def release_task(task_id: int):
    return _answer(review.release(db.session, g.api_user, task_id))


@bp.post("/tasks/<id:task_id>/complete")
@token_required
def complete_task(task_id: int):
    payload = json_body()
    registry = current_app.extensions["tdkt_registry"]
    proposal = review.complete_task(db.session, registry, g.api_user, task_id, payload)
    return _answer(db.session.get_one(HumanTask, task_id), proposal)
