"""Bonuses per year count every award record with an amount, not only tdkt's decisions: one
recorded from a decision taken outside tdkt, and imported history (the demo's, with amounts
estimated from the rules of its day, marked so), each line saying where it came from. Sums
worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from models import Organisation, Person
from tests.board.test_bonuses_paid import A_LDTT, B_GK, B_LDTT, BK_TINH_CN, TOTAL
from tests.support.bonuses import record_merger_decisions
from tests.support.merger import A_NAME, B_NAME, build
from workflows.awards.money import ESTIMATED
from workflows.history import records
from workflows.ops.demo_history import _estimated_bonus
from workflows.reports import bonus_paid, dashboard
from workflows.reports.dashboard import Scope

CSTDCS_OUTSIDE = 2_340_000  # 1.0 × 2,340,000, as the officer recorded it from the decision
GK_TT_OUTSIDE = 1_410_000  # 0.6 × 2,340,000 = 1,404,000 → 1,410,000
TTLDTT_IMPORTED = 1_880_000  # 0.8 × 2,340,000 = 1,872,000 → 1,880,000, estimated


@pytest.fixture
def world(session):
    merger = build(session)
    record_merger_decisions(session, merger)
    person = Person(
        staff_code="NGOAI-1", full_name="Lò Văn Ngoài", name_key="lo van ngoai", org_id=merger.a1.id
    )
    session.add(person)
    session.flush()
    common = {"year": 2025, "decided_by": "Cấp trên"}
    # Recorded from outside: a person of a1 while a1 was Sở A's, a collective of Sở B.
    records.add_award(
        session, person_id=person.id, subject_name=person.full_name, award_code="CSTDCS",
        decision_no="12/QĐ-NGOAI", decision_date=date(2025, 2, 10), bonus_amount=CSTDCS_OUTSIDE,
        source="manual", **common,
    )  # fmt: skip
    b1: Organisation = merger.b1
    records.add_award(
        session, org_id=b1.id, subject_name=b1.name, award_code="GK_TT",
        decision_no="13/QĐ-NGOAI", decision_date=date(2025, 6, 10), bonus_amount=GK_TT_OUTSIDE,
        source="manual", **common,
    )  # fmt: skip
    records.add_award(
        session, org_id=b1.id, subject_name=b1.name, award_code="TTLDTT",
        decision_no="14/QĐ-CU", decision_date=date(2025, 12, 20), bonus_amount=TTLDTT_IMPORTED,
        bonus_basis=ESTIMATED + "0,8 × 2.340.000 đ", source="import", **common,
    )  # fmt: skip
    session.commit()
    return merger


def test_every_record_with_an_amount_counts_with_its_source(session, world):
    scope = Scope("thử", department_ids=frozenset({world.a.id, world.b.id}))
    [y2025] = bonus_paid.paid(session, scope, 2025, False, dashboard.utcnow().date())
    lines = {
        (x.department, x.award_code, x.source, x.estimated): (x.count, x.amount)
        for x in y2025.lines
    }
    assert lines == {
        (A_NAME, "LDTT", "decision", False): (2, A_LDTT),
        (B_NAME, "LDTT", "decision", False): (4, B_LDTT),
        (B_NAME, "GK_CN", "decision", False): (1, B_GK),
        (B_NAME, "BK_TINH_CN", "decision", False): (1, BK_TINH_CN),
        (A_NAME, "CSTDCS", "outside", False): (1, CSTDCS_OUTSIDE),
        (B_NAME, "GK_TT", "outside", False): (1, GK_TT_OUTSIDE),
        (B_NAME, "TTLDTT", "import", True): (1, TTLDTT_IMPORTED),
    }
    # 8,480,000 + 2,340,000 + 1,410,000 + 1,880,000 = 14,110,000
    assert y2025.total == TOTAL + CSTDCS_OUTSIDE + GK_TT_OUTSIDE + TTLDTT_IMPORTED == 14_110_000
    assert y2025.by_payer()[bonus_paid.PAYER_DEPARTMENT] == 10_600_000


def test_a_department_sees_only_its_own_outside_records(session, world):
    scope = Scope("thử", department_ids=frozenset({world.a.id}))
    [y2025] = bonus_paid.paid(session, scope, 2025, False, dashboard.utcnow().date())
    assert {(x.award_code, x.source) for x in y2025.lines} == {
        ("LDTT", "decision"),
        ("CSTDCS", "outside"),
    }


def test_the_page_the_sheet_and_the_api_name_the_source(login_as, api, world):
    page = login_as("theodoi.btdkt").get("/dashboard/money?year=2025&rollup=0")
    text = page.get_data(as_text=True)
    assert 'data-source="outside"' in text and "Ghi nhận từ quyết định ngoài tdkt" in text
    assert "money-estimated" in text and "số tiền ước tính" in text
    body = api("theodoi.btdkt").ok("GET", "/reports/bonuses?year=2025&rollup=0")
    got = {(x["award_code"], x["source"], x["estimated"]) for x in body["years"][0]["lines"]}
    assert {("GK_TT", "outside", False), ("TTLDTT", "import", True)} <= got


@pytest.mark.parametrize(
    ("award", "target", "day", "amount"),
    [
        # Decree 91/2017's coefficients until 31/12/2023, the base salary of the day
        ("LDTT", "person", date(2023, 12, 22), 540_000),  # 0.3 × 1,800,000
        ("GK_CN", "person", date(2023, 9, 15), 540_000),  # 0.3 × 1,800,000
        ("CSTDCS", "person", date(2023, 12, 22), 1_800_000),  # 1.0 × 1,800,000
        ("TTLDTT", "collective", date(2023, 12, 22), 1_440_000),  # 0.8 × 1,800,000
        # Decree 98/2023 from 1/1/2024: 0.3 × 2,340,000 = 702,000 → 710,000
        ("LDTT", "person", date(2024, 12, 24), 710_000),
    ],
)
def test_the_demo_history_gets_the_amounts_of_its_day_marked_estimated(award, target, day, amount):
    got, basis = _estimated_bonus(award, target, day)
    assert got == amount
    assert basis.startswith(ESTIMATED)
