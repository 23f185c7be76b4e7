"""Emulation movements (phong trào thi đua) with their targets, and headcounts per organisation.

A movement is data, loaded from workflows/data/movements/: what it asks, who takes part, and
the measurable targets ("chỉ tiêu") the board checks decisions against.
"""

from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of
from models.org import Organisation


class MovementStatus(StrEnum):
    OPEN = "open"  #: proposals may be filed under it
    CLOSED = "closed"  #: reviewed (tổng kết); kept for history and reports


class Movement(Base):
    __tablename__ = "movement"
    __table_args__ = (
        one_of("status", MovementStatus),
        CheckConstraint("period_end >= period_start", name="period_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable identifier used by the data files and the API, e.g. "sotttt-2025"
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    #: the theme (chủ đề) as written in the launching document
    theme: Mapped[str] = mapped_column(Text, default="")
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    #: where the movement is reviewed (tổng kết), e.g. "Hội nghị triển khai kế hoạch năm 2026"
    review_at: Mapped[str] = mapped_column(String(255), default="")
    #: the launching document and the instruments it implements
    source_ref: Mapped[str] = mapped_column(Text, default="")
    #: last day to file proposals under the movement (normal procedure;
    #: workflows.awards.procedure)
    submission_deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=MovementStatus.OPEN)

    organiser: Mapped[Organisation] = relationship(lazy="joined")
    # The lists load on access: most reads of a movement (a proposal's, a filing's choice) show
    # its code and title only. The queries that show them ask for them
    # (workflows.movements.registry).
    contents: Mapped[list["MovementContent"]] = relationship(
        back_populates="movement",
        cascade="all, delete-orphan",
        order_by="MovementContent.position",
    )
    participants: Mapped[list["MovementParticipant"]] = relationship(
        back_populates="movement", cascade="all, delete-orphan"
    )
    targets: Mapped[list["MovementTarget"]] = relationship(
        back_populates="movement",
        cascade="all, delete-orphan",
        order_by="MovementTarget.position",
    )

    @property
    def years(self) -> range:
        return range(self.period_start.year, self.period_end.year + 1)

    def __repr__(self) -> str:
        return f"<Movement {self.code}>"


class MovementContent(Base):
    """A numbered line of the movement's content (nội dung phong trào), as written."""

    __tablename__ = "movement_content"
    __table_args__ = (UniqueConstraint("movement_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    #: the number printed in the document (the seed skips 7, so it is kept, not recomputed)
    number: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)

    movement: Mapped[Movement] = relationship(back_populates="contents")


class MovementParticipant(Base):
    __tablename__ = "movement_participant"
    __table_args__ = (UniqueConstraint("movement_id", "org_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)

    movement: Mapped[Movement] = relationship(back_populates="participants")
    org: Mapped[Organisation] = relationship(lazy="joined")


class MovementTarget(Base):
    """A target line; measurable when it names a metric, otherwise text only."""

    __tablename__ = "movement_target"
    __table_args__ = (
        UniqueConstraint("movement_id", "code"),
        CheckConstraint("subject IN ('collectives','individuals')", name="subject_known"),
        CheckConstraint("comparator IN ('>=','=')", name="comparator_known"),
        CheckConstraint("value >= 0 AND value <= 100", name="value_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    #: the words of the launching document, exactly as written
    text: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(20))
    #: what is counted (workflows/movements/targets.py METRICS); None for a text-only target
    metric: Mapped[str | None] = mapped_column(String(60))
    #: ">=" when the document says "trở lên", "=" when it states a plain figure
    comparator: Mapped[str | None] = mapped_column(String(2))
    #: percent
    value: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    #: what the percentage is of, in words, e.g. "trong số tập thể đạt TTLĐTT"
    base: Mapped[str] = mapped_column(String(255), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    movement: Mapped[Movement] = relationship(back_populates="targets")

    @property
    def measurable(self) -> bool:
        return self.metric is not None and self.value is not None


class Headcount(Base):
    """How many people an organisation has in a year: the base of every individual target."""

    __tablename__ = "headcount"
    __table_args__ = (
        UniqueConstraint("org_id", "year"),
        CheckConstraint("persons >= 0", name="persons_nonnegative"),
        CheckConstraint("women >= 0 AND women <= persons", name="women_within"),
        CheckConstraint("leaders >= 0 AND leaders <= persons", name="leaders_within"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    year: Mapped[int] = mapped_column(Integer)
    persons: Mapped[int] = mapped_column(Integer)
    women: Mapped[int] = mapped_column(Integer, default=0)
    #: cán bộ lãnh đạo, quản lý among the persons
    leaders: Mapped[int] = mapped_column(Integer, default=0)
    #: where the figures come from (a report, or "plausible demo figures")
    source: Mapped[str] = mapped_column(Text, default="")

    org: Mapped[Organisation] = relationship(lazy="joined")
