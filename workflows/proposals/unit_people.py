"""People a nominator may pick as nominees: the unit's staff with accounts, earlier nominees.

A nominator files the same names year after year; picking one fills the row with what was
written last time (title, gender, leader flag) instead of typing it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Nominee, Organisation, Proposal, RoleAssignment, RoleCode, User
from workflows.directory.roles_held import held_on
from workflows.search_text import fold
from workflows.vn_collation import person_key

#: earlier nominee rows read per unit; the newest win when a name repeats
HISTORY_LIMIT = 2000
#: roles whose holders are leaders (cán bộ lãnh đạo, quản lý) of the unit
LEADER_ROLES = (RoleCode.UNIT_HEAD,)


@dataclass(frozen=True)
class Person:
    #: what a form sends back to pick this person: "u:<username>" or "n:<nominee id>"
    key: str
    name: str
    job_title: str
    unit_name: str
    gender: str | None
    is_leader: bool
    username: str | None

    def as_row(self) -> dict:
        return {
            "name": self.name,
            "job_title": self.job_title,
            "unit_name": self.unit_name,
            "gender": self.gender or "",
            "is_leader": self.is_leader,
            "username": self.username or "",
        }


def people_of(session: Session, unit: Organisation) -> list[Person]:
    """Accounts with a role at `unit` and the persons it nominated before, by given name."""
    found: dict[str, Person] = {}
    accounts = session.execute(
        select(User, RoleAssignment.role_code)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.org_id == unit.id, User.active.is_(True), held_on())
    )
    for user, role in accounts:
        current = found.get(fold(user.full_name))
        leader = role in LEADER_ROLES or (current is not None and current.is_leader)
        found[fold(user.full_name)] = Person(
            f"u:{user.username}", user.full_name, "", unit.name, None, leader, user.username
        )
    rows = session.execute(
        select(Nominee, User.username)
        .join(Proposal, Proposal.id == Nominee.proposal_id)
        .outerjoin(User, User.id == Nominee.user_id)
        .where(Proposal.org_id == unit.id, Nominee.kind == "person")
        .order_by(Nominee.id.desc())
        .limit(HISTORY_LIMIT)
    )
    for nominee, username in rows:
        name = fold(nominee.name)
        if name in found and found[name].key.startswith("n:"):
            continue  # a newer row of the same person was read first
        account = found.get(name)
        found[name] = Person(
            f"n:{nominee.id}",
            nominee.name,
            nominee.job_title,
            nominee.unit_name or unit.name,
            nominee.gender,
            nominee.is_leader or bool(account and account.is_leader),
            username or (account.username if account else None),
        )
    return sorted(found.values(), key=lambda p: person_key(p.name))


def pick(people: list[Person], key: str | None) -> Person | None:
    """The person sent back by a form, only if the list offered them."""
    return next((p for p in people if p.key == key), None)
