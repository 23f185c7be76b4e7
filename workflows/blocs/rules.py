"""The blocs' rules as dated data (workflows/data/bloc_rules.json): who cross-checks, the
tie-break order, the endorsements by rank, the ballot's quorum and threshold. A pledge keeps the
rule in force on the day it was made (BlocPledge.rules)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from workflows.council.rules import CouncilRule
from workflows.errors import N_, Conflict
from workflows.reference import DATA_DIR

RULES_FILE = DATA_DIR / "bloc_rules.json"
#: what a tie-break key compares, the better first (see the file's note)
TIE_BREAK_KEYS = ("criteria", "bonus", "penalty", "votes")


@dataclass(frozen=True)
class BlocRule:
    grouping: str | None
    peer_check: bool
    tie_break: tuple[str, ...]
    #: (award code, how many units) in rank order
    endorse: tuple[tuple[str, int], ...]
    ballot: dict
    valid_from: date | None
    valid_to: date | None
    source: str
    confirmed: bool

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def as_json(self) -> dict:
        """What a pledge stores: plain values, read back by `from_json`."""
        return {
            "grouping": self.grouping,
            "peer_check": self.peer_check,
            "tie_break": list(self.tie_break),
            "endorse": [{"award": a, "count": n} for a, n in self.endorse],
            "ballot": self.ballot,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "confirmed": self.confirmed,
        }


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def from_json(row: dict) -> BlocRule:
    tie_break = tuple(row["tie_break"])
    unknown = [k for k in tie_break if k not in TIE_BREAK_KEYS]
    ballot = row["ballot"]
    quorum, approval = ballot["quorum"], ballot["approval"]
    if unknown or approval["of"] not in ("members", "cast"):
        raise ValueError(f"bloc_rules: unknown tie-break key or approval.of in {row}")
    if not (0 < quorum["num"] <= quorum["den"] and 0 < approval["num"] <= approval["den"]):
        raise ValueError(f"bloc_rules: shares must be between 0 and 1 in {row}")
    return BlocRule(
        grouping=row.get("grouping"),
        peer_check=bool(row["peer_check"]),
        tie_break=tie_break,
        endorse=tuple((e["award"], int(e["count"])) for e in row["endorse"]),
        ballot=ballot,
        valid_from=_date(row.get("valid_from")),
        valid_to=_date(row.get("valid_to")),
        source=row.get("source", ""),
        confirmed=bool(row.get("confirmed", False)),
    )


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> tuple[BlocRule, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(from_json(row) for row in data["rules"])


def rule_for(grouping_code: str, on: date) -> BlocRule:
    """The rule in force on `on`: one written for the grouping first, else the common one."""
    candidates = [r for r in load_rules() if r.valid_on(on)]
    for rule in sorted(candidates, key=lambda r: r.grouping is None):
        if rule.grouping in (grouping_code, None):
            return rule
    message = N_(
        "Chưa có quy chế chấm điểm của Khối/Cụm thi đua áp dụng ngày %(day)s",
        day=on.strftime("%d/%m/%Y"),
    )
    raise Conflict("bloc_rule_missing", message)


def ballot_rule(rule: BlocRule) -> CouncilRule:
    """The ballot's quorum and threshold as the council machinery applies and describes them."""
    quorum, approval = rule.ballot["quorum"], rule.ballot["approval"]
    return CouncilRule(
        level="bloc",
        award=None,
        quorum_num=int(quorum["num"]),
        quorum_den=int(quorum["den"]),
        approval_num=int(approval["num"]),
        approval_den=int(approval["den"]),
        approval_of=approval["of"],
        strict=bool(approval.get("strict", False)),
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
        source=rule.source,
        confirmed=rule.confirmed,
    )
