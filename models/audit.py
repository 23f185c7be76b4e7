"""The audit trail: one row per state change of a proposal, never updated."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.people import User
from models.proposal import ProposalStatus, Stage


class AuditAction(StrEnum):
    """What an audit event records. A step completed with an Action is written in the past
    tense (approve → approved); the rest are what people and the engine do around steps."""

    CREATED = "created"
    EDITED = "edited"
    SUBMITTED = "submitted"
    RESUBMITTED = "resubmitted"  #: submitted again after a return (round > 1)
    APPROVED = "approved"
    RETURNED = "returned"
    REJECTED = "rejected"
    DECIDED = "decided"  #: the last step approved: the award is granted
    CLAIMED = "claimed"
    RELEASED = "released"
    ATTACHMENT_ADDED = "attachment_added"
    ATTACHMENT_DELETED = "attachment_deleted"
    REMINDED = "reminded"  #: a step's reminder timer fired
    OVERDUE = "overdue"  #: a step's deadline timer fired
    BALLOT_CAST = "ballot_cast"  #: a council member answered (never what they chose)
    BALLOT_CLOSED = "ballot_closed"  #: the last member answered: the tally is published
    NO_QUORUM = "no_quorum"  #: too few members took part: the council meets again next round
    #: an organisation event (merge, split, transfer, dissolve) moved the proposal or its step
    ORG_EVENT = "org_event"
    #: an administrator moved the running round to another version of the diagrams
    VERSION_MIGRATED = "version_migrated"
    #: a reviewer proposed a lower award for a nominee, who went on in a new proposal
    LOWERED = "lowered"
    #: the proposal was split from another one by a lowering (its first event)
    SPLIT_FROM = "split_from"
    #: the revocation of one of the proposal's awards was proposed, checked, decided or refused
    REVOCATION_PROPOSED = "revocation_proposed"
    REVOCATION_CHECKED = "revocation_checked"
    REVOKED = "revoked"
    REVOCATION_REFUSED = "revocation_refused"


#: the audit actions of a person completing a review step (a ballot aside), which end the time
#: spent waiting for it
STEP_COMPLETIONS = (
    AuditAction.SUBMITTED,
    AuditAction.RESUBMITTED,
    AuditAction.APPROVED,
    AuditAction.RETURNED,
    AuditAction.REJECTED,
    AuditAction.DECIDED,
)


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_proposal", "proposal_id", "id"),
        one_of("action", AuditAction),
        one_of("from_status", ProposalStatus),
        one_of("to_status", ProposalStatus),
        one_of("stage", Stage),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: None for what the engine did by itself
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(20))
    round: Mapped[int] = mapped_column(Integer)
    #: the BPMN element the event concerns, so the path taken can be drawn
    element_id: Mapped[str | None] = mapped_column(String(100))
    task_name: Mapped[str | None] = mapped_column(String(255))
    comment: Mapped[str | None] = mapped_column(Text)
    #: JSON of the step's form fields (vote tally, decision number, ...)
    data_json: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship(lazy="joined")
