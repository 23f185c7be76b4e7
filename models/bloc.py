"""A bloc's or cluster's year (giao ước thi đua Khối/Cụm): the pledge with its scoring table,
each member's self-score with evidence, the cross-check, the members' secret ballot on the
ranking, the ranking and the endorsements it gives; one trail row per change (bloc_event).

The rules of the year (peers cross-check or not, the tie-break order, how many units are
endorsed for which award, the ballot's quorum and threshold) are copied from the dated rules
in force when the pledge is made (BlocPledge.rules): a newer version never changes a year
already under way."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.org import Organisation

CRITERION_NAME_MAX = 500
EVIDENCE_MAX = 1000
REASON_MAX = 2000
#: a criterion's maximum, in points: no scoring table gives one criterion more than 1,000
POINTS_MAX = 1000


class PledgeStatus(StrEnum):
    """Where the year stands, in the order bpmn/bloc_scoring.bpmn goes through it."""

    DRAFT = "draft"  #: the head edits the scoring table; members sign
    SCORING = "scoring"  #: members self-score; the head (and peers) cross-check
    VOTING = "voting"  #: the members' secret ballot on the proposed ranking
    RANKED = "ranked"  #: the ranking is final; endorsements given


class CriterionKind(StrEnum):
    CRITERION = "criterion"  #: a scored criterion, 0..max
    BONUS = "bonus"  #: điểm thưởng, 0..max, added
    PENALTY = "penalty"  #: điểm trừ, 0..max, subtracted


class EntryStatus(StrEnum):
    PENDING = "pending"  #: not scored yet
    SUBMITTED = "submitted"  #: self-scored, waiting for the cross-check
    RETURNED = "returned"  #: sent back with a reason, to be scored again
    CHECKED = "checked"  #: accepted by the cross-check


class BlocAction(StrEnum):
    PLEDGE_CREATED = "pledge_created"
    TABLE_EDITED = "table_edited"
    SIGNED = "signed"
    SCORING_OPENED = "scoring_opened"
    SELF_SCORED = "self_scored"
    SCORE_ACCEPTED = "score_accepted"
    SCORE_RETURNED = "score_returned"
    BALLOT_OPENED = "ballot_opened"
    BALLOT_CAST = "ballot_cast"
    RANKED = "ranked"
    ENDORSED = "endorsed"  #: a proposal's endorsement step completed from the ranking
    HEADS_ELECTED = "heads_elected"


class BlocPledge(Base):
    __tablename__ = "bloc_pledge"
    __table_args__ = (
        UniqueConstraint("grouping_id", "year", name="uq_bloc_pledge_year"),
        one_of("status", PledgeStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    grouping_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=PledgeStatus.DRAFT)
    title: Mapped[str] = mapped_column(String(255))
    #: the bloc's rules in force when the pledge was made (workflows/data/bloc_rules.json)
    rules: Mapped[dict] = mapped_column(JSON, default=dict)
    #: where the data comes from when it is not the users' own work (the demo says so)
    source_note: Mapped[str | None] = mapped_column(String(255))
    #: the secret ballot on the ranking: who was called, who came; never who voted what
    ballot_members: Mapped[int] = mapped_column(Integer, default=0)
    ballot_present: Mapped[int] = mapped_column(Integer, default=0)
    ballot_absent: Mapped[int] = mapped_column(Integer, default=0)
    ranked_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    grouping: Mapped[Organisation] = relationship()
    criteria: Mapped[list["BlocCriterion"]] = relationship(
        back_populates="pledge", order_by="BlocCriterion.position", cascade="all, delete-orphan"
    )
    entries: Mapped[list["BlocEntry"]] = relationship(
        back_populates="pledge", order_by="BlocEntry.id", cascade="all, delete-orphan"
    )


class BlocCriterion(Base):
    """One line of the scoring table."""

    __tablename__ = "bloc_criterion"
    __table_args__ = (
        one_of("kind", CriterionKind),
        CheckConstraint(f"max_points > 0 AND max_points <= {POINTS_MAX}", name="max_points_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(
        ForeignKey("bloc_pledge.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default=CriterionKind.CRITERION)
    name: Mapped[str] = mapped_column(String(CRITERION_NAME_MAX))
    max_points: Mapped[int] = mapped_column(Integer)
    #: what evidence a score of this line needs (empty: none)
    evidence: Mapped[str] = mapped_column(String(EVIDENCE_MAX), default="")

    pledge: Mapped[BlocPledge] = relationship(back_populates="criteria")


class BlocEntry(Base):
    """A member of the bloc in the year: its signature, its score's state, its place."""

    __tablename__ = "bloc_entry"
    __table_args__ = (
        UniqueConstraint("pledge_id", "member_id", name="uq_bloc_entry_member"),
        one_of("status", EntryStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(
        ForeignKey("bloc_pledge.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(String(20), default=EntryStatus.PENDING)
    return_reason: Mapped[str | None] = mapped_column(Text)
    total: Mapped[int | None] = mapped_column(Integer)
    rank: Mapped[int | None] = mapped_column(Integer)
    #: the ballot's counts for this member; never who voted what
    votes_yes: Mapped[int] = mapped_column(Integer, default=0)
    votes_no: Mapped[int] = mapped_column(Integer, default=0)
    #: the award code the ranking endorses the member for (Cờ thi đua, Bằng khen), if any
    endorsed_for: Mapped[str | None] = mapped_column(String(40))

    pledge: Mapped[BlocPledge] = relationship(back_populates="entries")
    member: Mapped[Organisation] = relationship()
    scores: Mapped[list["BlocScore"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan"
    )


class BlocScore(Base):
    __tablename__ = "bloc_score"
    __table_args__ = (
        UniqueConstraint("entry_id", "criterion_id", name="uq_bloc_score_line"),
        CheckConstraint("points >= 0", name="points_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("bloc_entry.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("bloc_criterion.id", ondelete="CASCADE"))
    points: Mapped[int] = mapped_column(Integer)
    #: the evidence the member cites (document number, report, link)
    evidence: Mapped[str] = mapped_column(String(EVIDENCE_MAX), default="")

    entry: Mapped[BlocEntry] = relationship(back_populates="scores")
    criterion: Mapped[BlocCriterion] = relationship()


class BlocEvidence(Base):
    """A file a member gives as evidence for one line of its self-score (a report, a decision's
    scan). The bytes are in the attachment store under their SHA-256, checked as a proposal's
    attachments are (workflows.proposals.attachments.hold)."""

    __tablename__ = "bloc_evidence"
    __table_args__ = (CheckConstraint("size >= 0", name="size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("bloc_entry.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("bloc_criterion.id", ondelete="CASCADE"))
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    entry: Mapped[BlocEntry] = relationship()
    criterion: Mapped[BlocCriterion] = relationship()


class BlocVoter(Base):
    """Who answered the ballot for a member, and when; never what."""

    __tablename__ = "bloc_voter"
    __table_args__ = (UniqueConstraint("pledge_id", "member_id", name="uq_bloc_voter_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(ForeignKey("bloc_pledge.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    present: Mapped[bool] = mapped_column(Boolean)
    cast_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BlocEvent(Base):
    """The pledge's trail: one row per change, never updated."""

    __tablename__ = "bloc_event"
    __table_args__ = (one_of("action", BlocAction),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(
        ForeignKey("bloc_pledge.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
