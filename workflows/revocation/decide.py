"""The decider's step (`decide`, through the case runtime) and what a decided revocation does
to the award (`revoke`): the record is marked revoked (`revoked_at`, never deleted), so
eligibility stops counting it (workflows.eligibility.facts), and the initiatives the award used
are freed only when the revocation says so."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import Initiative, Revocation, RevocationStatus, User, utcnow
from workflows.process.registry import ProcessRegistry
from workflows.revocation import inputs, service
from workflows.revocation.diagram import DECIDE


def revoke(session: Session, revocation: Revocation) -> list[int]:
    """Mark the award revoked; the ids of the initiatives freed (none unless said)."""
    revocation.status = RevocationStatus.REVOKED
    record = revocation.award_record
    record.revoked_at = revocation.decided_at or utcnow()
    if not revocation.release_initiatives:
        return []
    released = list(
        session.scalars(select(Initiative.id).where(Initiative.used_award_record_id == record.id))
    )
    if released:
        session.execute(
            update(Initiative)
            .where(Initiative.id.in_(released))
            .values(used_award_record_id=None, used_at=None)
            .execution_options(synchronize_session="fetch")
        )
    return released


def decide(
    session: Session, registry: ProcessRegistry, user: User, revocation_id: int, payload: object
) -> Revocation:
    """The decider's step: revoke (with the decision's number and date) or refuse. The whole
    body is checked before anything is read or locked."""
    action, comment = inputs.action(payload)
    step: dict[str, str] = {"action": action, "reason": comment}
    if action == "approve":
        number, day = inputs.decision(payload)
        step |= {"decision_no": number, "decision_date": day.strftime("%d/%m/%Y")}
    return service.take_step(session, registry, user, revocation_id, DECIDE, step)
