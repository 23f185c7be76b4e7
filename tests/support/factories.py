"""Rows written straight into the test database: people of a unit, their year and awards,
and a proposal with nominees (no workflow: the services under test read only these)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models import (
    AwardRecord,
    Initiative,
    Nominee,
    Organisation,
    Person,
    Proposal,
    User,
    YearRecord,
)
from workflows.search_text import fold


def org(session, code: str) -> Organisation:
    return session.scalar(select(Organisation).where(Organisation.code == code))


def people(session, unit_code: str, n: int, prefix: str) -> list[Person]:
    unit = org(session, unit_code)
    rows = [
        Person(org_id=unit.id, full_name=f"{prefix} {i}", name_key=fold(f"{prefix} {i}"))
        for i in range(n)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def rate(session, persons: list[Person], year: int, rating: str) -> None:
    session.add_all(YearRecord(person_id=p.id, year=year, rating=rating) for p in persons)
    session.flush()


def give(session, persons: list[Person], year: int, award_code: str) -> None:
    session.add_all(
        AwardRecord(
            person_id=p.id,
            subject_name=p.full_name,
            year=year,
            award_code=award_code,
            decision_no=f"{year}/QĐ-TEST",
            source="manual",
        )
        for p in persons
    )
    session.flush()


def initiative(session, person: Person, year: int, scope: str = "co_so") -> Initiative:
    row = Initiative(
        title=f"Sáng kiến của {person.full_name}",
        person_id=person.id,
        org_id=person.org_id,
        year=year,
        decision_no=f"{year}/QĐ-HĐSK",
        recognised_on=date(year, 11, 1),
        scope=scope,
    )
    session.add(row)
    session.flush()
    return row


def proposal(
    session, award_code: str, year: int, nominees: list[Person], unit_code: str = "sotttt-cntt"
) -> Proposal:
    unit = org(session, unit_code)
    author = session.scalar(select(User).where(User.username == "vanthu.cntt"))
    row = Proposal(
        org_id=unit.id,
        department_id=unit.parent_id,
        award_code=award_code,
        year=year,
        title=f"Đề nghị {award_code} năm {year}",
        summary="Thành tích năm",
        status="in_review",
        round=1,
        created_by_id=author.id,
    )
    for i, p in enumerate(nominees):
        row.nominees.append(
            Nominee(position=i, kind="person", name=p.full_name, person_id=p.id, status="active")
        )
    session.add(row)
    session.flush()
    return row
