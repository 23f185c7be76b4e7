"""Caps per department and year (workflows/data/quotas.json): counted, shown, enforced.

The expected caps and messages are worked out by hand beside each test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import event, func, select

from models import AwardRecord, Person, YearRecord
from tests.support import factories as f
from workflows.awards import quotas
from workflows.errors import ValidationFailed


def _department_rows(session, model, year: int, department_code: str) -> int:
    units = [o.id for o in f.org(session, department_code).children] + [
        f.org(session, department_code).id
    ]
    return session.scalar(
        select(func.count(model.id))
        .join(Person, Person.id == model.person_id)
        .where(Person.org_id.in_(units), model.year == year)
    )


def test_grassroots_fighters_capped_at_15_percent_until_30_06_2025(session):
    year = 2022  # no demo history that year: the department's counts are only ours
    assert _department_rows(session, AwardRecord, year, "sotttt") == 0
    advanced = f.people(session, "sotttt-cntt", 40, "Lao động")
    f.give(session, advanced, year, "LDTT")
    f.give(session, advanced[:5], year, "CSTDCS")
    proposal = f.proposal(session, "CSTDCS", year, advanced[5:7])
    # floor(15% × 40) = 6; 5 already + 2 in this proposal = 7: one too many
    expected = (
        "Chiến sĩ thi đua cơ sở năm 2022: tối đa 15% của 40 LĐTT = 6; "
        "đã có 5, hồ sơ này thêm 2 → 7, vượt 1"
    )
    (line,) = quotas.status(session, proposal, date(2025, 6, 30))
    assert (line.cap, line.existing, line.added, line.ok) == (6, 5, 2, False)
    assert line.message == expected
    with pytest.raises(ValidationFailed) as refused:
        quotas.enforce(session, proposal, date(2025, 6, 30))
    assert refused.value.fields == {"quota": expected}
    # Decree 152/2025 has no such cap: from 1/7/2025 nothing is counted or refused.
    assert quotas.status(session, proposal, date(2025, 7, 1)) == []
    quotas.enforce(session, proposal, date(2025, 7, 1))
    # One nominee fewer fits exactly: 5 + 1 = 6.
    proposal.nominees[1].status = "voted_down"
    (line,) = quotas.status(session, proposal, date(2025, 6, 30))
    assert (line.total, line.ok) == (6, True)
    assert line.message.endswith("hồ sơ này thêm 1 → 6, trong giới hạn")


def test_outstanding_ratings_capped_at_20_percent_of_good_from_2026(session):
    year = 2026
    assert _department_rows(session, YearRecord, year, "sotttt") == 0
    staff = f.people(session, "sotttt-bcvt", 12, "Cán bộ")
    f.rate(session, staff[:2], year, "xuat_sac")
    f.rate(session, staff[2:10], year, "tot")
    f.rate(session, staff[10:], year, "hoan_thanh")  # not in the base: below "tốt"
    proposal = f.proposal(session, "LDTT", year, staff[:1], unit_code="sotttt-bcvt")
    day = date(2026, 12, 20)
    # 2 of 10 rated good or better = exactly 20%: floor(0,2 × 10) = 2, allowed
    (line,) = quotas.status(session, proposal, day)
    assert (line.base, line.cap, line.existing, line.added, line.ok) == (10, 2, 2, 0, True)
    quotas.enforce(session, proposal, day)
    # One more outstanding in place of a good one: 3 of 10 > 2
    session.execute(
        YearRecord.__table__.update()
        .where(YearRecord.person_id == staff[2].id, YearRecord.year == year)
        .values(rating="xuat_sac")
    )
    with pytest.raises(ValidationFailed) as refused:
        quotas.enforce(session, proposal, day)
    assert refused.value.fields["quota"] == (
        "Hoàn thành xuất sắc nhiệm vụ năm 2026: tối đa 20% của 10 người được xếp loại từ "
        "hoàn thành tốt nhiệm vụ trở lên = 2; đã có 3, vượt 1"
    )
    # The cap belongs to the year rated: the same whatever the day it is looked at.
    (line,) = quotas.status(session, proposal, date(2025, 12, 31))
    assert line.quota.code == "HTXSNV_20" and "335/2025" in line.quota.decree


def test_a_quota_concerns_only_the_awards_it_blocks(session):
    proposal = f.proposal(session, "GK_CN", 2026, [])
    assert quotas.status(session, proposal, date(2026, 12, 20)) == []


def test_every_count_of_the_caps_in_force_is_one_statement(session, monkeypatch):
    year = 2026
    staff = f.people(session, "sotttt-bcvt", 4, "Đếm")
    f.rate(session, staff, year, "xuat_sac")
    f.give(session, staff[:2], year, "LDTT")
    proposal = f.proposal(session, "CSTDCS", year, staff[2:3], unit_code="sotttt-bcvt")
    # Both caps at once, as if in force the same day: 4 counts, still one statement.
    both = tuple(
        replace(q, valid_to=None) for q in quotas.all_quotas() if q.code != "HTXSNV_20_ND90"
    )
    monkeypatch.setattr(quotas, "all_quotas", lambda: both)
    seen: list[str] = []
    engine = session.get_bind()

    def on_execute(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        lines = quotas.status(session, proposal, date(2026, 12, 20))
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
    # the department's caps in one statement; the counts of each of the nominees' task groups
    # in one more, with the groups (they were a read of their own)
    assert len(seen) == 2
    # HTXSNV: 4 rated outstanding of 4 good or better; CSTĐCS: none yet of 2 LĐTT.
    assert [(q.quota.code, q.existing, q.base, q.added) for q in lines] == [
        ("CSTDCS_15", 0, 2, 1),
        ("HTXSNV_20", 4, 4, 0),
    ]


def test_each_proposal_is_counted_in_its_own_department_and_year(session):
    # The counts' statement is built once and reused (issue 19): the department, the year and
    # the proposal are bound at each run, so one proposal's counts never leak into another's.
    def in_2022(unit: str, advanced: int, fighters: int, nominees: int):
        people = f.people(session, unit, advanced, f"Đếm {unit}")
        f.give(session, people, 2022, "LDTT")
        f.give(session, people[:fighters], 2022, "CSTDCS")
        return f.proposal(session, "CSTDCS", 2022, people[fighters : fighters + nominees], unit)

    def counted(proposal) -> tuple[int, int, int]:
        (line,) = quotas.status(session, proposal, date(2025, 6, 30))
        return line.base, line.cap, line.existing

    assert _department_rows(session, AwardRecord, 2022, "soyte") == 0
    assert _department_rows(session, AwardRecord, 2019, "sotttt") == 0
    telecom = in_2022("sotttt-cntt", 40, 5, 2)
    health = in_2022("soyte-vp", 20, 1, 1)
    earlier = f.proposal(session, "CSTDCS", 2019, [], "sotttt-cntt")
    # floor(15% × 40) = 6 with 5 given; floor(15% × 20) = 3 with 1; nothing in 2019
    for _ in range(2):
        assert counted(telecom) == (40, 6, 5)
        assert counted(health) == (20, 3, 1)
        assert counted(earlier) == (0, 0, 0)
