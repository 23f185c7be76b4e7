"""The councils' quorum and approval thresholds (workflows/data/council_rules.json, dated data,
overlaid by the province's own versions in table province_rule), as workflows.council.ballots
applies them when a box closes. A box reads the rules in force on the day it opens and keeps
them (BallotBox.rules_json): a newer version never changes a ballot already open."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session

from models import RoleCode, RuleKind, Stage
from workflows.errors import N_, Conflict
from workflows.reference import DATA_DIR
from workflows.rulebook import store

RULES_FILE = DATA_DIR / "council_rules.json"
#: the council role of each stage that votes; its holders at the council's organisation vote
COUNCIL_ROLE: dict[str, str] = {
    Stage.DEPARTMENT: RoleCode.DEPT_COUNCIL,
    Stage.PROVINCE: RoleCode.PROVINCE_COUNCIL,
}


@dataclass(frozen=True)
class CouncilRule:
    level: str
    award: str | None
    quorum_num: int
    quorum_den: int
    approval_num: int
    approval_den: int
    #: "members": share of all members called; "cast": share of the ballots cast
    approval_of: str
    #: True: more than the share; False: at least the share
    strict: bool
    valid_from: date | None
    valid_to: date | None
    source: str
    confirmed: bool

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def quorum_met(self, present: int, total: int) -> bool:
        # Integers only: 2/3 of 9 members is 6 ballots, not 5.99…
        return total > 0 and present * self.quorum_den >= self.quorum_num * total

    def passes(self, yes: int, present: int, total: int) -> bool:
        base = total if self.approval_of == "members" else present
        if base <= 0:
            return False
        left, right = yes * self.approval_den, self.approval_num * base
        return left > right if self.strict else left >= right

    def describe(self) -> str:
        """The rule in Vietnamese, for the minutes and the proposal page."""
        of = "tổng số thành viên" if self.approval_of == "members" else "số phiếu bầu"
        more = "quá" if self.strict else "từ"
        text = (
            f"Túc số: ít nhất {self.quorum_num}/{self.quorum_den} số thành viên bỏ phiếu; "
            f"thông qua khi {more} {self.approval_num}/{self.approval_den} {of} đồng ý"
        )
        return text + ("" if self.confirmed else " (quy định chưa được xác nhận)")

    def as_dict(self) -> dict:
        # Its fields are plain values: a copy of them, not asdict's deep copy (a box opens with it).
        out = dict(vars(self))
        out["valid_from"] = self.valid_from.isoformat() if self.valid_from else None
        out["valid_to"] = self.valid_to.isoformat() if self.valid_to else None
        return out


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def parse_rules(data: dict) -> tuple[CouncilRule, ...]:
    rules = []
    for row in data["rules"]:
        quorum, approval = row["quorum"], row["approval"]
        if row["level"] not in COUNCIL_ROLE or approval["of"] not in ("members", "cast"):
            raise ValueError(f"council_rules: bad level or approval.of in {row}")
        if not (0 < quorum["num"] <= quorum["den"] and 0 < approval["num"] <= approval["den"]):
            raise ValueError(f"council_rules: shares must be between 0 and 1 in {row}")
        rules.append(
            CouncilRule(
                level=row["level"],
                award=row.get("award"),
                quorum_num=int(quorum["num"]),
                quorum_den=int(quorum["den"]),
                approval_num=int(approval["num"]),
                approval_den=int(approval["den"]),
                approval_of=approval["of"],
                strict=bool(approval.get("strict", False)),
                valid_from=_date(row.get("valid_from")),
                valid_to=_date(row.get("valid_to")),
                source=row.get("source", ""),
                confirmed=bool(row.get("confirmed", False)),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> tuple[CouncilRule, ...]:
    return parse_rules(json.loads(path.read_text(encoding="utf-8")))


def _province_rule(version: store.Version) -> CouncilRule:
    level, _, award = version.key.partition(":")
    quorum, approval = version.value["quorum"], version.value["approval"]
    return CouncilRule(
        level=level,
        award=award or None,
        quorum_num=quorum["num"],
        quorum_den=quorum["den"],
        approval_num=approval["num"],
        approval_den=approval["den"],
        approval_of=approval["of"],
        strict=approval["strict"],
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        source=version.source,
        # the board wrote it from an act it names
        confirmed=True,
    )


def _key(rule: CouncilRule) -> str:
    return f"{rule.level}:{rule.award}" if rule.award else rule.level


def rules_on(session: Session, day: date) -> tuple[CouncilRule, ...]:
    """The rules in force on `day`: the province's version of a rule where it set one, the
    shipped rule otherwise."""
    province = {
        key: _province_rule(v) for key, v in store.in_force(session, RuleKind.COUNCIL, day).items()
    }
    shipped = [r for r in load_rules() if r.valid_on(day) and _key(r) not in province]
    return (*province.values(), *shipped)


def rule_for(
    level: str, award_code: str, on: date, rules: tuple[CouncilRule, ...] | None = None
) -> CouncilRule:
    """The rule in force on `on`: one written for the award first, else the council's own."""
    candidates = [r for r in (rules or load_rules()) if r.level == level and r.valid_on(on)]
    for rule in sorted(candidates, key=lambda r: r.award is None):
        if rule.award in (award_code, None):
            return rule
    message = N_(
        "Chưa có quy định túc số, ngưỡng thông qua của Hội đồng (%(level)s) áp dụng ngày %(day)s",
        level=level,
        day=on.strftime("%d/%m/%Y"),
    )
    raise Conflict("council_rule_missing", message)


@lru_cache(maxsize=64)
def rule_from_json(rules_json: str) -> CouncilRule:
    """The rule as stored with a box when it opened (frozen): parsed once per distinct text."""
    data = json.loads(rules_json)
    data["valid_from"], data["valid_to"] = _date(data["valid_from"]), _date(data["valid_to"])
    return CouncilRule(**data)
