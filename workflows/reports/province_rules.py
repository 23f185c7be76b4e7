"""The province's rules in force on a day, as the board reads them: for each rule, the value,
its dates, its source, and whether the province set it (table province_rule) or it is the
default shipped in workflows/data/. The criteria rule sets (issue 20's ground) are shown, not
edited, here.

Which day each rule is read on, by the code that applies it: council quorum and thresholds on
the day the ballot box opens; step deadlines on the day the step starts waiting; the year-end
deadline on the day of filing or first submission; the dossier list on the first submission.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, OrgKind, RuleKind
from workflows.awards import dossier, rule_sets
from workflows.council import rules as council_rules
from workflows.deadlines import due_dates
from workflows.rulebook import store

PROVINCE, SHIPPED = "province", "shipped"
CRITERIA = "criteria"


@dataclass(frozen=True)
class Entry:
    kind: str
    key: str
    value: dict
    valid_from: date | None
    valid_to: date | None
    source: str
    #: "province": set by the board (table province_rule); "shipped": the default data file
    origin: str
    #: the version's id when the province set it
    id: int | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "value": self.value,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "source": self.source,
            "origin": self.origin,
            "id": self.id,
        }


def _province_entry(version: store.Version) -> Entry:
    return Entry(
        version.kind,
        version.key,
        version.value,
        version.valid_from,
        version.valid_to,
        version.source,
        PROVINCE,
        version.id,
    )


def _council(day: date, set_here: dict[str, store.Version]) -> list[Entry]:
    out = []
    for rule in council_rules.load_rules():
        key = f"{rule.level}:{rule.award}" if rule.award else rule.level
        if rule.valid_on(day) and key not in set_here:
            value = {
                "quorum": {"num": rule.quorum_num, "den": rule.quorum_den},
                "approval": {
                    "num": rule.approval_num,
                    "den": rule.approval_den,
                    "of": rule.approval_of,
                    "strict": rule.strict,
                },
            }
            out.append(
                Entry(
                    RuleKind.COUNCIL,
                    key,
                    value,
                    rule.valid_from,
                    rule.valid_to,
                    rule.source,
                    SHIPPED,
                )
            )
    return out


def _steps(day: date, set_here: dict[str, store.Version]) -> list[Entry]:
    out = []
    for rule in due_dates.load_rules().steps:
        if rule.valid_on(day) and rule.step not in set_here:
            value = {
                "duration": rule.duration,
                "unit": rule.unit,
                "remind_before": rule.remind_before,
                "escalate_to": {"role": rule.escalate_role, "scope": rule.escalate_scope},
                "from_round": rule.from_round,
            }
            out.append(
                Entry(
                    RuleKind.STEP_DEADLINE,
                    rule.step,
                    value,
                    rule.valid_from,
                    rule.valid_to,
                    rule.legal_basis,
                    SHIPPED,
                )
            )
    return out


def _dossiers(session: Session, day: date, set_here: dict[str, store.Version]) -> list[Entry]:
    province = session.scalar(
        select(Organisation.code).where(Organisation.kind == OrgKind.PROVINCE)
    )
    awards = sorted({a for row in dossier.shipped_rows() for a in row.awards})
    out = []
    for procedure in ("normal", "simplified"):
        for award in awards:
            key = f"{procedure}:{award}"
            row = dossier.row_for(award, procedure, province or dossier.ANY_PROVINCE, day)
            if row is None or key in set_here:
                continue
            value = {"required": list(row.required), "optional": list(row.optional), "items": {}}
            out.append(
                Entry(
                    RuleKind.DOSSIER,
                    key,
                    value,
                    row.valid_from,
                    row.valid_to,
                    row.basis,
                    SHIPPED,
                )
            )
    return out


def in_force(session: Session, day: date) -> list[Entry]:
    """Every rule in force on `day`, the province's versions first within each kind."""
    out: list[Entry] = []
    for kind in RuleKind:
        set_here = store.in_force(session, kind, day)
        out += [_province_entry(v) for _, v in sorted(set_here.items())]
        if kind == RuleKind.COUNCIL:
            out += _council(day, set_here)
        elif kind == RuleKind.STEP_DEADLINE:
            out += _steps(day, set_here)
        elif kind == RuleKind.DOSSIER:
            out += _dossiers(session, day, set_here)
    try:
        criteria = rule_sets.rule_set_on(day)
    except rule_sets.NoRuleSet:
        return out
    out.append(
        Entry(
            CRITERIA,
            criteria.code,
            {"name_vi": criteria.name_vi, "name_en": criteria.name_en},
            criteria.valid_from,
            criteria.valid_to,
            criteria.legal_basis,
            SHIPPED,
        )
    )
    return out
