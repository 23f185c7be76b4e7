"""Time spent in each stage (median, 90th percentile) and what waits longest, from task rows
whose times are set by hand here."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from models import HumanTask, utcnow
from tests.support.spreadsheets import read_xlsx, table_rows
from workflows.reports.dashboard import percentile

COUNCIL = {"members_total": 9, "members_present": 8, "votes_for": 7, "votes_against": 1}
DECISION = {"decision_no": "88/QĐ-STTTT", "decision_date": "05/12/2025", "signer": "Vũ Đức Thắng"}


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ([5.0], 5.0, 5.0),
        ([1.0, 2.0], 1.5, 1.9),  # p90: 1 + (2 - 1) × 0.9
        ([10.0, 1.0, 4.0, 2.0, 3.0], 3.0, 7.6),  # sorted 1 2 3 4 10; rank 3.6: 4 + 6 × 0.6
    ],
)
def test_percentile_interpolates_between_ranks(values, median, p90):
    assert percentile(values, 50) == pytest.approx(median)
    assert percentile(values, 90) == pytest.approx(p90)


def walk(api, title: str, steps: int, nominee: str = "Nguyễn Văn An") -> int:
    """File and submit, then approve `steps` review steps of an LĐTT proposal."""
    nominees = [{"name": nominee, "job_title": "Chuyên viên"}]
    pid = api("vanthu.cntt").file("LDTT", title=title, nominees=nominees)
    api("vanthu.cntt").ok("POST", f"/proposals/{pid}/submit", json={})
    chain = [
        ("truongphong.cntt", {}),
        ("thuongtruc.tttt", {}),
        ("hoidong.tttt", COUNCIL),
        ("giamdoc.tttt", DECISION),
    ]
    for username, fields in chain[:steps]:
        api(username).act(pid, **fields)
    return pid


def set_times(session, pid: int, times: dict[str, tuple[float, float | None]], start) -> None:
    """times: element -> (became ready, done) in days after `start`."""
    for element, (ready, done) in times.items():
        session.execute(
            update(HumanTask)
            .where(HumanTask.proposal_id == pid, HumanTask.bpmn_id == element)
            .values(
                created_at=start + timedelta(days=ready),
                completed_at=None if done is None else start + timedelta(days=done),
                # Times set by hand have no due dates (those are tests/deadlines/' business).
                due_at=None,
                remind_at=None,
            )
        )
    session.commit()


def test_stage_times_and_the_longest_wait(api, login_as, session):
    start = utcnow() - timedelta(days=30)
    first = walk(api, "Hồ sơ một", 4)
    second = walk(api, "Hồ sơ hai", 4, nominee="Trần Thị Bình")
    third = walk(api, "Hồ sơ ba", 1)  # waits on the secretariat
    department = ("secretariat_check", "council_vote", "director_decide")
    # first: drafting 2 days, unit 1 day, department 3 → 10 = 7 days
    set_times(
        session,
        first,
        {"file_proposal": (0, 2), "unit_head_signoff": (2, 3)}
        | dict(zip(department, [(3, 4), (4, 6), (6, 10)], strict=True)),
        start,
    )
    # second: drafting 4 days, unit 3 days, department 3 days
    set_times(
        session,
        second,
        {"file_proposal": (0, 4), "unit_head_signoff": (4, 7)}
        | dict(zip(department, [(7, 8), (8, 9), (9, 10)], strict=True)),
        start,
    )
    # third: drafting 1 day, unit half a day; the department has waited since day 18
    set_times(
        session,
        third,
        {"file_proposal": (0, 1), "unit_head_signoff": (1, 1.5), "secretariat_check": (18, None)},
        start,
    )

    sheets = read_xlsx(login_as("giamdoc.tttt").get("/dashboard/export.xlsx"))
    stages = {row[0]: row[1:] for row in table_rows(sheets["Thời gian theo cấp"], "Cấp xét")}
    assert stages == {
        # drafting 2, 4, 1 → sorted 1 2 4: median 2; p90 rank 1.8: 2 + 2 × 0.8 = 3.6
        "Soạn, chỉnh sửa hồ sơ (người lập)": (3, 2.0, 3.6),
        # unit 1, 3, 0.5 → sorted 0.5 1 3: median 1; p90: 1 + 2 × 0.8 = 2.6
        "Cấp đơn vị": (3, 1.0, 2.6),
        # department 7 and 3 (the third is still there): median 5; p90: 3 + 4 × 0.9 = 6.6
        "Cấp Sở": (2, 5.0, 6.6),
    }

    waiting = table_rows(sheets["Chờ lâu nhất"], "Hồ sơ")
    assert len(waiting) == 1
    # waiting since day 18 of 30: 12 days; no due dates yet, so never overdue
    assert waiting[0][:5] == (
        third,
        "Hồ sơ ba",
        "Thường trực Hội đồng kiểm tra hồ sơ",
        "Sở Thông tin và Truyền thông tỉnh Điện Biên",
        "Phạm Thị Thu",
    )
    assert waiting[0][6:] == (12, None, None)
    page = login_as("giamdoc.tttt").get("/dashboard/").get_data(as_text=True)
    assert "chưa đặt hạn" in page and "Quá hạn" not in page
