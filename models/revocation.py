"""The revocation (hủy bỏ quyết định khen thưởng) of one award record: Law on Emulation and
Commendation, chapter on handling violations. Its steps are those of bpmn/revocation.bpmn:
proposed, checked by the provincial board, decided by whoever decided the award."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.history import AwardRecord
from models.people import User


class RevocationStatus(StrEnum):
    PROPOSED = "proposed"  #: waiting for the board's check
    CHECKED = "checked"  #: the board agreed: waiting for the decider
    REVOKED = "revoked"  #: decided: the award is revoked (the record is marked, not deleted)
    REFUSED = "refused"  #: the board or the decider refused it; the award stands


#: statuses of a revocation still under way: an award has at most one of them
OPEN_STATUSES = (RevocationStatus.PROPOSED, RevocationStatus.CHECKED)

#: who decides: the Director or the Chairman in tdkt; `authority`: the body outside tdkt that
#: decided the award (a ministry, the Prime Minister, or one recorded from outside), whose
#: revoking decision the board records
DECIDER_ROLES = ("director", "chairman", "authority")

REASON_MAX = 4000
BASIS_MAX = 1000


class Revocation(Base):
    __tablename__ = "revocation"
    __table_args__ = (
        one_of("status", RevocationStatus),
        one_of("decider_role", DECIDER_ROLES),
        Index("ix_revocation_award_record", "award_record_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    award_record_id: Mapped[int] = mapped_column(ForeignKey("award_record.id", ondelete="CASCADE"))
    #: the proposal whose decision gave the award (its audit trail records every step)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=RevocationStatus.PROPOSED)
    reason: Mapped[str] = mapped_column(Text)
    #: the article of law or the finding the revocation relies on
    legal_basis: Mapped[str] = mapped_column(Text)
    #: whether the initiatives the award used become available again (the revocation says so)
    release_initiatives: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    #: VND to recover and how it was worked out (workflows.awards.money.recovery)
    recover_amount: Mapped[int] = mapped_column(Integer, default=0)
    recover_basis: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: who decides: the role that decided the award, at decider_org_id
    decider_role: Mapped[str] = mapped_column(String(20))
    decider_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: the revoking decision's number and date
    decision_no: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[date | None] = mapped_column(Date)
    #: who signed the revoking decision (recorded for one received from an authority)
    decision_signer: Mapped[str | None] = mapped_column(String(255))
    #: the revoking decision's document received from the authority (attachment store)
    document_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    document_name: Mapped[str | None] = mapped_column(String(255))
    document_type: Mapped[str | None] = mapped_column(String(100))
    document_size: Mapped[int | None] = mapped_column(Integer)
    #: why the board or the decider refused it
    refusal: Mapped[str | None] = mapped_column(Text)

    award_record: Mapped[AwardRecord] = relationship(lazy="joined")
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id])
