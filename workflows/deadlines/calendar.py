"""Working days in Việt Nam: pure functions over dates, with the province's exceptions as data.

A working day is Monday to Friday, except the public holidays the `holidays` package knows
for Việt Nam (Tết included, with the Government's substituted days off), plus the Saturdays
and Sundays the Government declares worked in exchange (the package's weekend_workdays).
On top of that the province announces its own exceptions (extra days off, make-up working
days); they are passed in as a mapping {date: "off" | "work"} and win over everything else.
Nothing here reads the database or the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache, lru_cache
from importlib import util
from pathlib import Path
from typing import TYPE_CHECKING

from models import utcnow

if TYPE_CHECKING:
    from holidays.holiday_base import HolidayBase

#: Việt Nam keeps no daylight saving time: UTC+7 all year
VN_TZ = timezone(timedelta(hours=7), "ICT")
OFF, WORK = "off", "work"
#: a period longer than this many calendar days is a data error, not a deadline
MAX_SPAN = 3660


@cache
def _vietnam() -> type[HolidayBase]:
    """The package's calendar of Việt Nam, without the other 250 countries' modules.

    Any country the package looks up imports `holidays.countries`, whose `__init__` imports every
    country: ~8 MB of every web worker's memory for one calendar (issue 19, target "Memory").
    The module of Việt Nam imports nothing of that package, so it is loaded from its file alone;
    should a later version make it need its siblings, the package's own look-up is used.
    Imported here, at the first due date, not at start-up: the package itself is ~3 MB more."""
    import holidays

    path = Path(holidays.__file__).parent / "countries" / "vietnam.py"
    spec = util.spec_from_file_location("holidays.countries.vietnam", path)
    if spec is None or spec.loader is None:
        return holidays.country_holidays("VN").__class__
    module = util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        return module.Vietnam
    except (ImportError, AttributeError, OSError):
        return holidays.country_holidays("VN").__class__


def _vn(year: int) -> HolidayBase:
    return _vietnam()(years=year)


@lru_cache(maxsize=64)
def official_days(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(public holidays, weekend days declared worked) of one year, per the `holidays` package."""
    vn = _vn(year)
    days_off = frozenset(d for d in vn if d.year == year)
    worked = frozenset(d for d in vn.weekend_workdays if d.year == year)
    return days_off, worked


def holiday_name(day: date) -> str | None:
    """The package's name of a public holiday (English), or None."""
    return _vn(day.year).get(day)


@dataclass(frozen=True)
class Calendar:
    """Working days, given the province's exceptions {date: "off" | "work"}."""

    exceptions: Mapping[date, str] = field(default_factory=dict)

    def is_working_day(self, day: date) -> bool:
        kind = self.exceptions.get(day)
        if kind is not None:
            return kind == WORK
        days_off, worked = official_days(day.year)
        if day in worked:
            return True
        return day.weekday() < 5 and day not in days_off

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (the day a period starts is not counted,
        as the Civil Code counts periods: from the day after the event)."""
        if count < 0:
            return self.working_days_before(start, -count)
        day, left = start, count
        while left > 0:
            day = self._step(day, 1, start)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_before(self, end: date, count: int) -> date:
        """The working day `count` working days before `end` (`end` itself when count is 0)."""
        day, left = end, count
        while left > 0:
            day = self._step(day, -1, end)
            if self.is_working_day(day):
                left -= 1
        return day

    def on_or_after(self, day: date) -> date:
        """`day` if it is a working day, else the next one (Civil Code Art. 148: a period
        ending on a day off ends on the next working day)."""
        start = day
        while not self.is_working_day(day):
            day = self._step(day, 1, start)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day = self._step(day, 1, start)
            count += self.is_working_day(day)
        return count

    @staticmethod
    def _step(day: date, by: int, origin: date) -> date:
        day += timedelta(days=by)
        if abs((day - origin).days) > MAX_SPAN:
            raise ValueError(f"no working day within {MAX_SPAN} days of {origin.isoformat()}")
        return day


def local_date(moment: datetime) -> date:
    """The date in Việt Nam of a moment (naive values are UTC, as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN_TZ).date()


def day_text(moment: datetime | None) -> str:
    """The date in Việt Nam of a moment as dd/mm/yyyy, "?" for none (a step's due date in a
    notice)."""
    return local_date(moment).strftime("%d/%m/%Y") if moment else "?"


def today() -> date:
    """Today in Việt Nam."""
    return local_date(utcnow())


def local_moment(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in Việt Nam on `day`, as an aware datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ)
