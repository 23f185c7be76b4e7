"""The years of initiatives an award counts (workflows/data/initiative_windows.json).

A provincial Bằng khen for 2025 once passed on initiatives recognised in 2018 and 2019: the law
counts initiatives within the years the award looks at (one year for CSTĐCS, the two years of a
Bằng khen, the three of a provincial CSTĐ). The window is dated data per award.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

from workflows.reference import DATA_DIR

WINDOWS_FILE = DATA_DIR / "initiative_windows.json"


@dataclass(frozen=True)
class Window:
    award: str
    years: int
    valid_from: date
    valid_to: date | None
    basis: str
    confirmed: bool

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@cache
def all_windows() -> tuple[Window, ...]:
    rows = json.loads(WINDOWS_FILE.read_text(encoding="utf-8"))["windows"]
    out = tuple(
        Window(
            row["award"],
            int(row["years"]),
            date.fromisoformat(row["valid_from"]),
            date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
            row["basis"],
            row.get("confirmed", True),
        )
        for row in rows
    )
    for window in out:
        if window.years < 1:
            raise ValueError(f"{WINDOWS_FILE.name}: {window.award}: years must be at least 1")
    return out


def first_year(award_code: str | None, year: int, day: date) -> int | None:
    """The earliest recognition year counted for `award_code` of `year`, by the row in force
    on `day`; None when no row bounds it (an award whose criteria read no initiative)."""
    for window in all_windows():
        if window.award == award_code and window.covers(day):
            return year - window.years + 1
    return None
