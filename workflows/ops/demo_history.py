"""Loads workflows/data/demo_history.json (plausible demo staff, ratings, awards, initiatives).

Idempotent like the rest of `tdkt demo`: people are matched on their staff code, years and
awards on subject-year(-award), initiatives on unit, author, title and decision. A person works
where their last move (`moves`) up to `until` put them; an award decided after `until` is not
loaded, and its signer is the head of the department its subject belonged to on the decision
day (Sở TT&TT before the merger, Sở KH&CN after), and its bonus is what the dated rules of
that day give (coefficient × base salary, workflows.awards.money), marked an estimate.
Ratings and initiatives are loaded whatever `until` says: the suite files 2025 proposals
whose eligibility reads them.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, Person, PersonMove, User
from workflows.awards import money
from workflows.directory.org_history import department_on
from workflows.history import initiatives, records
from workflows.reference import DATA_DIR
from workflows.search_text import fold


def _day(text: str):
    return datetime.strptime(text, "%d/%m/%Y").date()


def load_demo_history(session: Session, until: date | None = None) -> None:
    data = json.loads((DATA_DIR / "demo_history.json").read_text(encoding="utf-8"))
    orgs = {o.code: o for o in session.scalars(select(Organisation))}
    history = _History(session, orgs, data["deciders"], until)
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
        person.org_id = history.org_of(row, until).id
        person.full_name, person.name_key = row["name"], fold(row["name"])
        person.gender, person.job_title = row["gender"], row["job_title"]
        person.is_leader = row["leader"]
        person.user_id = user_id
        person.recruited_on = _day(row["recruited_on"])
        session.flush()
        history.record_moves(person, row)
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
            if not history.recorded(day):
                continue
            org = history.org_of(row, _day(day))
            history.award(person.full_name, {"person_id": person.id}, org, code, year, number, day)
    for row in data["collectives"]:
        org = orgs[row["org"]]
        for year, rating in row["years"].items():
            records.set_year(session, org_id=org.id, year=int(year), rating=rating, source="import")
        for code, year, number, day in row["awards"]:
            if not history.recorded(day):
                continue
            history.award(org.name, {"org_id": org.id}, org, code, year, number, day)
    where_now = {code: person.org_id for code, person in by_code.items()}
    for row in data["initiatives"]:
        author = by_code[row["author"]] if row["author"] else None
        if author is not None:
            # Registered in the unit that recognised it, where the author worked then (the
            # register checks that); moved back to where they work now below.
            author.org_id = orgs[row["org"]].id
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
    for code, org_id in where_now.items():
        by_code[code].org_id = org_id
    session.flush()


class _History:
    """Where people worked and who signed their awards, as of a day."""

    def __init__(self, session: Session, orgs: dict[str, Organisation], deciders, until):
        self.session, self.orgs, self.deciders, self.until = session, orgs, deciders, until

    def org_of(self, row: dict, day: date | None) -> Organisation:
        code = row["org"]
        for moved_to, moved_on in row.get("moves", []):
            if day is None or _day(moved_on) <= day:
                code = moved_to
        return self.orgs[code]

    def record_moves(self, person: Person, row: dict) -> None:
        """The person's moves up to `until`, as the registry keeps them (workflows.history.moves),
        so the criteria see where they were in earlier years."""
        was = row["org"]
        for moved_to, moved_on in row.get("moves", []):
            day = _day(moved_on)
            if self.until is not None and day > self.until:
                break
            known = self.session.scalar(
                select(PersonMove.id).where(
                    PersonMove.person_id == person.id, PersonMove.moved_on == day
                )
            )
            if known is None:
                self.session.add(
                    PersonMove(
                        person_id=person.id,
                        from_org_id=self.orgs[was].id,
                        to_org_id=self.orgs[moved_to].id,
                        moved_on=day,
                        source="import",
                    )
                )
            was = moved_to

    def recorded(self, day: str) -> bool:
        """Whether a decision of `day` was recorded by `until`."""
        return self.until is None or _day(day) <= self.until

    def award(self, name, subject, org: Organisation, code, year, number, day) -> None:
        decided_on = _day(day)
        department = department_on(self.session, org, decided_on)
        if department is None:
            raise ValueError(f"demo_history.json: {org.code} has no department on {day}")
        existing = records.find_award(
            self.session,
            person_id=subject.get("person_id"),
            org_id=subject.get("org_id"),
            subject_name=name,
            year=year,
            award_code=code,
        )
        amount, basis = _estimated_bonus(
            code, "person" if "person_id" in subject else "collective", decided_on
        )
        if existing is None:
            records.add_award(
                self.session,
                **subject,
                subject_name=name,
                year=year,
                award_code=code,
                decision_no=number,
                decision_date=decided_on,
                decided_by=self.deciders[department.code],
                bonus_amount=amount,
                bonus_basis=basis,
                source="import",
            )
        elif existing.bonus_amount is None and existing.source == "import":
            # loaded before the demo gave its history amounts
            existing.bonus_amount, existing.bonus_basis = amount, basis


def _estimated_bonus(code: str, target: str, day: date) -> tuple[int | None, str]:
    """The amount the dated rules give an award decided on `day` (its coefficient and the base
    salary of that day), marked an estimate: the demo's history records no amounts."""
    try:
        amount, rule = money.bonus_for(code, target, day)
    except money.NoBonusRule:
        return None, ""
    return amount, money.ESTIMATED + rule.basis_vi(amount)
