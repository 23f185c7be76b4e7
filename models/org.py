"""Organisations (a tree that changes with dated events) and the emulation groupings
departments belong to.

An organisation lives from `valid_from` to `valid_to` (both inclusive; None is "since ever" /
"still exists"). Its name and its place in the tree have histories (`OrgName`, `OrgPlacement`);
the columns `name`, `short_name` and `parent_id` hold the latest ones, which is what most pages
read. Events (`OrgEvent`) say why the tree changed, on which date, on whose decision, and which
organisations were predecessors and successors (`OrgEventParty`).
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
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


class OrgKind(StrEnum):
    PROVINCE = "province"
    COMMITTEE = "committee"  #: UBND tỉnh, whose Chairman decides provincial awards
    BOARD = "board"  #: Ban Thi đua – Khen thưởng tỉnh
    COUNCIL = "council"  #: Hội đồng Thi đua – Khen thưởng tỉnh
    DEPARTMENT = "department"
    UNIT = "unit"
    BLOC = "bloc"  #: khối thi đua
    CLUSTER = "cluster"  #: cụm thi đua


GROUPING_KINDS = (OrgKind.BLOC, OrgKind.CLUSTER)


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (one_of("kind", OrgKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable short identifier used by the CLI and the demo data, e.g. "stttt-dienbien"
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    short_name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: first and last day it existed (inclusive); None: since before tdkt's records / still does
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    #: where a fact about it comes from when it is not a published act, e.g. "plausible demo data"
    source_note: Mapped[str | None] = mapped_column(String(255))

    parent: Mapped["Organisation | None"] = relationship(
        remote_side=[id], back_populates="children"
    )
    children: Mapped[list["Organisation"]] = relationship(back_populates="parent")

    def exists_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def ancestor(self, kind: str) -> "Organisation | None":
        node: Organisation | None = self
        while node is not None and node.kind != kind:
            node = node.parent
        return node

    def __repr__(self) -> str:
        return f"<Organisation {self.code}>"


class OrgName(Base):
    """One name an organisation bore, and when (a rename closes one row and opens the next)."""

    __tablename__ = "org_name"
    __table_args__ = (UniqueConstraint("org_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    short_name: Mapped[str] = mapped_column(String(120))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class OrgPlacement(Base):
    """Where in the tree an organisation stood, and when (a transfer moves a unit to another
    department: the old row closes, a new one opens)."""

    __tablename__ = "org_placement"
    __table_args__ = (UniqueConstraint("org_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class GroupMembership(Base):
    """A department's membership in a bloc or cluster (khối / cụm thi đua), for a span of dates
    (membership changes with mergers; None is open-ended)."""

    __tablename__ = "group_membership"
    __table_args__ = (UniqueConstraint("grouping_id", "member_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grouping_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    grouping: Mapped[Organisation] = relationship(foreign_keys=[grouping_id])
    member: Mapped[Organisation] = relationship(foreign_keys=[member_id])


class GroupingHead(Base):
    """The member heading a bloc or cluster for one emulation year, and its deputy (they
    rotate yearly, elected at the year-end meeting)."""

    __tablename__ = "grouping_head"
    __table_args__ = (UniqueConstraint("grouping_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grouping_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    head_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    #: the minutes or decision that records the election
    basis: Mapped[str | None] = mapped_column(String(255))

    grouping: Mapped[Organisation] = relationship(foreign_keys=[grouping_id])
    head: Mapped[Organisation] = relationship(foreign_keys=[head_id])
    deputy: Mapped[Organisation | None] = relationship(foreign_keys=[deputy_id])


class OrgEventKind(StrEnum):
    RENAME = "rename"
    MERGE = "merge"  #: several predecessors into one successor (which may be one of them)
    SPLIT = "split"  #: one predecessor into several successors, each with its share
    TRANSFER = "transfer"  #: a unit moves to another department
    DISSOLVE = "dissolve"
    ESTABLISH = "establish"


class OrgEvent(Base):
    """A dated change of the tree and the act that decided it."""

    __tablename__ = "org_event"
    __table_args__ = (one_of("kind", OrgEventKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    #: the first day of the new state
    effective_on: Mapped[date] = mapped_column(Date, index=True)
    #: the act: number ("1234/QĐ-UBND"), date, who issued it
    decision_no: Mapped[str] = mapped_column(String(120))
    decision_date: Mapped[date | None] = mapped_column(Date)
    issued_by: Mapped[str | None] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(Text)
    #: e.g. "plausible demo data: Điện Biên's exact split is not published"
    source_note: Mapped[str | None] = mapped_column(String(255))
    #: what moved, counted when it was applied (people, proposals, accounts…): the audit's figures
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    parties: Mapped[list["OrgEventParty"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="OrgEventParty.id"
    )


class PartyRole(StrEnum):
    PREDECESSOR = "predecessor"  #: ends (merge, split, dissolve) or is renamed/moved
    SUCCESSOR = "successor"  #: takes over (merge, split), or the department a unit moves to
    SUBJECT = "subject"  #: the organisation renamed or transferred (it continues)


class OrgEventParty(Base):
    __tablename__ = "org_event_party"
    __table_args__ = (one_of("role", PartyRole),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("org_event.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    #: in a split, what this successor takes ("báo chí, xuất bản"); free text for people to read
    share: Mapped[str | None] = mapped_column(String(255))

    event: Mapped[OrgEvent] = relationship(back_populates="parties")
    org: Mapped[Organisation] = relationship()
