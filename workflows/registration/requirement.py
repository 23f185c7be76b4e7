"""Where the province requires registration (đăng ký thi đua), and the nominees it flags.

The rule is dated data (data/registration_required.json): a version applies to the proposals
of a year when it is in force on 1 January of that year, the day the year's registrations are
made. A nominee is registered when an approved registration of that year has a line for them
(a person by the staff registry, a collective by its unit) with the proposal's award. A nominee
who is not is flagged, with the rule and its legal basis; the reviewer decides. Only a version
that says "refuse" would stop the filing, and none does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Nominee, Proposal, Registration, RegistrationLine, RegistrationStatus
from workflows.errors import N_, Text
from workflows.reference import DATA_DIR

FLAG, REFUSE = "flag", "refuse"


@dataclass(frozen=True)
class Requirement:
    valid_from: date
    valid_to: date | None
    awards: frozenset[str]
    action: str
    legal_basis: str

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Flag:
    """One nominee proposed for a title they did not register that year."""

    nominee_id: int
    name: str
    award_code: str
    year: int
    action: str
    legal_basis: str

    @property
    def message(self) -> Text:
        return N_(
            "%(name)s chưa đăng ký thi đua danh hiệu %(award)s năm %(year)s, "
            "trong khi quy định của tỉnh yêu cầu đăng ký",
            name=self.name,
            award=self.award_code,
            year=self.year,
        )


@cache
def shipped() -> tuple[Requirement, ...]:
    raw = json.loads((DATA_DIR / "registration_required.json").read_text(encoding="utf-8"))
    return tuple(
        Requirement(
            date.fromisoformat(row["valid_from"]),
            date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
            frozenset(row["awards"]),
            row["action"],
            row["legal_basis"],
        )
        for row in raw["rules"]
    )


def for_year(year: int) -> Requirement | None:
    """The version the proposals of `year` answer to, if registration is required then."""
    day = date(year, 1, 1)
    return next((r for r in shipped() if r.covers(day)), None)


def required(award_code: str, year: int) -> Requirement | None:
    rule = for_year(year)
    return rule if rule is not None and award_code in rule.awards else None


def flags(session: Session, proposal: Proposal) -> list[Flag]:
    """The proposal's active nominees not registered for its award in its year (none when the
    province does not require registration of that award that year)."""
    rule = required(proposal.award_code, proposal.year)
    if rule is None:
        return []
    nominees = [n for n in proposal.nominees if n.status == "active"]
    if not nominees:
        return []
    people, units = registered(session, proposal.award_code, proposal.year)
    return [
        Flag(n.id, n.name, proposal.award_code, proposal.year, rule.action, rule.legal_basis)
        for n in nominees
        if not _is_registered(n, people, units)
    ]


def _is_registered(nominee: Nominee, people: set[int], units: set[int]) -> bool:
    if nominee.kind == "person":
        return nominee.person_id is not None and nominee.person_id in people
    return nominee.subject_org_id is not None and nominee.subject_org_id in units


def registered(session: Session, award_code: str, year: int) -> tuple[set[int], set[int]]:
    """(persons, units as collectives) registered for `award_code` in `year` and approved."""
    rows = session.execute(
        select(RegistrationLine.person_id, Registration.org_id)
        .join(Registration, Registration.id == RegistrationLine.registration_id)
        .where(
            Registration.year == year,
            Registration.status == RegistrationStatus.APPROVED,
            RegistrationLine.award_code == award_code,
        )
    ).all()
    people = {pid for pid, _ in rows if pid is not None}
    units = {org for pid, org in rows if pid is None}
    return people, units


@dataclass(frozen=True)
class Check:
    """What a proposal's readers are shown: the rule that applies and the nominees it flags."""

    rule: Requirement
    award_code: str
    year: int
    flags: list[Flag]


def check(session: Session, proposal: Proposal) -> Check | None:
    """None when the province does not require registration of the award that year."""
    rule = required(proposal.award_code, proposal.year)
    if rule is None:
        return None
    return Check(rule, proposal.award_code, proposal.year, flags(session, proposal))
