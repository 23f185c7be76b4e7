"""Organisations (a tree) and the emulation groupings departments belong to."""

from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of


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

    parent: Mapped["Organisation | None"] = relationship(
        remote_side=[id], back_populates="children"
    )
    children: Mapped[list["Organisation"]] = relationship(back_populates="parent")

    def ancestor(self, kind: str) -> "Organisation | None":
        node: Organisation | None = self
        while node is not None and node.kind != kind:
            node = node.parent
        return node

    def __repr__(self) -> str:
        return f"<Organisation {self.code}>"


class GroupMembership(Base):
    """A department's membership in a bloc or cluster (khối / cụm thi đua)."""

    __tablename__ = "group_membership"
    __table_args__ = (UniqueConstraint("grouping_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grouping_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)

    grouping: Mapped[Organisation] = relationship(foreign_keys=[grouping_id])
    member: Mapped[Organisation] = relationship(foreign_keys=[member_id])
