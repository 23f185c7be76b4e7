"""The demo's ratings respect the HTXSNV cap the law set in each year (issue 20): Sở Y tế's
had 2–3 "hoàn thành xuất sắc" among 8 staff (cap floor(20% × 8) = 1); it now lists 15, so
3 of 15 (2023) and 2 of 15 (2024, 2025) stay within floor(20% × 15) = 3. Its people are one
group of similar tasks (no task_group), as Decree 90/2020 as amended counts them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import Person
from tests.support import factories as f
from workflows.awards import quotas


@pytest.mark.parametrize(("year", "outstanding"), [(2023, 3), (2024, 2), (2025, 2)])
def test_the_demo_health_department_is_within_the_decree_90_cap(session, year, outstanding):
    staff = session.scalar(select(Person).where(Person.staff_code == "YTE-VP-04"))
    proposal = f.proposal(session, "LDTT", year, [staff], unit_code="soyte-vp")
    (line,) = quotas.status(session, proposal, date(year + 1, 2, 1))
    assert line.quota.code == "HTXSNV_20_ND90"
    assert (line.base, line.cap, line.existing, line.ok) == (15, 3, outstanding, True), line.message
