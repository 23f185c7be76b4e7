"""Cases other than proposals (workflows.cases): one case with its steps and trail, one step, and
completing a step. Their inbox rows are listed by GET /tasks with the proposals'."""

from __future__ import annotations

from flask import current_app, g, jsonify
from sqlalchemy import select

from models import CaseEvent, CaseTask
from webapp.api import bp, serialize_cases
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body
from webapp.extensions import db
from workflows.cases import inbox, service


@bp.get("/cases/<id:case_id>")
@token_required
def get_case(case_id: int):
    row = inbox.visible_case(db.session, g.api_user, case_id)
    steps = list(
        db.session.scalars(select(CaseTask).where(CaseTask.case_id == row.id).order_by(CaseTask.id))
    )
    events = list(
        db.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == row.id).order_by(CaseEvent.id)
        )
    )
    return jsonify(serialize_cases.case(row, steps, events))


@bp.get("/cases/tasks/<id:task_id>")
@token_required
def get_case_task(task_id: int):
    return jsonify(serialize_cases.case_task(inbox.visible_task(db.session, g.api_user, task_id)))


@bp.post("/cases/tasks/<id:task_id>/complete")
@token_required
@idempotent
def complete_case_task(task_id: int):
    payload = json_body()
    registry = current_app.extensions["tdkt_registry"]
    task, outcome = service.complete(db.session, registry, g.api_user, task_id, payload)
    return jsonify(
        {
            "task": serialize_cases.case_task(task),
            "case": {"id": task.case_id, "state": outcome.state, "finished": outcome.finished},
            "created": [serialize_cases.case_task(t) for t in outcome.created],
        }
    )
