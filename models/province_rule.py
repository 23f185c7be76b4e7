"""The province's own rules as dated data (Decree 152 Art. 6(2)(c) and the province's acts):
one row per version of a rule, overlaying the defaults shipped in workflows/data/ by date.

A row is never edited but for one thing: a newer version of the same rule closes it (its
`valid_to` becomes the day before the newer one starts), and the newer row names the row it
closed and what its end date was before, so the table is its own audit trail.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, one_of, utcnow
from models.people import User


class RuleKind(StrEnum):
    """Which reader a rule overlays, and so which date it is read on."""

    #: quorum and approval of a council (key: level, or level:award), on the ballot's opening
    COUNCIL = "council"
    #: how long a process step may wait (key: the step id), on the day the step starts
    STEP_DEADLINE = "step_deadline"
    #: the province's year-end deadline for normal proposals (key: "normal"), on filing
    YEAR_DEADLINE = "year_deadline"
    #: the dossier of an award (key: procedure:award), on the proposal's submission
    DOSSIER = "dossier"


class ProvinceRule(Base):
    __tablename__ = "province_rule"
    __table_args__ = (
        Index("ix_province_rule_kind_key", "kind", "key", "valid_from", unique=True),
        one_of("kind", RuleKind),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(80))
    #: the rule itself, in the shape its kind's reader parses (workflows/rulebook/kinds.py)
    value: Mapped[dict] = mapped_column(JSON)
    #: first day in force; last day in force (inclusive), None while in force
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    #: the act and article, e.g. "Quyết định số 12/2026/QĐ-UBND, Điều 5"
    source: Mapped[str] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: the version this one closed, and the end date that version had before
    replaced_id: Mapped[int | None] = mapped_column(ForeignKey("province_rule.id"))
    replaced_valid_to: Mapped[date | None] = mapped_column(Date)

    created_by: Mapped[User | None] = relationship(lazy="joined")
