"""Bonus money for an award: coefficient × base salary in force on the decision date,
rounded up to the next ten thousand đồng (ARCHITECTURE.md, "Domain facts").

Both the coefficients and the base salary are dated rows in data/bonus_rules.json,
never constants here: decrees change them, and an old decision must keep its amount.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from functools import cache
from pathlib import Path

from workflows.reference import DATA_DIR

RULES_FILE = DATA_DIR / "bonus_rules.json"
#: how the basis of an amount that no decision stated begins: the demo's imported history is
#: given the amount the rules of its day give (plausible, not paid); reports mark such lines
ESTIMATED = "Ước tính theo quy định tại ngày quyết định (dữ liệu mẫu): "


class NoBonusRule(LookupError):
    """No coefficient or no base salary is in force for that award, target and date."""


@dataclass(frozen=True)
class Dated:
    valid_from: date
    valid_to: date | None  #: inclusive; None while still in force

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Coefficient(Dated):
    award: str
    target: str
    value: Decimal
    decree: str
    confirmed: bool = True
    #: the rule set (rule_sets.json) this coefficient belongs to; "" for a row of no set
    rule_set: str = ""


@dataclass(frozen=True)
class BaseSalary(Dated):
    amount: int
    decree: str
    confirmed: bool = True


@dataclass(frozen=True)
class Rules:
    round_up_to: int
    rounding_source: str
    coefficients: tuple[Coefficient, ...]
    base_salaries: tuple[BaseSalary, ...]


@dataclass(frozen=True)
class BonusRule:
    """What an amount was computed from, so a document can cite it."""

    coefficient: Coefficient
    base_salary: BaseSalary
    round_up_to: int
    rounding_source: str

    @property
    def decrees(self) -> tuple[str, ...]:
        return (self.coefficient.decree, self.base_salary.decree)

    def basis_vi(self, amount: int) -> str:
        """How the amount was computed, in words a decision can print."""
        raw = self.coefficient.value * self.base_salary.amount
        return (
            f"{_vn_number(self.coefficient.value)} × {_vn_number(self.base_salary.amount)} đ "
            f"= {_vn_number(raw)} đ, làm tròn lên {_vn_number(amount)} đ "
            f"({self.coefficient.decree}; {self.base_salary.decree}; {self.rounding_source})"
        )


def _vn_number(value: Decimal | int) -> str:
    """1234567.5 → "1.234.567,5": Vietnamese thousands and decimal marks."""
    text = format(Decimal(value).normalize(), "f")
    whole, _, frac = text.partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return f"{whole},{frac}" if frac else whole


def round_up(amount: Decimal | int, step: int = 10_000) -> int:
    """Round up to the next multiple of `step`; exact multiples stay as they are."""
    units = (Decimal(amount) / step).to_integral_value(rounding=ROUND_CEILING)
    return int(units) * step


def bonus_for(
    award_code: str,
    target: str,
    on_date: date,
    rules: Rules | None = None,
    *,
    rule_set: str | None = None,
) -> tuple[int, BonusRule]:
    """(amount in VND, the rule used) for one person or collective receiving `award_code`
    by a decision of `on_date`.

    `rule_set`: the code of the proposal's rule set (workflows.awards.rule_sets.for_proposal),
    whose coefficient applies whatever the date (a dossier kept under Decree 98/2023 by the
    transitional rule is paid at its rate); the base salary is always the decision date's.
    Without it, the coefficient in force on `on_date`.
    """
    rules = rules or load_rules()
    what = f"hệ số tiền thưởng cho '{award_code}' ({target})"
    rows = [c for c in rules.coefficients if c.award == award_code and c.target == target]
    if rule_set is not None:
        of_set = [c for c in rows if c.rule_set == rule_set]
        if not of_set:
            raise NoBonusRule(f"Không có {what} theo bộ quy định {rule_set}")
        coefficient = of_set[0]
    else:
        coefficient = _one(rows, on_date, what)
    base = _one(list(rules.base_salaries), on_date, "mức lương cơ sở")
    amount = round_up(coefficient.value * base.amount, rules.round_up_to)
    return amount, BonusRule(coefficient, base, rules.round_up_to, rules.rounding_source)


@dataclass(frozen=True)
class Recovery:
    """The money a revoked award gives back, and how it was worked out."""

    amount: int
    basis_vi: str


def recovery(
    award_code: str,
    target: str,
    decision_date: date | None,
    paid: int | None,
    rules: Rules | None = None,
) -> Recovery:
    """What a revocation recovers (thu hồi tiền thưởng): the bonus the decision paid.

    The amount recorded at the decision is what was paid and is recovered as it is (a later
    base salary does not change it); a record without one (imported) is worked out as the
    decision would have: the coefficient and base salary in force on its date, rounded up.
    Neither known: nothing to recover, said so."""
    if paid is not None:
        return Recovery(
            paid, f"Thu hồi số tiền thưởng đã chi theo quyết định: {_vn_number(paid)} đ"
        )
    if decision_date is None:
        return Recovery(0, "Không có ngày quyết định: không xác định được tiền thưởng đã chi")
    try:
        amount, rule = bonus_for(award_code, target, decision_date, rules)
    except NoBonusRule as exc:
        return Recovery(0, f"Không xác định được tiền thưởng đã chi: {exc}")
    return Recovery(amount, f"Thu hồi tiền thưởng tính lại: {rule.basis_vi(amount)}")


def _one(rows: list, on_date: date, what: str):
    for row in rows:
        if row.covers(on_date):
            return row
    raise NoBonusRule(f"Không có {what} áp dụng ngày {on_date:%d/%m/%Y}")


def load_rules(path: Path | None = None) -> Rules:
    # The default path is read at each call (not bound as a default) so a test can point it
    # elsewhere.
    return _load(path or RULES_FILE)


@cache
def _load(path: Path) -> Rules:
    # Decimals, not floats: 0.3 × 2 340 000 must be exactly 702 000 before rounding up.
    data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    coefficients = tuple(
        Coefficient(
            valid_from=date.fromisoformat(row["valid_from"]),
            valid_to=_date_or_none(row.get("valid_to")),
            award=row["award"],
            target=row["target"],
            value=Decimal(row["coefficient"]),
            decree=row["decree"],
            confirmed=row.get("confirmed", True),
            rule_set=row.get("rule_set", ""),
        )
        for row in data["coefficients"]
    )
    salaries = tuple(
        BaseSalary(
            valid_from=date.fromisoformat(row["valid_from"]),
            valid_to=_date_or_none(row.get("valid_to")),
            amount=int(row["amount"]),
            decree=row["decree"],
            confirmed=row.get("confirmed", True),
        )
        for row in data["base_salary"]
    )
    _check_no_overlap(salaries, lambda r: "base_salary", path)
    _check_no_overlap(coefficients, lambda r: (r.award, r.target), path)
    # One coefficient per award, target and rule set: the rule set alone must pick it.
    seen = [(c.award, c.target, c.rule_set) for c in coefficients if c.rule_set]
    if len(seen) != len(set(seen)):
        raise ValueError(f"{path.name}: two coefficients for one award, target and rule set")
    rounding = data["rounding"]
    return Rules(int(rounding["round_up_to"]), rounding["source"], coefficients, salaries)


def _date_or_none(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _check_no_overlap(rows, key, path: Path) -> None:
    """Two rows in force on the same day for the same thing would make the amount ambiguous."""
    by_key: dict = {}
    for row in rows:
        by_key.setdefault(key(row), []).append(row)
    for name, group in by_key.items():
        group.sort(key=lambda r: r.valid_from)
        for earlier, later in zip(group, group[1:], strict=False):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise ValueError(
                    f"{path.name}: {name} has overlapping periods from {later.valid_from}"
                )
