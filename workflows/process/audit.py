"""Writing the audit trail: every state change of a proposal is one row."""

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Proposal, User


def record(
    session: Session,
    proposal: Proposal,
    actor: User | None,
    action: str,
    *,
    from_status: str | None = None,
    comment: str | None = None,
    element_id: str | None = None,
    task_name: str | None = None,
    stage: str | None = None,
    data: dict | None = None,
    round_: int | None = None,
) -> AuditEvent:
    event = AuditEvent(
        proposal_id=proposal.id,
        actor_id=actor.id if actor else None,
        action=action,
        from_status=from_status,
        to_status=proposal.status,
        stage=stage if stage is not None else proposal.stage,
        round=round_ if round_ is not None else proposal.round,
        element_id=element_id,
        task_name=task_name,
        comment=comment or None,
        data_json=json.dumps(data, ensure_ascii=False) if data else None,
    )
    session.add(event)
    return event


def history(session: Session, proposal_id: int) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.proposal_id == proposal_id).order_by(AuditEvent.id)
        )
    )


def history_rows(session: Session, proposal_id: int) -> list:
    """The trail as plain rows (the event's columns and the actor's username), for answers that
    only print it: no event or user objects to build."""
    return list(
        session.execute(
            select(
                AuditEvent.at,
                User.username.label("actor"),
                AuditEvent.action,
                AuditEvent.from_status,
                AuditEvent.to_status,
                AuditEvent.comment,
                AuditEvent.stage,
                AuditEvent.round,
                AuditEvent.task_name,
                AuditEvent.element_id,
                AuditEvent.data_json,
            )
            .outerjoin(User, User.id == AuditEvent.actor_id)
            .where(AuditEvent.proposal_id == proposal_id)
            .order_by(AuditEvent.id)
        )
    )
