"""The pledge's trail: every change of a bloc's year is one bloc_event row, with its actor."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import BlocAction, BlocEvent, BlocPledge, User


def record(
    session: Session,
    pledge: BlocPledge,
    actor: User | None,
    action: BlocAction,
    member_id: int | None = None,
    **detail: object,
) -> BlocEvent:
    event = BlocEvent(
        pledge_id=pledge.id,
        actor_id=actor.id if actor else None,
        action=action,
        member_id=member_id,
        detail=detail,
    )
    session.add(event)
    session.flush()
    return event


def trail(session: Session, pledge_id: int) -> list[BlocEvent]:
    return list(
        session.scalars(
            select(BlocEvent).where(BlocEvent.pledge_id == pledge_id).order_by(BlocEvent.id)
        )
    )
