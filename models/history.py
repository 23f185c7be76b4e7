"""Year-by-year emulation history of people and collectives, and the initiative register.

Eligibility (workflows.eligibility.checks) reads only these tables: what a person was rated, which
titles and forms they received (with the decision), whether they were under discipline, and
which recognised initiatives are still unused. A decision writes its awards back here, so next
year's check sees them.
"""

from datetime import date, datetime

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
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.award import Award
from models.base import Base, utcnow
from models.org import Organisation

#: task ratings (xếp loại mức độ hoàn thành nhiệm vụ), best first
RATINGS = ("xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh")
#: where a history row came from
SOURCES = ("import", "manual", "decision")
#: how far an initiative's recognition reaches
INITIATIVE_SCOPES = ("co_so", "tinh", "toan_quoc")


class Person(Base):
    """A member of staff of a unit, whether or not they have an account."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("gender IS NULL OR gender IN ('male','female')", name="gender_known"),
        Index("ix_person_org_name", "org_id", "name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the unit the person works in
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    full_name: Mapped[str] = mapped_column(String(120))
    #: full_name folded by workflows.search_text.fold, to match a pasted or imported name
    name_key: Mapped[str] = mapped_column(String(120))
    #: mã cán bộ, when the unit has one; an import matches on it first
    staff_code: Mapped[str | None] = mapped_column(String(40), unique=True)
    gender: Mapped[str | None] = mapped_column(String(10))
    job_title: Mapped[str] = mapped_column(String(120), default="", server_default="")
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), unique=True)
    #: ngày tuyển dụng: LĐTT is not given to someone recruited less than six months before
    recruited_on: Mapped[date | None] = mapped_column(Date)
    #: nhóm nhiệm vụ tương đồng: the HTXSNV cap is counted per agency and per such group
    #: (Decree 335/2025); "" while the agency has not grouped its staff (one group)
    task_group: Mapped[str] = mapped_column(String(80), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    org: Mapped[Organisation] = relationship(lazy="joined")


class PersonMove(Base):
    """A move of a person from one unit to another on a day (chuyển công tác). Person.org_id is
    where the last move put them; these rows say where they were before, so the criteria that
    read time at a unit (LĐTT: the old unit's opinion after six months there, Decree 98/2023
    Art. 6; the members a collective counts in a year) read the unit of the day."""

    __tablename__ = "person_move"
    __table_args__ = (
        CheckConstraint("from_org_id <> to_org_id", name="moves_somewhere"),
        UniqueConstraint("person_id", "moved_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    from_org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    to_org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    #: the first day at the new unit
    moved_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="manual")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    from_org: Mapped[Organisation] = relationship(foreign_keys=[from_org_id], lazy="joined")
    to_org: Mapped[Organisation] = relationship(foreign_keys=[to_org_id], lazy="joined")


class YearRecord(Base):
    """One year of a person or a collective: task rating and disciplinary status."""

    __tablename__ = "year_record"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (org_id IS NULL)", name="one_subject"),
        CheckConstraint(
            "rating IS NULL OR rating IN ('xuat_sac','tot','hoan_thanh','khong_hoan_thanh')",
            name="rating_known",
        ),
        CheckConstraint("source IN ('import','manual','decision')", name="source_known"),
        CheckConstraint(
            "discipline IS NULL OR discipline IN ('khien_trach','canh_cao','ha_bac_luong',"
            "'giang_chuc','cach_chuc','buoc_thoi_viec')",
            name="discipline_known",
        ),
        UniqueConstraint("person_id", "year"),
        UniqueConstraint("org_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    #: set for a collective (a unit); person_id is then NULL
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str | None] = mapped_column(String(20))
    #: bị kỷ luật in that year
    disciplined: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: the level when known (khien_trach < canh_cao < …); None: not disciplined, or not recorded
    discipline: Mapped[str | None] = mapped_column(String(20))
    #: đang bị xem xét kỷ luật, thanh tra, khiếu nại: no award while it lasts (Decree 152 Art. 4)
    under_review: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    source: Mapped[str] = mapped_column(String(20), default="manual")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class AwardRecord(Base):
    """A title or form a person or collective received, with the decision that gave it."""

    __tablename__ = "award_record"
    __table_args__ = (
        CheckConstraint("source IN ('import','manual','decision')", name="source_known"),
        UniqueConstraint("person_id", "year", "award_code"),
        UniqueConstraint("org_id", "year", "award_code"),
        Index("ix_award_record_award_year", "award_code", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: the name as written in the decision: stays readable after a unit is merged or renamed
    subject_name: Mapped[str] = mapped_column(String(255))
    year: Mapped[int] = mapped_column(Integer)
    award_code: Mapped[str] = mapped_column(ForeignKey("award.code"))
    decision_no: Mapped[str] = mapped_column(String(60), default="", server_default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(255), default="", server_default="")
    #: given by the simplified procedure (đột xuất) or thematically: not grounds for merit awards
    one_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id", ondelete="SET NULL"))
    nominee_id: Mapped[int | None] = mapped_column(ForeignKey("nominee.id", ondelete="SET NULL"))
    #: VND, computed at the decision by workflows.awards.money; None for imported rows without it
    bonus_amount: Mapped[int | None] = mapped_column(Integer)
    #: the rule the amount was computed from (coefficient, base salary, decrees)
    bonus_basis: Mapped[str] = mapped_column(Text, default="", server_default="")
    source: Mapped[str] = mapped_column(String(20), default="manual")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: when a decided revocation (models.revocation) cancelled it: the row stays, marked, and
    #: eligibility no longer counts it
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: the decision's document of an award decided outside tdkt
    #: (workflows.proposals.outside_awards): the stored file's SHA-256 in the attachment store
    document_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    document_name: Mapped[str | None] = mapped_column(String(255))
    document_type: Mapped[str | None] = mapped_column(String(100))
    document_size: Mapped[int | None] = mapped_column(Integer)
    #: the officer who recorded it by hand (None for imports and tdkt's own decisions)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    award: Mapped[Award] = relationship(lazy="joined")


class Initiative(Base):
    """A recognised initiative (sáng kiến). It grounds one award only: then it is used."""

    __tablename__ = "initiative"
    __table_args__ = (CheckConstraint("scope IN ('co_so','tinh','toan_quoc')", name="scope_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    #: the author; NULL for an initiative of a collective
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    #: the unit of the author(s)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    #: the year it was recognised in
    year: Mapped[int] = mapped_column(Integer)
    decision_no: Mapped[str] = mapped_column(String(60))
    recognised_on: Mapped[date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(20), default="co_so")
    #: the award it grounded; set once, never reused
    used_award_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("award_record.id", ondelete="SET NULL")
    )
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    used_award_record: Mapped[AwardRecord | None] = relationship()
    author: Mapped[Person | None] = relationship()
    org: Mapped[Organisation] = relationship()
