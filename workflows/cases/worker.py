"""The cases' timers, fired by the same worker pass as the proposals' (webapp.cli.deadlines):
one transaction per case; a reminder tells the step's candidates, a deadline marks the step
overdue and tells them too; each writes a case_event."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import CaseAction, CaseEvent, CaseTask, NotificationKind, TaskState, utcnow
from models.database import begin_write
from workflows.cases import kinds
from workflows.cases.notices import candidates
from workflows.cases.runtime import CaseProcess
from workflows.deadlines import case_notices
from workflows.deadlines.notifications import (
    link_to,
    notify_many,
    smtp_configured,
)
from workflows.errors import DomainError

log = logging.getLogger(__name__)

EVENT = {"reminder": CaseAction.REMINDED, "deadline": CaseAction.OVERDUE}


@dataclass
class CasePass:
    cases: int = 0
    reminders: int = 0
    escalations: int = 0
    errors: list[str] = field(default_factory=list)


def fire_due_timers(factory: Callable[[], Session], limit: int = 200) -> CasePass:
    report = CasePass()
    now = utcnow()
    seen: set[int] = set()
    while len(seen) < limit:
        with factory() as session:
            begin_write(session)
            process = CaseProcess.next_due(session, now, seen)
            if process is None:
                session.rollback()
                break
            seen.add(process.case.id)
            try:
                advance(session, process, report)
                session.commit()
                report.cases += 1
            except (DomainError, StaleDataError) as exc:
                session.rollback()
                log.exception("timers of case %s did not run", process.case.id)
                report.errors.append(f"case {process.case.id}: {exc}")
    return report


def advance(session: Session, process: CaseProcess, report: CasePass) -> None:
    """Fire the locked case's due timers as the worker does: an event and a notice for each
    reminder or deadline (also `tdkt demo`, replaying its cases' days)."""
    outcome = process.fire_timers()
    case = process.case
    for bpmn_id, which, step_guid in outcome.fired:
        if which not in EVENT:
            continue
        task = session.scalar(
            select(CaseTask).where(
                CaseTask.case_id == case.id,
                CaseTask.task_guid == step_guid,
                CaseTask.state == TaskState.READY,
            )
        )
        if task is None:
            continue
        session.add(
            CaseEvent(
                case_id=case.id,
                action=EVENT[which],
                from_state=case.state,
                to_state=case.state,
                element_id=bpmn_id,
                task_name=task.name,
            )
        )
        kind = NotificationKind.REMINDER if which == "reminder" else NotificationKind.ESCALATION
        if which == "deadline":
            task.overdue_at = utcnow()
            report.escalations += 1
        else:
            report.reminders += 1
        text = case_notices.deadline_text(kind, kinds.label(case.kind), task, case)
        notify_many(
            session,
            [
                (user, kind, text, None, link_to(f"/cases/tasks/{task.id}"))
                for user in candidates(session, task)
            ],
            mail=smtp_configured(),
        )
    session.flush()
