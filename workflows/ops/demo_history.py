"""Loads workflows/data/demo_history.json (plausible demo staff, ratings, awards, initiatives).

Idempotent like the rest of `tdkt demo`: people are matched on their staff code, years and
awards on subject-year(-award), initiatives on unit, author, title and decision.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, Person, User
from workflows.history import initiatives, records
from workflows.reference import DATA_DIR
from workflows.search_text import fold

#: the department each demo decision was signed in
DECIDED_BY = {"sotttt": "Giám đốc Sở Thông tin và Truyền thông", "soyte": "Giám đốc Sở Y tế"}


def _day(text: str):
    return datetime.strptime(text, "%d/%m/%Y").date()


def load_demo_history(session: Session) -> None:
    data = json.loads((DATA_DIR / "demo_history.json").read_text(encoding="utf-8"))
    orgs = {o.code: o for o in session.scalars(select(Organisation))}
    users = {u.username: u.id for u in session.scalars(select(User))}
    by_code: dict[str, Person] = {}
    for row in data["people"]:
        person = session.scalar(select(Person).where(Person.staff_code == row["code"]))
        user_id = users.get(row.get("username", ""))
        if person is None and user_id is not None:
            # Linked earlier from a proposal naming the account: the same person.
            person = session.scalar(select(Person).where(Person.user_id == user_id))
            if person is not None:
                person.staff_code = row["code"]
        if person is None:
            person = Person(staff_code=row["code"])
            session.add(person)
        person.org_id = orgs[row["org"]].id
        person.full_name, person.name_key = row["name"], fold(row["name"])
        person.gender, person.job_title = row["gender"], row["job_title"]
        person.is_leader = row["leader"]
        person.user_id = user_id
        person.recruited_on = _day(row["recruited_on"])
        session.flush()
        by_code[row["code"]] = person
        for year, rating in row["years"].items():
            records.set_year(
                session,
                person_id=person.id,
                year=int(year),
                rating=rating,
                under_review=int(year) in row.get("under_review", []),
                note=row.get("note", "") if int(year) in row.get("under_review", []) else "",
                source="import",
            )
        for code, year, number, day in row["awards"]:
            _award(
                session,
                person.full_name,
                {"person_id": person.id},
                row["org"],
                code,
                year,
                number,
                day,
            )
    for row in data["collectives"]:
        org = orgs[row["org"]]
        for year, rating in row["years"].items():
            records.set_year(session, org_id=org.id, year=int(year), rating=rating, source="import")
        for code, year, number, day in row["awards"]:
            _award(session, org.name, {"org_id": org.id}, row["org"], code, year, number, day)
    for row in data["initiatives"]:
        author = by_code[row["author"]] if row["author"] else None
        initiative = initiatives.register(
            session,
            title=row["title"],
            org_id=orgs[row["org"]].id,
            person_id=author.id if author else None,
            year=row["year"],
            decision_no=row["decision_no"],
            recognised_on=_day(row["recognised_on"]),
            scope=row["scope"],
        )
        if row.get("used_for") and initiative.used_award_record_id is None and author:
            code, year = row["used_for"]
            record = records.find_award(
                session,
                person_id=author.id,
                org_id=None,
                subject_name=author.full_name,
                year=year,
                award_code=code,
            )
            if record is not None:
                initiatives.mark_used(session, initiative, record)
    session.flush()


def _award(session, name, subject, org_code, code, year, number, day) -> None:
    existing = records.find_award(
        session,
        person_id=subject.get("person_id"),
        org_id=subject.get("org_id"),
        subject_name=name,
        year=year,
        award_code=code,
    )
    if existing is None:
        records.add_award(
            session,
            **subject,
            subject_name=name,
            year=year,
            award_code=code,
            decision_no=number,
            decision_date=_day(day),
            decided_by=DECIDED_BY[org_code.split("-")[0]],
            source="import",
        )
