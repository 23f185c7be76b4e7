"""The inbox: indexed queries over human-task rows, never a scan of workflows."""

from __future__ import annotations

from sqlalchemy import exists, not_, or_, select
from sqlalchemy.orm import Session, lazyload

from models import HumanTask, Nominee, Proposal, Role, User

from .access import candidate_clause


def inbox_query(user: User):
    """Ready tasks the user may act on: claimed by them, or open to their role at that organisation.

    A reviewer never sees a proposal they filed or are nominated in.
    """
    reviewer_role = exists().where(Role.code == HumanTask.role_code, Role.reviewer.is_(True))
    conflict = or_(
        Proposal.created_by_id == user.id,
        exists().where(Nominee.proposal_id == Proposal.id, Nominee.user_id == user.id),
    )
    return (
        select(HumanTask, Proposal)
        .join(Proposal, Proposal.id == HumanTask.proposal_id)
        .where(
            HumanTask.state == "ready",
            candidate_clause(user),
            or_(not_(reviewer_role), not_(conflict)),
        )
        .order_by(*inbox_order())
        # The inbox shows neither the author nor the nominees; loading them (the author's roles,
        # the nominees' selectin) cost a query each per listing.
        .options(lazyload(Proposal.created_by), lazyload(Proposal.nominees))
    )


def inbox_order() -> tuple:
    """Soonest due date first, undated steps after them; then the longest waiting first.

    The due date is the deadlines' column (human_task.due_at) when the model has it, read like
    workflows.dashboard.due_at does; without it the inbox is ordered by age alone.
    """
    due = getattr(HumanTask, "due_at", None)
    by_due = (due.is_(None), due) if due is not None else ()
    return (*by_due, HumanTask.created_at, HumanTask.id)


def inbox(session: Session, user: User, limit: int = 500) -> list[tuple[HumanTask, Proposal]]:
    return [tuple(row) for row in session.execute(inbox_query(user).limit(limit))]
