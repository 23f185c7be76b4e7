"""In-app notifications (the bell), who receives them, and their mail in the outbox.

A notification and its mail are written in one transaction: the mail is queued only when
SMTP is configured and the user has an address, and the worker sends it later.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from models import (
    HumanTask,
    Notification,
    OrgKind,
    OutboxMessage,
    Proposal,
    User,
    utcnow,
)
from workflows.deadlines.calendar import local_date
from workflows.deadlines.due_dates import StepRule
from workflows.directory.access import BOARD, candidates, holders
from workflows.directory.orgs import province_body

REMINDER, ESCALATION = "reminder", "escalation"
_PROVINCE_SCOPES = {
    "board": OrgKind.BOARD,
    "council": OrgKind.COUNCIL,
    "committee": OrgKind.COMMITTEE,
}


def notify(
    session: Session,
    user: User,
    kind: str,
    text: str,
    *,
    proposal: Proposal | None = None,
    task: HumanTask | None = None,
    mail: bool = False,
    link: str = "",
) -> Notification:
    """One notification; with `mail` (SMTP configured), its mail queued in the same transaction."""
    note = Notification(
        user_id=user.id,
        proposal_id=proposal.id if proposal else None,
        task_id=task.id if task else None,
        kind=kind,
        text=text,
    )
    session.add(note)
    session.flush()
    if mail and user.email:
        subject = ("[TĐKT] Nhắc hạn: " if kind == REMINDER else "[TĐKT] Quá hạn: ") + (
            task.name if task else ""
        )
        body = f"Kính gửi {user.full_name},\n\n{text}\n"
        if link:
            body += f"\nXem và xử lý: {link}\n"
        body += "\n-- \nHệ thống Thi đua – Khen thưởng (thư tự động, xin không trả lời)\n"
        session.add(
            OutboxMessage(
                notification_id=note.id, to_address=user.email, subject=subject[:255], body=body
            )
        )
    return note


def _date(moment: datetime | None) -> str:
    return local_date(moment).strftime("%d/%m/%Y") if moment else "?"


def reminder_text(task: HumanTask, proposal: Proposal) -> str:
    return (
        f"Nhắc hạn: bước “{task.name}” của hồ sơ #{proposal.id} “{proposal.title}” "
        f"cần được xử lý trước hết ngày {_date(task.due_at)}."
    )


def escalation_text(task: HumanTask, proposal: Proposal) -> str:
    return (
        f"Quá hạn: bước “{task.name}” của hồ sơ #{proposal.id} “{proposal.title}” "
        f"(chờ {task.org.name}) đã quá hạn ngày {_date(task.due_at)} mà chưa được xử lý; "
        "đề nghị đôn đốc."
    )


def reminder_recipients(session: Session, task: HumanTask, proposal: Proposal) -> list[User]:
    """Who can act on the step: the one who claimed it, else every candidate."""
    if task.claimed_by is not None:
        return [task.claimed_by]
    return candidates(session, task, proposal)


def escalation_recipients(
    session: Session, task: HumanTask, proposal: Proposal, rule: StepRule | None
) -> list[User]:
    """The step's supervisor (rule.escalate_role at the organisation its scope names) and
    everyone holding the board's role, each once."""
    found: dict[int, User] = {}
    if rule is not None:
        for user in holders(session, rule.escalate_role, _scope_org(session, proposal, rule)):
            found[user.id] = user
    for user in holders(session, BOARD, None):
        found.setdefault(user.id, user)
    return sorted(found.values(), key=lambda u: u.username)


def _scope_org(session: Session, proposal: Proposal, rule: StepRule) -> int | None:
    scope = rule.escalate_scope
    if scope == "unit":
        return proposal.org_id
    if scope == "department":
        return proposal.department_id
    if scope in _PROVINCE_SCOPES:
        return province_body(session, proposal.department, _PROVINCE_SCOPES[scope]).id
    return None  # "any": every holder of the role


# --- the bell ------------------------------------------------------------------------------


def unread_count(session: Session, user_id: int) -> int:
    return session.execute(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    ).scalar_one()


def for_user(session: Session, user_id: int, limit: int = 100) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def mark_read(session: Session, user_id: int, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all when `ids` is None); others' are left alone."""
    query = (
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    # An UPDATE's result is a CursorResult, which Session.execute's type does not say.
    return cast(CursorResult, session.execute(query)).rowcount
