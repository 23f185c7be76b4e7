"""Which set of legal rules applies (workflows/data/rule_sets.json).

The switch from Decree 98/2023 to Decree 152/2025 on 1/7/2025 is a row in that file; the
next decree is another row, not a change here. `for_proposal` is the one rule that says which
set judges, pays and is cited for a proposal: eligibility, quotas, money and documents all ask
it, so a check can never cite one decree while the decision pays by another.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Protocol

from workflows.deadlines.calendar import local_date
from workflows.reference import DATA_DIR

RULE_SETS_FILE = DATA_DIR / "rule_sets.json"


class NoRuleSet(LookupError):
    """No rule set covers the day asked for."""


@dataclass(frozen=True)
class Transition:
    """A dossier received before `received_before` stays under the rule set `continues`."""

    received_before: date
    continues: str
    source: str
    confirmed: bool


@dataclass(frozen=True)
class RuleSet:
    code: str
    name_vi: str
    name_en: str
    legal_basis: str
    valid_from: date
    valid_to: date | None  #: inclusive; None while in force
    #: the rule-set column of bpmn/eligibility.dmn it is judged by (its own code by default)
    criteria: str = ""
    transition: Transition | None = None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def criteria_code(self) -> str:
        return self.criteria or self.code


@dataclass(frozen=True)
class Applicable:
    """The rule set of a proposal, the day it was chosen by and why, in a sentence to show."""

    rule_set: RuleSet
    #: the decision date, or the day of the check before there is a decision
    day: date
    reason: str
    #: False when the choice rests on a rule the sources leave unconfirmed
    confirmed: bool = True


class Dated(Protocol):
    """What the rule reads of a proposal (a Proposal row, or a plain object in tests)."""

    year: int
    decision_date: date | None
    submitted_at: datetime | None


@cache
def _load(path: Path) -> tuple[RuleSet, ...]:
    rows = json.loads(path.read_text(encoding="utf-8"))["rule_sets"]
    sets = tuple(sorted((_rule_set(row) for row in rows), key=lambda r: r.valid_from))
    for earlier, later in zip(sets, sets[1:], strict=False):
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            raise ValueError(f"{path.name}: {earlier.code} overlaps {later.code}")
    codes = {s.code for s in sets}
    for rule_set in sets:
        if rule_set.transition and rule_set.transition.continues not in codes:
            raise ValueError(f"{path.name}: {rule_set.code} continues an unknown rule set")
    return sets


def _rule_set(row: dict) -> RuleSet:
    move = row.get("transition")
    return RuleSet(
        code=row["code"],
        name_vi=row["name_vi"],
        name_en=row["name_en"],
        legal_basis=row["legal_basis"],
        valid_from=date.fromisoformat(row["valid_from"]),
        valid_to=date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
        criteria=row.get("criteria", ""),
        transition=Transition(
            date.fromisoformat(move["received_before"]),
            move["continues"],
            move["source"],
            move.get("confirmed", True),
        )
        if move
        else None,
    )


def all_rule_sets() -> tuple[RuleSet, ...]:
    # The path is read at each call (not bound as a default) so a test can point it elsewhere.
    return _load(RULE_SETS_FILE)


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


def applicable(
    year: int, decision_date: date | None, received_on: date | None, today: date
) -> Applicable:
    """The rule set for an award of `year` decided on `decision_date` (None: not yet decided,
    judged as of `today`, the earliest day it can be decided) whose dossier was received on
    `received_on` (None: not yet submitted).

    The set in force on that day applies, unless its transitional rule keeps a dossier
    received before it took effect under the set it replaced (Decree 152/2025 for dossiers
    received before 1/7/2025). The award year never moves the choice: an award for 2024
    decided on 10/7/2025 is judged and paid under the set in force that day.
    """
    day = decision_date or today
    in_force = rule_set_on(day)
    when = f"quyết định ngày {day:%d/%m/%Y}" if decision_date else f"xét ngày {day:%d/%m/%Y}"
    move = in_force.transition
    if move is not None and received_on is not None and received_on < move.received_before:
        earlier = by_code(move.continues)
        reason = (
            f"Khen thưởng năm {year}, {when}; hồ sơ tiếp nhận ngày {received_on:%d/%m/%Y}, "
            f"trước ngày {move.received_before:%d/%m/%Y}: áp dụng {earlier.name_vi} "
            f"theo quy định chuyển tiếp ({move.source})"
        )
        return Applicable(earlier, day, reason, move.confirmed)
    reason = f"Khen thưởng năm {year}, {when}: áp dụng {in_force.name_vi}"
    return Applicable(in_force, day, reason)


def for_proposal(proposal: Dated, today: date) -> Applicable:
    """`applicable` for a proposal: its year, its decision date, the day it was submitted
    (in Việt Nam's time: submitted at 23:30 on 30/6/2025 UTC is 1/7/2025 there)."""
    # A proposal being filed (or a draft built for display) has neither date yet.
    received = getattr(proposal, "submitted_at", None)
    return applicable(
        proposal.year,
        getattr(proposal, "decision_date", None),
        local_date(received) if received is not None else None,
        today,
    )
