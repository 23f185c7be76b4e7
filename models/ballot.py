"""Secret council ballots: one box per (proposal, round, stage), its tally per nominee, and who
cast a ballot. What a member chose is never stored: only the counts it added to."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.proposal import Stage

#: the stages that have a council voting by secret ballot
COUNCIL_STAGES = (Stage.DEPARTMENT, Stage.PROVINCE)


class BallotBox(Base):
    __tablename__ = "ballot_box"
    __table_args__ = (
        UniqueConstraint("proposal_id", "round", "stage"),
        one_of("stage", COUNCIL_STAGES),
        CheckConstraint("status IN ('open','closed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), index=True
    )
    round: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(20))
    #: the council: its members are the holders of the council role at this organisation
    council_org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    #: members called to vote when the box opened (one ballot task each)
    members_total: Mapped[int] = mapped_column(Integer)
    #: the rule of workflows/data/council_rules.json applied, as it read when the box opened
    rules_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    #: ballots cast by members who took part, and "không tham dự" answers
    present: Mapped[int] = mapped_column(Integer, default=0)
    absent: Mapped[int] = mapped_column(Integer, default=0)
    #: set when the box closes
    quorum_met: Mapped[bool | None] = mapped_column(Boolean)
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    tallies: Mapped[list["BallotTally"]] = relationship(
        back_populates="box", cascade="all, delete-orphan", order_by="BallotTally.id"
    )


class BallotTally(Base):
    """Counts per nominee; the only trace of the choices."""

    __tablename__ = "ballot_tally"
    __table_args__ = (UniqueConstraint("box_id", "nominee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    box_id: Mapped[int] = mapped_column(ForeignKey("ballot_box.id", ondelete="CASCADE"))
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominee.id", ondelete="CASCADE"))
    yes: Mapped[int] = mapped_column(Integer, default=0)
    no: Mapped[int] = mapped_column(Integer, default=0)
    #: set when the box closes: the nominee reached the approval threshold
    passed: Mapped[bool | None] = mapped_column(Boolean)

    box: Mapped[BallotBox] = relationship(back_populates="tallies")


class BallotVoter(Base):
    """That a member answered (and when), never what: a second ballot is refused by the key."""

    __tablename__ = "ballot_voter"
    __table_args__ = (UniqueConstraint("box_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    box_id: Mapped[int] = mapped_column(ForeignKey("ballot_box.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    #: False for "không tham dự": the member did not take part (attendance is in the minutes)
    present: Mapped[bool] = mapped_column(Boolean)
    cast_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
