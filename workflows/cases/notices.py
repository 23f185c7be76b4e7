"""Word of a case's handovers: the candidates of each step that arrives are told, as a
proposal's are (workflows.process.handover_notices), with a link to the case's step page."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from models import CaseInstance, CaseTask, NotificationKind, TaskState, User
from workflows.cases import kinds
from workflows.deadlines import case_notices
from workflows.deadlines.notifications import (
    link_to,
    notify_many,
    smtp_configured,
)
from workflows.directory.access import holders


def candidates(session: Session, task: CaseTask) -> list[User]:
    """Who may act on a case's step: the holders of its role at its organisation."""
    return holders(session, task.role_code, task.org_id)


def steps_arrived(
    session: Session, case: CaseInstance, tasks: Iterable[CaseTask], actor_id: int | None
) -> int:
    """Tell the candidates of each new ready step, except the one who acted."""
    notes = []
    for task in tasks:
        if task.state != TaskState.READY:
            continue
        text = case_notices.message(
            NotificationKind.TASK_ARRIVED,
            kinds.label(case.kind),
            id=case.id,
            title=case.title,
            step=task.name,
            org=task.org.name,
        )
        notes += [
            (user, NotificationKind.TASK_ARRIVED, text, None, link_to(f"/cases/tasks/{task.id}"))
            for user in candidates(session, task)
            if user.id != actor_id
        ]
    notify_many(session, notes, mail=smtp_configured())
    return len(notes)
