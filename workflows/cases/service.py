"""Completing a case's step as a person: the one entry the web page and the API share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from models import CaseTask, User
from workflows.cases import inbox, kinds
from workflows.cases.runtime import CaseOutcome, CaseProcess
from workflows.process.registry import ProcessRegistry


def complete(
    session: Session,
    registry: ProcessRegistry,
    user: User,
    task_id: int,
    payload: Mapping[str, Any],
) -> tuple[CaseTask, CaseOutcome]:
    """Lock the step's case, complete the step with `payload` (the action and the step's
    fields) and let the kind do what follows. NotFound for a step the user may not see,
    Forbidden for one they may not act on, Conflict for one already done."""
    case_id = inbox.visible_task(session, user, task_id).case_id
    process = CaseProcess.lock(session, case_id)
    task = session.get_one(CaseTask, task_id, populate_existing=True)
    outcome = process.complete(task, user, payload)
    kinds.get(task.kind).after(session, registry, process.case, task, user, outcome.end_event)
    return task, outcome
