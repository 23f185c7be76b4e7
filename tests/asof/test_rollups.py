"""Counts per department "as recorded" or rolled up through successors, on the dashboard and
in its spreadsheets; the movement of a merged organiser reviewed by its heir (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import RoleAssignment, User
from tests.support.merger import A1_NEW, A1_OLD, A_NAME, A_SHORT, B1_NAME, B_NAME, B_SHORT
from tests.support.spreadsheets import read_xlsx, table_rows
from workflows.movements import targets
from workflows.reports import dashboard

BOARD = "theodoi.btdkt"
ROLLED = f"{B_NAME}, gồm cả {A_NAME} trước đây"


def _board(session) -> User:
    return session.scalar(select(User).where(User.username == BOARD))


def _departments(d: dashboard.Dashboard) -> dict[str, int]:
    return {e["name"]: e["total"] for e in d.departments}


def test_rolled_up_counts_are_the_sum_of_the_recorded_parts(session, merger):
    recorded = dashboard.build(session, _board(session), 2025)
    rolled = dashboard.build(session, _board(session), 2025, rolled_up=True)
    as_recorded, as_rolled = _departments(recorded), _departments(rolled)
    assert as_recorded[A_NAME] == 1 and as_recorded[B_NAME] == 3
    assert A_NAME not in as_rolled and B_NAME not in as_rolled
    assert as_rolled[ROLLED] == as_recorded[A_NAME] + as_recorded[B_NAME]
    # Nothing counted twice, nothing lost: every other department is untouched.
    assert sum(as_rolled.values()) == sum(as_recorded.values()) == recorded.total
    others = {k: v for k, v in as_recorded.items() if k not in (A_NAME, B_NAME)}
    assert others.items() <= as_rolled.items()

    # Per unit: as recorded, the unit under each department, with the names of then.
    units = {(e["name"], e["department_name"]): e["total"] for e in recorded.orgs}
    assert units[(A1_OLD, A_NAME)] == 1 and units[(A1_NEW, B_NAME)] == 1
    rolled_units = {(e["name"], e["department_name"]): e["total"] for e in rolled.orgs}
    assert rolled_units[(A1_NEW, ROLLED)] == 2 and rolled_units[(B1_NAME, ROLLED)] == 2
    assert sum(rolled_units.values()) == sum(units.values())


def test_the_successor_director_reads_what_the_predecessor_filed(session, merger):
    director = session.scalar(select(User).where(User.username == "giamdoc.yte"))
    session.add(RoleAssignment(user_id=director.id, role_code="director", org_id=merger.b.id))
    session.commit()
    scope = dashboard.scope_for(director)
    assert {merger.a.id, merger.b.id} <= scope.department_ids
    assert merger.movement.id in {m.id for m in dashboard.movements_in_scope(session, scope)}


def test_the_dashboard_exports_in_both_modes(login_as, merger):
    client = login_as(BOARD)
    recorded = read_xlsx(client.get("/dashboard/export.xlsx?year=2025"))["Theo sở, ban, ngành"]
    rolled_book = read_xlsx(client.get("/dashboard/export.xlsx?year=2025&rollup=1"))
    rolled = rolled_book["Theo sở, ban, ngành"]
    as_recorded = {r[0]: r[1] for r in table_rows(recorded, "Sở, ban, ngành")}
    as_rolled = {r[0]: r[1] for r in table_rows(rolled, "Sở, ban, ngành")}
    assert (as_recorded[A_NAME], as_recorded[B_NAME]) == (1, 3)
    assert as_rolled[ROLLED] == 4 and A_NAME not in as_rolled
    assert sum(as_rolled.values()) == sum(as_recorded.values())
    assert any("gộp theo cơ quan kế thừa" in (r[0] or "") for r in rolled[:5])
    units = {r[0]: r[1] for r in table_rows(rolled_book["Theo đơn vị"], "Đơn vị")}
    assert units[A1_NEW] == ROLLED


def test_the_statistics_export_in_both_modes(login_as, merger):
    client = login_as(BOARD)

    def persons(rollup: int) -> dict[tuple, int]:
        sheet = read_xlsx(client.get(f"/dashboard/statistics.xlsx?year=2025&rollup={rollup}"))
        rows = table_rows(sheet["Thống kê 2025"], "Sở, ban, ngành")
        return {(r[0], r[1], r[2]): r[4] for r in rows if r[0] != "Tổng cộng (lượt)"}

    recorded, rolled = persons(0), persons(1)
    ldtt = "Lao động tiên tiến"
    assert recorded[(A_NAME, A1_OLD, ldtt)] == 2  # decided 10/2/2025, before the merger
    assert recorded[(B_NAME, A1_NEW, ldtt)] == 1
    assert recorded[(B_NAME, B1_NAME, ldtt)] == 3
    assert rolled[(ROLLED, A1_NEW, ldtt)] == 3
    assert rolled[(ROLLED, B1_NAME, ldtt)] == 3
    assert sum(rolled.values()) == sum(recorded.values())


@pytest.mark.parametrize("value", ["2", "yes", "-1"])
def test_a_wrong_rollup_parameter_is_refused_by_name(login_as, value):
    response = login_as(BOARD).get(f"/dashboard/export.xlsx?rollup={value}")
    assert response.status_code == 400
    assert "rollup" in response.get_data(as_text=True)


def test_the_dashboard_page_toggles_the_two_modes(login_as, merger):
    client = login_as(BOARD)
    recorded = client.get("/dashboard/?year=2025").get_data(as_text=True)
    rolled = client.get("/dashboard/?year=2025&rollup=1").get_data(as_text=True)
    assert f"{B_SHORT}, gồm cả {A_SHORT} trước đây" in rolled
    assert "gồm cả" not in recorded and A_SHORT in recorded
    assert 'href="/dashboard/export.xlsx?year=2025&amp;rollup=1"' in rolled
    assert '<option value="1" selected' in rolled


def test_a_merged_organiser_s_movement_is_reviewed_by_its_heir_counting_both(session, merger):
    result = targets.attainment(session, merger.movement, on=date(2026, 1, 15))
    assert result.reviewer == merger.b
    # Sở A's unit moved to Sở B on 1/3/2025 and still counts; Sở B's unit took part after.
    assert [u.id for u, _ in result.per_unit] == sorted(
        [merger.a1.id, merger.b1.id], key=lambda i: {merger.a1.id: A1_NEW, merger.b1.id: B1_NAME}[i]
    )
    (overall,) = result.overall
    # LĐTT: 2 + 1 people of a1, 3 of b1; headcounts 10 + 20: each counted once.
    assert (overall.numerator, overall.denominator) == (6, 30)
    assert overall.status == "met"  # 20% against 15%
    # While Sở A still existed, it reviewed its own movement.
    assert targets.attainment(session, merger.movement, on=date(2025, 2, 1)).reviewer == merger.a


def test_the_dashboard_names_the_heir_as_reviewer(login_as, merger):
    page = login_as(BOARD).get("/dashboard/").get_data(as_text=True)
    assert f"{A_NAME} phát động; {B_NAME} tổng kết (cơ quan kế thừa)" in page


def test_the_reporting_api_in_both_modes(api, merger):
    board = api(BOARD)

    def counts(rollup: int) -> dict[str, dict]:
        answer = board.ok("GET", f"/reports/departments?year=2025&rollup={rollup}")
        assert answer["rolled_up"] is bool(rollup) and answer["year"] == 2025
        return {d["code"]: d for d in answer["departments"]}

    recorded, rolled = counts(0), counts(1)
    assert (recorded["tn-a"]["total"], recorded["tn-b"]["total"]) == (1, 3)
    assert "tn-a" not in rolled
    assert rolled["tn-b"]["name"] == ROLLED
    assert rolled["tn-b"]["former"] == [{"code": "tn-a", "name": A_NAME}]
    assert rolled["tn-b"]["total"] == 4
    assert sum(d["total"] for d in rolled.values()) == sum(d["total"] for d in recorded.values())
    wrong = board.get("/reports/departments?rollup=yes")
    assert wrong.status_code == 400 and "rollup" in wrong.get_data(as_text=True)
