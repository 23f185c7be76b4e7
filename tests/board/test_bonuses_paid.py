"""Bonuses paid per year from the amounts the decisions stated, checked against sums worked by
hand; as recorded and rolled up into the successor; the page, its .xlsx and API v1."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models import User
from tests.support.bonuses import record_merger_decisions
from tests.support.merger import A_NAME, B_NAME, build
from workflows.reports import bonus_paid, dashboard
from workflows.reports.dashboard import Scope

ROLLED = f"{B_NAME}, gồm cả {A_NAME} trước đây"
# Every amount is what its decision recorded: coefficient × base salary of the decision date
# (2,340,000 đ from 1/7/2024, Decree 73/2024), rounded up to the next 10,000 đ.
LDTT = 710_000  # 0.3 × 2,340,000 = 702,000 → 710,000 (Decree 98/2023 and 152/2025 alike)
GK_CN = 710_000  # 0.3 × 2,340,000 = 702,000 → 710,000
BK_TINH_CN = 3_510_000  # 1.5 × 2,340,000 = 3,510,000 (Decree 152/2025, decided 20/12/2025)
A_LDTT = 2 * LDTT  # a1_before: 2 persons, Sở A on 10/2/2025 = 1,420,000
B_LDTT = (1 + 3) * LDTT  # a1_after 1 + b1_after 3, Sở B on 20/12/2025 = 2,840,000
B_GK = 1 * GK_CN  # b1_before: 1 person, Sở B on 10/2/2025 = 710,000
DEPARTMENTS_FUND = A_LDTT + B_LDTT + B_GK  # 1,420,000 + 2,840,000 + 710,000 = 4,970,000
PROVINCE_FUND = BK_TINH_CN  # 3,510,000
TOTAL = DEPARTMENTS_FUND + PROVINCE_FUND  # 8,480,000


@pytest.fixture
def world(session):
    merger = build(session)
    ids = record_merger_decisions(session, merger)
    session.commit()
    return merger, ids


def _lines(year: bonus_paid.Year) -> dict[tuple[str, str], tuple[int, int]]:
    return {(line.department, line.award_code): (line.count, line.amount) for line in year.lines}


def test_the_sums_worked_by_hand_as_recorded(session, world):
    merger, _ = world
    scope = Scope("thử", department_ids=frozenset({merger.a.id, merger.b.id}))
    [y2025] = bonus_paid.paid(session, scope, None, False, dashboard.utcnow().date())
    assert y2025.year == 2025
    assert _lines(y2025) == {
        (A_NAME, "LDTT"): (2, A_LDTT),
        (B_NAME, "LDTT"): (4, B_LDTT),
        (B_NAME, "GK_CN"): (1, B_GK),
        (B_NAME, "BK_TINH_CN"): (1, BK_TINH_CN),
    }
    assert A_LDTT == 1_420_000 and B_LDTT == 2_840_000 and TOTAL == 8_480_000
    assert y2025.by_payer() == {
        bonus_paid.PAYER_DEPARTMENT: DEPARTMENTS_FUND,
        bonus_paid.PAYER_PROVINCE: PROVINCE_FUND,
    }
    assert y2025.total == TOTAL and y2025.count == 8


def test_rolled_up_the_merged_department_pays_in_its_successor(session, world):
    merger, _ = world
    scope = Scope("thử", department_ids=frozenset({merger.a.id, merger.b.id}))
    [y2025] = bonus_paid.paid(session, scope, 2025, True, dashboard.utcnow().date())
    assert _lines(y2025) == {
        (ROLLED, "LDTT"): (6, A_LDTT + B_LDTT),  # 1,420,000 + 2,840,000 = 4,260,000
        (ROLLED, "GK_CN"): (1, B_GK),
        (ROLLED, "BK_TINH_CN"): (1, BK_TINH_CN),
    }
    assert y2025.total == TOTAL
    assert bonus_paid.paid(session, scope, 2024, True, dashboard.utcnow().date()) == []


def test_the_page_and_the_budget_spreadsheet(login_as, world):
    client = login_as("theodoi.btdkt")
    page = client.get("/dashboard/money?year=2025&rollup=0").get_data(as_text=True)
    assert "1.420.000 ₫" in page and "3.510.000 ₫" in page
    response = client.get("/dashboard/money.xlsx?year=2025&rollup=0")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == 2025]
    ours = "Quyết định trong tdkt"
    assert (2025, A_NAME, "Lao động tiên tiến", "Sở, ban, ngành", ours, 2, A_LDTT) in rows
    assert (2025, B_NAME, "Cộng đơn vị", None, None, None, B_LDTT + B_GK + BK_TINH_CN) in rows
    assert (2025, None, "Cộng nguồn UBND tỉnh", "UBND tỉnh", None, None, PROVINCE_FUND) in rows
    year_total = next(r for r in rows if r[2] == "Tổng cộng năm")
    # the board's province may hold other decisions of 2025: at least ours, and consistent
    lines = [r for r in rows if r[3] in ("Sở, ban, ngành", "UBND tỉnh") and r[5] is not None]
    assert year_total[6] == sum(r[6] for r in lines) >= TOTAL


def test_the_api_rolled_up_by_default(api, world):
    body = api("theodoi.btdkt").ok("GET", "/reports/bonuses?year=2025")
    assert body["rolled_up"] is True and body["currency"] == "VND"
    [y2025] = body["years"]
    ours = {(x["department"], x["award_code"]): x["amount"] for x in y2025["lines"]}
    assert ours[(ROLLED, "LDTT")] == A_LDTT + B_LDTT


@pytest.mark.parametrize(("username", "status"), [("vanthu.cntt", 403), ("giamdoc.tttt", 200)])
def test_who_reads_the_money(api, username, status, session):
    assert session.scalar(select(User.id).where(User.username == username))
    response = api(username).get("/reports/bonuses")
    assert response.status_code == status


def test_a_wrong_year_is_refused_by_name(login_as):
    response = login_as("theodoi.btdkt").get("/dashboard/money?year=abc")
    assert response.status_code == 400
    assert "year" in response.get_data(as_text=True)
