"""Việt Nam's public holidays read from the `holidays` package without its other countries
(workflows.deadlines.calendar): the same days and names, a fraction of the memory (issue 19)."""

from __future__ import annotations

from datetime import date

import holidays

from tests.support.probes import probe
from workflows.deadlines.calendar import holiday_name, official_days


def test_the_days_and_names_are_the_packages_own():
    for year in range(2020, 2031):
        package = holidays.country_holidays("VN", years=year)
        days_off, worked = official_days(year)
        assert days_off == frozenset(d for d in package if d.year == year)
        assert worked == frozenset(d for d in package.weekend_workdays if d.year == year)
        assert all(holiday_name(d) == package.get(d) for d in days_off)
    assert holiday_name(date(2026, 9, 2)) == "National Day"
    assert holiday_name(date(2026, 9, 3)) is None


_PROBE = """
import sys
from datetime import date
from workflows.deadlines.calendar import Calendar, holiday_name
assert Calendar().add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)
assert holiday_name(date(2026, 4, 30)) is not None
print(sorted(name for name in sys.modules if name.startswith("holidays.countries")))
"""


def test_a_due_date_loads_no_other_countrys_calendar():
    # The package's look-up imports holidays.countries, whose __init__ imports all ~250 of
    # them: ~8 MB in every web worker from its first due date on.
    loaded = probe(_PROBE).strip()
    assert loaded == "[]"
