"""The HTXSNV cap as the law sets it (issue 20, point 4): by the year rated, per agency and per
group of similar tasks. Decree 335/2025 (from 1/1/2026) caps "hoàn thành xuất sắc nhiệm vụ" at
20% of those rated good "trong phạm vi cùng một cơ quan ... và trong từng nhóm công chức có
nhiệm vụ tương đồng" (its text as quoted by the press: flagged unconfirmed); before it, Decree
90/2020 as amended by Decree 48/2023. Caps and counts worked by hand beside each case."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support import factories as f
from workflows.awards import quota_display, quotas
from workflows.errors import ValidationFailed


@pytest.mark.parametrize(
    ("year", "day", "code", "decree"),
    [
        # a 2025 rating looked at on 1/1/2026 still falls under the earlier decree
        (2025, date(2026, 1, 1), "HTXSNV_20_ND90", "90/2020"),
        # a 2026 rating looked at on 31/12/2025 already falls under Decree 335/2025
        (2026, date(2025, 12, 31), "HTXSNV_20", "335/2025"),
    ],
)
def test_the_cap_is_the_one_of_the_year_rated(session, year, day, code, decree):
    staff = f.people(session, "sotttt-bcvt", 1, "Năm xếp loại")
    proposal = f.proposal(session, "LDTT", year, staff, unit_code="sotttt-bcvt")
    (line,) = quotas.status(session, proposal, day)
    assert line.quota.code == code and decree in line.quota.decree
    assert line.quota.confirmed is False  # the decree's text was reported, not read


def _groups(session, year):
    experts = f.people(session, "sotttt-bcvt", 10, "Chuyên viên nhóm")
    heads = f.people(session, "sotttt-bcvt", 2, "Lãnh đạo nhóm")
    for person in experts:
        person.task_group = "Chuyên viên"
    for person in heads:
        person.task_group = "Lãnh đạo phòng"
    f.rate(session, experts[:1], year, "xuat_sac")
    f.rate(session, experts[1:], year, "tot")
    f.rate(session, heads[:1], year, "xuat_sac")
    f.rate(session, heads[1:], year, "tot")
    return experts, heads


def test_the_cap_counts_within_the_nominees_group_not_the_whole_department(session):
    year = 2026  # no demo history that year: the counts are only ours
    experts, heads = _groups(session, year)
    # The department together: 2 outstanding of 12 → floor(2,4) = 2: within the cap.
    # Group "Lãnh đạo phòng": 1 of 2 → floor(0,4) = 0: over by 1.
    proposal = f.proposal(session, "LDTT", year, heads[1:], unit_code="sotttt-bcvt")
    (line,) = quotas.status(session, proposal, date(2026, 12, 20))
    assert (line.group, line.base, line.cap, line.existing, line.ok) == (
        "Lãnh đạo phòng", 2, 0, 1, False,
    )  # fmt: skip
    assert line.message == (
        "Hoàn thành xuất sắc nhiệm vụ năm 2026, nhóm nhiệm vụ “Lãnh đạo phòng”: tối đa 20% "
        "của 2 người được xếp loại từ hoàn thành tốt nhiệm vụ trở lên = 0; đã có 1, vượt 1"
    )
    with pytest.raises(ValidationFailed):
        quotas.enforce(session, proposal, date(2026, 12, 20))
    # Group "Chuyên viên": 1 of 10 → floor(2,0) = 2: within.
    other = f.proposal(session, "LDTT", year, experts[1:2], unit_code="sotttt-bcvt")
    (line,) = quotas.status(session, other, date(2026, 12, 20))
    assert (line.group, line.base, line.cap, line.existing, line.ok) == (
        "Chuyên viên", 10, 2, 1, True,
    )  # fmt: skip
    quotas.enforce(session, other, date(2026, 12, 20))


def test_the_panel_and_the_decision_count_the_same_on_either_side_of_new_year(session, monkeypatch):
    # The panel is looked at on 5/1/2027, the decision dated 31/12/2026: the same cap, the
    # same verdict (they once differed: "vượt 1" on the panel while the decision passed).
    year = 2026
    _, heads = _groups(session, year)
    proposal = f.proposal(session, "LDTT", year, heads[1:], unit_code="sotttt-bcvt")
    monkeypatch.setattr(quota_display, "today", lambda: date(2027, 1, 5))
    _, shown = quota_display.live(session, proposal)
    assert [(line.quota.code, line.ok) for line in shown] == [("HTXSNV_20", False)]
    with pytest.raises(ValidationFailed) as refused:
        quotas.enforce(session, proposal, date(2026, 12, 31))
    assert refused.value.fields["quota"] == shown[0].message
