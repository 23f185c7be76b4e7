"""A proposal (hồ sơ đề nghị khen thưởng) and its nominees."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.award import Award
from models.base import Base, one_of, utcnow
from models.movement import Movement
from models.org import Organisation
from models.people import User


class ProposalStatus(StrEnum):
    DRAFT = "draft"  #: being prepared by the nominator, not yet submitted
    IN_REVIEW = "in_review"  #: somewhere in the review chain
    RETURNED = "returned"  #: sent back to the nominator for revision
    APPROVED = "approved"  #: decided: the award is granted
    REJECTED = "rejected"  #: refused with a reason; final


FINAL_STATUSES = (ProposalStatus.APPROVED, ProposalStatus.REJECTED)


class Stage(StrEnum):
    """The level of the chain a step belongs to (a user task's property `stage`), in the
    order a proposal goes through them."""

    UNIT = "unit"  #: the unit that files: its nominator and its head
    DEPARTMENT = "department"  #: the department's secretariat, council and Director
    ENDORSEMENT = "endorsement"  #: the emulation bloc or cluster (khối / cụm thi đua)
    PROVINCE = "province"  #: the provincial board, council and the Chairman


TITLE_MAX = 255
SUMMARY_MAX = 10_000
NAME_MAX = 120


class Proposal(Base):
    __tablename__ = "proposal"
    __table_args__ = (
        one_of("status", ProposalStatus),
        one_of("stage", Stage),
        one_of("resume_stage", Stage),
        CheckConstraint("round >= 1", name="round_positive"),
        CheckConstraint("procedure IN ('normal','simplified')", name="procedure_known"),
        Index("ix_proposal_department_status", "department_id", "status"),
        Index("ix_proposal_status_stage", "status", "stage"),
        # The board's list is ordered by last change and paged: walk an index in that order.
        Index("ix_proposal_updated", "updated_at", "id"),
        Index("ix_proposal_status_year_updated", "status", "year", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the unit that files the proposal
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: the unit's department, kept to scope reads without walking the tree
    department_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    award_code: Mapped[str] = mapped_column(ForeignKey("award.code"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.DRAFT)
    #: stage of the current task or None when final
    stage: Mapped[str | None] = mapped_column(String(20))
    #: review round: 1 at filing, +1 at every return for revision
    round: Mapped[int] = mapped_column(Integer, default=1)
    #: the stage a resubmission goes back to (the one that returned it)
    resume_stage: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: the reason given by the last return or the rejection
    last_reason: Mapped[str | None] = mapped_column(Text)
    decision_no: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[date | None] = mapped_column(Date)
    decision_signer: Mapped[str | None] = mapped_column(String(NAME_MAX))
    #: pins the process version every round of this proposal runs on
    process_version_id: Mapped[int | None] = mapped_column(ForeignKey("process_version.id"))
    #: the emulation movement the proposal answers; None for rows filed before movements existed
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movement.id"), index=True)
    #: title and nominee names folded (lower case, no marks, đ → d) by workflows.search_text
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: "normal", or "simplified" (thủ tục đơn giản, Law Art. 85) for awards that allow it;
    #: a simplified proposal is not bound by its movement's submission deadline
    procedure: Mapped[str] = mapped_column(String(20), default="normal", server_default="normal")
    #: the Law Art. 85 case a simplified proposal relies on (data/simplified_cases.json)
    simplified_case: Mapped[str | None] = mapped_column(String(40))
    #: the proposal this one was split from when a reviewer lowered some of its nominees to
    #: another award (workflows.process.lowering); the other way is a query on this column
    split_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="SET NULL"), index=True
    )
    #: the unit's approved registration the proposal was filed from (workflows.registration.
    #: filing): the targets count registered → proposed → awarded through it
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL"), index=True
    )

    org: Mapped[Organisation] = relationship(foreign_keys=[org_id], lazy="joined")
    department: Mapped[Organisation] = relationship(foreign_keys=[department_id])
    award: Mapped[Award] = relationship(lazy="joined")
    created_by: Mapped[User] = relationship(lazy="joined")
    movement: Mapped[Movement | None] = relationship()
    nominees: Mapped[list["Nominee"]] = relationship(
        back_populates="proposal",
        cascade="all, delete-orphan",
        order_by="Nominee.position",
        lazy="selectin",
    )

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES


class Nominee(Base):
    __tablename__ = "nominee"
    __table_args__ = (
        CheckConstraint("kind IN ('person','collective')", name="kind_known"),
        CheckConstraint("status IN ('active','voted_down','lowered')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    #: order in the list as filed
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    #: chức vụ for a person; empty for a collective
    job_title: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    #: the unit the nominee works in, as written in the dossier
    unit_name: Mapped[str] = mapped_column(String(255), default="")
    gender: Mapped[str | None] = mapped_column(String(10))
    achievements: Mapped[str] = mapped_column(Text, default="")
    #: set when the nominee has an account, so they cannot review their own nomination
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    #: cán bộ lãnh đạo, quản lý (reports split leaders from front-line workers)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: the person in the history registry (models.history.Person), for a person nominee
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    #: the unit a collective nominee is, when it is one of the catalogue's organisations
    subject_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    #: "active", or "voted_down" when a council ballot did not approve this nominee: the
    #: proposal goes on for the others, and no award or money is given to this one; "lowered"
    #: when a reviewer proposed a lower award for them: they go on in another proposal
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    #: the nominee's row in the proposal that goes on for the lower award (process.lowering)
    lowered_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("nominee.id", ondelete="SET NULL"), index=True
    )

    proposal: Mapped[Proposal] = relationship(back_populates="nominees")
