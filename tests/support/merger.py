"""A merger made in the test: two departments of the demo province, Sở A merged into Sở B on
1/3/2025 with its unit moved and renamed, a movement launched by Sở A, and awards decided
before and after (rows written straight into the database; no event engine needed).

    Sở Thử nghiệm Truyền thông (A, ends 28/2/2025) ──merge 1/3/2025──▶ Sở Thử nghiệm Khoa học (B)
      Phòng Thử Báo chí (a1) → under B from 1/3/2025, renamed "Phòng Thử Báo chí – Xuất bản"
                                                              Phòng Thử Công nghệ (b1)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    AwardRecord,
    Headcount,
    Movement,
    MovementParticipant,
    MovementTarget,
    Nominee,
    Organisation,
    OrgEvent,
    OrgEventParty,
    OrgKind,
    OrgName,
    OrgPlacement,
    Proposal,
    User,
)

MERGED_ON = date(2025, 3, 1)
LAST_DAY_OF_A = date(2025, 2, 28)
BEFORE, AFTER = date(2025, 2, 10), date(2025, 12, 20)
A_NAME, A_SHORT = "Sở Thử nghiệm Truyền thông tỉnh Điện Biên", "Sở TN Truyền thông"
B_NAME, B_SHORT = "Sở Thử nghiệm Khoa học tỉnh Điện Biên", "Sở TN Khoa học"
A1_OLD, A1_NEW = "Phòng Thử Báo chí", "Phòng Thử Báo chí – Xuất bản"
B1_NAME = "Phòng Thử Công nghệ"
MOVEMENT = "thu-nghiem-2025"
#: nominees of each decided proposal: (unit, department, decided on, award, how many)
DECISIONS = {
    "a1_before": ("a1", "a", BEFORE, "LDTT", 2),
    "a1_after": ("a1", "b", AFTER, "LDTT", 1),
    "b1_after": ("b1", "b", AFTER, "LDTT", 3),
    "b1_before": ("b1", "b", BEFORE, "GK_CN", 1),
}


@dataclass
class Merger:
    a: Organisation
    b: Organisation
    a1: Organisation
    b1: Organisation
    movement: Movement
    proposals: dict[str, int]


def _org(session, code, name, short, kind, parent, valid_to=None) -> Organisation:
    org = Organisation(
        code=code, name=name, short_name=short, kind=kind, parent_id=parent, valid_to=valid_to
    )
    session.add(org)
    session.flush()
    return org


def build(session: Session) -> Merger:
    province = session.scalar(select(Organisation).where(Organisation.kind == OrgKind.PROVINCE))
    author = session.scalar(select(User.id).where(User.username == "vanthu.cntt"))
    a = _org(session, "tn-a", A_NAME, A_SHORT, OrgKind.DEPARTMENT, province.id, LAST_DAY_OF_A)
    b = _org(session, "tn-b", B_NAME, B_SHORT, OrgKind.DEPARTMENT, province.id)
    a1 = _org(session, "tn-a1", A1_NEW, A1_NEW, OrgKind.UNIT, b.id)
    b1 = _org(session, "tn-b1", B1_NAME, B1_NAME, OrgKind.UNIT, b.id)
    session.add_all(
        [
            OrgName(org_id=a.id, name=A_NAME, short_name=A_SHORT, valid_to=LAST_DAY_OF_A),
            OrgName(org_id=b.id, name=B_NAME, short_name=B_SHORT),
            OrgName(org_id=a1.id, name=A1_OLD, short_name=A1_OLD, valid_to=LAST_DAY_OF_A),
            OrgName(org_id=a1.id, name=A1_NEW, short_name=A1_NEW, valid_from=MERGED_ON),
            OrgName(org_id=b1.id, name=B1_NAME, short_name=B1_NAME),
            OrgPlacement(org_id=a1.id, parent_id=a.id, valid_to=LAST_DAY_OF_A),
            OrgPlacement(org_id=a1.id, parent_id=b.id, valid_from=MERGED_ON),
            OrgPlacement(org_id=b1.id, parent_id=b.id),
        ]
    )
    merge = OrgEvent(kind="merge", effective_on=MERGED_ON, decision_no="1/QĐ-THU")
    merge.parties = [
        OrgEventParty(org_id=a.id, role="predecessor"),
        OrgEventParty(org_id=b.id, role="successor"),
    ]
    move = OrgEvent(kind="transfer", effective_on=MERGED_ON, decision_no="1/QĐ-THU")
    move.parties = [
        OrgEventParty(org_id=a1.id, role="subject"),
        OrgEventParty(org_id=a.id, role="predecessor"),
        OrgEventParty(org_id=b.id, role="successor"),
    ]
    movement = Movement(
        code=MOVEMENT,
        title="Phong trào thử nghiệm năm 2025",
        organiser_id=a.id,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    movement.participants = [MovementParticipant(org_id=a.id)]
    movement.targets = [
        MovementTarget(
            position=1,
            code="1",
            text="Ít nhất 15% cá nhân đạt Lao động tiên tiến",
            subject="individuals",
            metric="share_individuals_ldtt",
            comparator=">=",
            value=15,
        )
    ]
    session.add_all([merge, move, movement])
    session.add_all(
        [
            Headcount(org_id=a1.id, year=2025, persons=10),
            Headcount(org_id=b1.id, year=2025, persons=20),
        ]
    )
    session.flush()
    units, departments = {"a1": a1, "b1": b1}, {"a": a, "b": b}
    proposals = {}
    for key, (unit, department, day, award, n) in DECISIONS.items():
        proposal = Proposal(
            org_id=units[unit].id,
            department_id=departments[department].id,
            award_code=award,
            year=2025,
            title=f"{award} {key}",
            summary="Dữ liệu dựng cho kiểm thử",
            status="approved",
            round=1,
            created_by_id=author,
            movement_id=movement.id if award == "LDTT" else None,
            decision_no=f"{len(proposals) + 1}/QĐ-THU",
            decision_date=day,
            decision_signer="Người Ký Thử",
        )
        proposal.nominees = [
            Nominee(position=i, kind="person", name=f"Cán bộ {key} {i}") for i in range(n)
        ]
        session.add(proposal)
        session.flush()
        proposals[key] = proposal.id
    # The collective's own history: an award under its old name, one under the new.
    session.add_all(
        AwardRecord(
            org_id=a1.id,
            subject_name=name,
            year=year,
            award_code="TTLDTT",
            decision_no=f"{year}/QĐ-THU",
            decision_date=day,
            source="manual",
        )
        for name, year, day in ((A1_OLD, 2024, date(2024, 12, 20)), (A1_NEW, 2025, AFTER))
    )
    session.flush()
    return Merger(a, b, a1, b1, movement, proposals)
