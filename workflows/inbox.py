"""The inbox: indexed queries over human-task rows, never a scan of workflows."""

from __future__ import annotations

from sqlalchemy import exists, not_, or_, select
from sqlalchemy.orm import Session

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
        .order_by(HumanTask.created_at, HumanTask.id)
    )


def inbox(session: Session, user: User, limit: int = 500) -> list[tuple[HumanTask, Proposal]]:
    return [tuple(row) for row in session.execute(inbox_query(user).limit(limit))]
