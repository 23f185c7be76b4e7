"""A small province of organisations made in the test (the demo's own story is another part's):
two departments under Điện Biên with a unit or two each, their people, records, accounts and
roles, a movement and a bloc membership. Every account's password is the suite's PASSWORD.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from models import (
    AwardRecord,
    GroupMembership,
    Headcount,
    Initiative,
    Movement,
    MovementParticipant,
    Organisation,
    Person,
    User,
    YearRecord,
)
from tests.support.accounts import PASSWORD
from workflows.directory.users import assign, get_or_create_user
from workflows.search_text import fold

SINCE = date(2020, 1, 1)
#: code → (name, short name, kind, parent code)
ORGS = {
    "t-so-a": ("Sở Thử nghiệm A tỉnh Điện Biên", "Sở A", "department", "dienbien"),
    "t-so-a-vp": ("Văn phòng Sở A", "VP Sở A", "unit", "t-so-a"),
    "t-so-a-kt": ("Phòng Kỹ thuật Sở A", "Phòng KT", "unit", "t-so-a"),
    "t-so-b": ("Sở Thử nghiệm B tỉnh Điện Biên", "Sở B", "department", "dienbien"),
    "t-so-b-vp": ("Văn phòng Sở B", "VP Sở B", "unit", "t-so-b"),
}
#: username → (full name, [(role, organisation code)])
USERS = {
    "nm.a": ("Lò Thị Nga", [("nominator", "t-so-a-vp")]),
    "head.a": ("Quàng Văn Hải", [("unit_head", "t-so-a-vp")]),
    "head.b": ("Điêu Thị Bích", [("unit_head", "t-so-b-vp")]),
    "sec.a": ("Tòng Văn Sáng", [("dept_secretariat", "t-so-a")]),
    "sec.b": ("Cà Thị Sen", [("dept_secretariat", "t-so-b")]),
    "council.a": ("Lường Văn Công", [("dept_council", "t-so-a")]),
}


@dataclass
class OrgWorld:
    ids: dict[str, int]
    people: list[int]

    def __getitem__(self, code: str) -> int:
        return self.ids[code]


def build(session) -> OrgWorld:
    """Writes the world into `session` (flushed, not committed)."""
    ids: dict[str, int] = {}
    for code, (name, short, kind, parent) in ORGS.items():
        parent_id = ids.get(parent) or session.scalar(
            select(Organisation.id).where(Organisation.code == parent)
        )
        org = Organisation(
            code=code, name=name, short_name=short, kind=kind, parent_id=parent_id, valid_from=SINCE
        )
        session.add(org)
        session.flush()
        ids[code] = org.id
    for username, (full_name, roles) in USERS.items():
        user = get_or_create_user(session, username, full_name, PASSWORD)
        for role, org in roles:
            assign(session, user, role, org)
    people = []
    for i, (unit, user) in enumerate(
        [("t-so-a-vp", "nm.a"), ("t-so-a-vp", None), ("t-so-a-vp", None), ("t-so-a-kt", None)]
    ):
        name = f"Cán bộ thử {i}"
        account = session.scalar(select(User).where(User.username == user)) if user else None
        person = Person(
            org_id=ids[unit],
            full_name=name,
            name_key=fold(name),
            staff_code=f"T-{i}",
            user_id=account.id if account else None,
        )
        session.add(person)
        session.flush()
        people.append(person.id)
        session.add(YearRecord(person_id=person.id, year=2024, rating="tot"))
    unit_a = ids["t-so-a-vp"]
    session.add(YearRecord(org_id=unit_a, year=2024, rating="xuat_sac"))
    session.add(
        AwardRecord(
            org_id=unit_a,
            subject_name=ORGS["t-so-a-vp"][0],
            year=2024,
            award_code="TTLDTT",
            decision_no="12/QĐ-SA",
            source="manual",
        )
    )
    session.add(
        Initiative(
            title="Sáng kiến tập thể",
            org_id=unit_a,
            year=2024,
            decision_no="5/QĐ-HĐSK",
            recognised_on=date(2024, 11, 1),
        )
    )
    session.add(Headcount(org_id=unit_a, year=2025, persons=3, women=1, leaders=1))
    movement = Movement(
        code="t-pt-2025",
        title="Phong trào thử nghiệm năm 2025",
        organiser_id=ids["t-so-a"],
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    session.add(movement)
    session.flush()
    session.add_all(
        MovementParticipant(movement_id=movement.id, org_id=ids[code])
        for code in ("t-so-a", "t-so-a-vp")
    )
    bloc = session.scalar(select(Organisation.id).where(Organisation.code == "khoi-vhxh"))
    session.add(GroupMembership(grouping_id=bloc, member_id=ids["t-so-a"], valid_from=SINCE))
    session.flush()
    return OrgWorld(ids, people)
