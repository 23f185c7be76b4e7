"""Recording an administrator's change (models.AdminEvent) in the transaction that makes it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import AdminEvent, User


def plain(value: object) -> object:
    """A value as the trail stores it (JSON): dates as ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def record(
    session: Session,
    actor: User | None,
    action: str,
    target: User | None = None,
    org_id: int | None = None,
    **detail: object,
) -> AdminEvent:
    event = AdminEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_user_id=target.id if target is not None else None,
        org_id=org_id,
        detail={key: plain(value) for key, value in detail.items()},
    )
    session.add(event)
    session.flush()
    return event


def recent(
    session: Session, user_id: int | None = None, org_id: int | None = None, limit: int = 50
) -> list[AdminEvent]:
    """The latest changes, newest first: those of one account or organisation when named."""
    query = select(AdminEvent).order_by(AdminEvent.id.desc()).limit(limit)
    if user_id is not None or org_id is not None:
        query = query.where(or_(AdminEvent.target_user_id == user_id, AdminEvent.org_id == org_id))
    return list(session.scalars(query))
