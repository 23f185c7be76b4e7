"""The timer runner: fires due timers through the path a user's completion takes, then sends mail.

One pass: while an instance has a due timer, lock that instance's row (FOR UPDATE SKIP LOCKED
on PostgreSQL, so several workers each take a different instance and none waits for another;
SQLite's write lock queues them instead), load it, let the engine fire its timers
(refresh_timers + do_engine_steps), sync its inbox rows, save it with its timer rows, and
write one audit event per fired timer and one notification per recipient, all in one
transaction per instance. A timer therefore fires once however many workers run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import AuditAction, Proposal, utcnow
from models.database import begin_write
from workflows.deadlines import due_dates
from workflows.deadlines.calendar import local_date
from workflows.deadlines.mail import SendReport, SmtpSettings, send_due
from workflows.deadlines.notifications import (
    ESCALATION,
    REMINDER,
    escalation_recipients,
    escalation_text,
    notify,
    reminder_recipients,
    reminder_text,
)
from workflows.errors import DomainError
from workflows.process import audit, ballot_notices, handover_notices
from workflows.process.runtime import RunningProcess

log = logging.getLogger(__name__)

#: the audit action written when each kind of timer fires
EVENT = {"reminder": AuditAction.REMINDED, "deadline": AuditAction.OVERDUE}


@dataclass
class PassReport:
    instances: int = 0
    reminders: int = 0
    escalations: int = 0
    notifications: int = 0
    errors: list[str] = field(default_factory=list)
    mail: SendReport = field(default_factory=SendReport)


def run_once(
    factory: Callable[[], Session],
    smtp: SmtpSettings | None,
    base_url: str = "",
    limit: int = 200,
) -> PassReport:
    report = PassReport()
    fire_due_timers(factory, report, smtp is not None, base_url, limit)
    report.mail = send_due(factory, smtp)
    return report


def fire_due_timers(
    factory: Callable[[], Session],
    report: PassReport,
    send_mail: bool = False,
    base_url: str = "",
    limit: int = 200,
) -> PassReport:
    now = utcnow()
    seen: set[int] = set()
    while len(seen) < limit:
        with factory() as session:
            begin_write(session)
            process = RunningProcess.next_due(session, now, seen)
            if process is None:
                session.rollback()
                break
            seen.add(process.instance.id)
            try:
                _advance(session, process, report, send_mail, base_url)
                session.commit()
                report.instances += 1
            except (DomainError, StaleDataError) as exc:
                # Left due: the next pass tries again; the others go on.
                session.rollback()
                log.exception("timers of instance %s did not run", process.instance.id)
                report.errors.append(f"instance {process.instance.id}: {exc}")
    return report


def _advance(
    session: Session, process: RunningProcess, report: PassReport, send_mail: bool, base_url: str
) -> None:
    proposal = session.get_one(Proposal, process.instance.proposal_id)
    outcome = process.fire_timers(proposal)
    # A timer that moves the round on (an interrupting deadline) hands the step over too.
    report.notifications += handover_notices.steps_arrived(session, proposal, outcome.created, None)
    rules = due_dates.rules_for(session)
    for fired in outcome.fired:
        which = fired.which
        # One row for a review step; for a council's ballot, the members yet to cast.
        rows = ballot_notices.rows_for(session, process.instance, fired)
        if which not in EVENT or not rows:
            continue
        task = rows[0]
        audit.record(
            session,
            proposal,
            None,
            EVENT[which],
            from_status=proposal.status,
            element_id=fired.bpmn_id,
            task_name=task.name,
            stage=task.stage,
            data={"task_id": task.id, "due_at": task.due_at.isoformat() if task.due_at else None},
        )
        if which == "reminder":
            report.reminders += 1
            # Each member is reminded of their own ballot.
            people = [(u, row) for row in rows for u in reminder_recipients(session, row, proposal)]
            kind, text = REMINDER, reminder_text(task, proposal)
        else:
            report.escalations += 1
            for row in rows:
                row.overdue_at = utcnow()
            rule = rules.for_step(task.bpmn_id, local_date(task.created_at))
            people = [(u, task) for u in escalation_recipients(session, task, proposal, rule)]
            kind, text = ESCALATION, escalation_text(task, proposal)
        for user, row in people:
            # Another member's ballot is not shown to a supervisor: the proposal is.
            mine = row.assignee_id in (None, user.id)
            path = f"/tasks/{row.id}" if mine else f"/proposals/{proposal.id}"
            link = f"{base_url.rstrip('/')}{path}" if base_url else ""
            notify(
                session,
                user,
                kind,
                text,
                proposal=proposal,
                task=row,
                mail=send_mail,
                link=link,
            )
            report.notifications += 1
    session.flush()
