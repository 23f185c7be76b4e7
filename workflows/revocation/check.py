"""The provincial board's check of a proposed revocation: agree (on to whoever decided the
award) or refuse with a reason. What it writes is the case kind's (workflows.revocation.kind)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Revocation, User
from workflows.process.registry import ProcessRegistry
from workflows.revocation import inputs, service
from workflows.revocation.diagram import CHECK


def check(
    session: Session, registry: ProcessRegistry, user: User, revocation_id: int, payload: object
) -> Revocation:
    action, comment = inputs.action(payload)
    step = {"action": action, "reason": comment}
    return service.take_step(session, registry, user, revocation_id, CHECK, step)
