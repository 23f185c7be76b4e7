"""Which set of legal rules is in force on a day (workflows/data/rule_sets.json).

The switch from Decree 98/2023 to Decree 152/2025 on 1/7/2025 is a row in that file; the
next decree is another row, not a change here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from workflows.reference import DATA_DIR

RULE_SETS_FILE = DATA_DIR / "rule_sets.json"


class NoRuleSet(LookupError):
    """No rule set covers the day asked for."""


@dataclass(frozen=True)
class RuleSet:
    code: str
    name_vi: str
    name_en: str
    legal_basis: str
    valid_from: date
    valid_to: date | None  #: inclusive; None while in force

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@cache
def all_rule_sets(path: Path = RULE_SETS_FILE) -> tuple[RuleSet, ...]:
    rows = json.loads(path.read_text(encoding="utf-8"))["rule_sets"]
    sets = tuple(
        sorted(
            (
                RuleSet(
                    code=row["code"],
                    name_vi=row["name_vi"],
                    name_en=row["name_en"],
                    legal_basis=row["legal_basis"],
                    valid_from=date.fromisoformat(row["valid_from"]),
                    valid_to=date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
                )
                for row in rows
            ),
            key=lambda r: r.valid_from,
        )
    )
    for earlier, later in zip(sets, sets[1:], strict=False):
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            raise ValueError(f"{path.name}: {earlier.code} overlaps {later.code}")
    return sets


def rule_set_on(day: date) -> RuleSet:
    for rule_set in all_rule_sets():
        if rule_set.covers(day):
            return rule_set
    raise NoRuleSet(f"Không có bộ quy định thi đua, khen thưởng áp dụng ngày {day:%d/%m/%Y}")


def by_code(code: str) -> RuleSet:
    for rule_set in all_rule_sets():
        if rule_set.code == code:
            return rule_set
    raise NoRuleSet(f"Không có bộ quy định mã '{code}'")
