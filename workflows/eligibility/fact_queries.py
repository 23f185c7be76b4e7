"""The statements the eligibility facts are read with (workflows/eligibility/facts.py).

SQL only, built here and run for a whole list of nominees at once: what the rows mean is
read by people_facts.py and unit_facts.py. Grounds for merit awards never include one-off
awards (simplified procedure, đột xuất); a revoked award stays in the history, marked, but
grounds nothing (Law, handling of violations): the award records read leave it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    CompoundSelect,
    Date,
    Integer,
    Row,
    String,
    and_,
    bindparam,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from models import (
    AwardRecord,
    Initiative,
    Organisation,
    Person,
    PersonMove,
    YearRecord,
)
from workflows.directory import person_unit
from workflows.eligibility.fact_values import GROUNDS
from workflows.history import initiatives

#: initiative scopes that count as provincial or wider
_WIDE_SCOPES = ("tinh", "toan_quoc")


@cache
def history(same_award: bool, windowed: bool) -> CompoundSelect:
    """The people (kind "p": recruitment day, unused initiatives, moves in the year), their
    year records ("y") and the award records the facts read ("a", as `awards`), as one
    UNION ALL of rows of one shape; the columns a kind does not have are typed NULLs.

    Built once per shape with its values bound per call (:people, :year, :lookback_from,
    :year_start, :year_end, :award_code, :from_year): each step of a proposal runs it, and
    building and keying so large a statement cost more than running it (issue 19)."""
    year: Any = bindparam("year", type_=Integer)
    from_year: Any = bindparam("from_year", type_=Integer) if windowed else None
    person_ids: Any = bindparam("people", expanding=True)
    unused = initiatives.unused_where(year, person=Person.id, from_year=from_year)

    def none(kind: Any) -> Any:
        return cast(null(), kind)

    people = select(
        literal("p").label("kind"),
        Person.id.label("subject_id"),
        Person.recruited_on.label("recruited_on"),
        select(func.count(Initiative.id)).where(*unused).scalar_subquery().label("initiatives"),
        select(func.count(Initiative.id))
        .where(*unused, Initiative.scope.in_(_WIDE_SCOPES))
        .scalar_subquery()
        .label("initiatives_tinh"),
        select(func.count(PersonMove.id))
        .where(
            PersonMove.person_id == Person.id,
            PersonMove.moved_on.between(
                bindparam("year_start", type_=Date), bindparam("year_end", type_=Date)
            ),
        )
        .scalar_subquery()
        .label("moves"),
        none(Integer).label("year"),
        none(String).label("code"),
        none(Boolean).label("flag"),
        none(Boolean).label("under_review"),
        none(Integer).label("proposal_id"),
        none(String).label("decision_no"),
        none(Date).label("decision_date"),
    ).where(Person.id.in_(person_ids))
    years = select(
        literal("y"),
        YearRecord.person_id,
        none(Date),
        none(Integer),
        none(Integer),
        none(Integer),
        YearRecord.year,
        YearRecord.rating,
        YearRecord.disciplined,
        YearRecord.under_review,
        none(Integer),
        none(String),
        none(Date),
    ).where(YearRecord.person_id.in_(person_ids), YearRecord.year >= bindparam("lookback_from"))
    wanted = and_(
        AwardRecord.award_code.in_(GROUNDS),
        AwardRecord.one_off.is_(False),
        AwardRecord.year.between(bindparam("lookback_from"), year),
    )
    if same_award:
        wanted = or_(
            wanted,
            and_(
                AwardRecord.year == year,
                AwardRecord.award_code == bindparam("award_code", type_=String),
            ),
        )
    awards = select(
        literal("a"),
        AwardRecord.person_id,
        none(Date),
        none(Integer),
        none(Integer),
        none(Integer),
        AwardRecord.year,
        AwardRecord.award_code,
        AwardRecord.one_off,
        none(Boolean),
        AwardRecord.proposal_id,
        AwardRecord.decision_no,
        AwardRecord.decision_date,
    ).where(AwardRecord.person_id.in_(person_ids), wanted, AwardRecord.revoked_at.is_(None))
    return union_all(people, years, awards)


def moves_up_to(session: Session, person_ids: Sequence[int], year: int) -> Sequence[Row]:
    """Each person's moves between units up to the end of `year`, oldest first, with the name
    of the unit they left."""
    return session.execute(
        select(PersonMove.person_id, PersonMove.moved_on, Organisation.name)
        .join(Organisation, Organisation.id == PersonMove.from_org_id)
        .where(PersonMove.person_id.in_(person_ids), PersonMove.moved_on <= date(year, 12, 31))
        .order_by(PersonMove.person_id, PersonMove.moved_on)
    ).all()


def unused_initiatives(session: Session, person_ids: list[int], year: int) -> Sequence[Row]:
    """The titles and years of the people's initiatives unused in `year`, oldest first."""
    return session.execute(
        select(Initiative.person_id, Initiative.title, Initiative.year)
        .where(*initiatives.unused_where(year), Initiative.person_id.in_(person_ids))
        .order_by(Initiative.year, Initiative.id)
    ).all()


def awards(
    session: Session,
    subject,
    subject_ids: list[int],
    titles,
    year: int,
    award_code: str | None,
) -> Sequence[Row]:
    """The award records the facts read, in one statement: the `titles` that count and, with
    `award_code`, the same award for the year whatever its procedure (given already?)."""
    wanted = titles
    if award_code is not None:
        wanted = or_(wanted, and_(AwardRecord.year == year, AwardRecord.award_code == award_code))
    return session.execute(
        select(
            subject.label("subject_id"),
            AwardRecord.year,
            AwardRecord.award_code,
            AwardRecord.one_off,
            AwardRecord.proposal_id,
            AwardRecord.decision_no,
            AwardRecord.decision_date,
        ).where(subject.in_(subject_ids), wanted, AwardRecord.revoked_at.is_(None))
    ).all()


def ttldxs_of_year(year: int):
    """The condition of a unit's "Tập thể lao động xuất sắc" of `year` (not one-off)."""
    return and_(
        AwardRecord.award_code == "TTLDXS",
        AwardRecord.one_off.is_(False),
        AwardRecord.year == year,
    )


def existing_units(session: Session, org_ids: list[int]) -> list[int]:
    return list(session.scalars(select(Organisation.id).where(Organisation.id.in_(org_ids))))


def unit_year_records(session: Session, org_ids: list[int], year: int) -> Sequence[Row]:
    """The units' own year records from `year` on."""
    return session.execute(
        select(
            YearRecord.org_id,
            YearRecord.year,
            YearRecord.rating,
            YearRecord.disciplined,
            YearRecord.under_review,
        ).where(YearRecord.org_id.in_(org_ids), YearRecord.year >= year)
    ).all()


def members(session: Session, units: list[int], year: int) -> Sequence[Row]:
    """One row per member of each unit (its `root`): people of the unit or below it on 31/12 of
    the year (their moves read) with a record for the year, with whether they hold LĐTT /
    CSTĐCS (not one-off) for it; one recursive statement for all units."""
    tree = (
        select(Organisation.id.label("root"), Organisation.id.label("org_id"))
        .where(Organisation.id.in_(units))
        .cte("unit_tree", recursive=True)
    )
    tree = tree.union_all(
        select(tree.c.root, Organisation.id).where(Organisation.parent_id == tree.c.org_id)
    )

    def holds(code: str):
        return (
            select(AwardRecord.id)
            .where(
                AwardRecord.person_id == YearRecord.person_id,
                AwardRecord.year == year,
                AwardRecord.award_code == code,
                AwardRecord.one_off.is_(False),
                AwardRecord.revoked_at.is_(None),
            )
            .exists()
        )

    return session.execute(
        select(
            tree.c.root,
            YearRecord.rating,
            YearRecord.disciplined,
            YearRecord.discipline,
            holds("LDTT").label("ldtt"),
            holds("CSTDCS").label("cstdcs"),
        )
        .join(Person, Person.id == YearRecord.person_id)
        # the unit of 31/12: someone who moved in or out during the year counts where they ended it
        .join(
            tree, tree.c.org_id == person_unit.unit_at(Person.id, Person.org_id, date(year, 12, 31))
        )
        .where(YearRecord.year == year)
    ).all()
