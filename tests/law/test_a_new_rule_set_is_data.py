"""A new rule set is a data change (issue 20, point 6): a fictitious decree from 1/1/2027 is
added as rows — one in rule_sets.json (judged by Decree 152's criteria) and its coefficient in
bonus_rules.json — and proposals on either side of that day are judged and paid by their own.

Worked by hand, base salary 2,530,000 đ on both days:
- decided 31/12/2026 (Decree 152/2025): LĐTT 0,3 × 2 530 000 = 759 000 → 760 000 đ;
- decided 01/01/2027 (the fictitious decree): LĐTT 0,5 × 2 530 000 = 1 265 000 → 1 270 000 đ.
"""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

import pytest

from tests.support.eligibility import History, nominee_of
from workflows.awards import money, rule_sets
from workflows.eligibility import checks
from workflows.process import decisions
from workflows.reference import DATA_DIR

FICTITIOUS = {
    "code": "THU_2027",
    "name_vi": "Luật Thi đua, khen thưởng 2022 và Nghị định thử 999/2026/NĐ-CP",
    "name_en": "Law on Emulation and Commendation 2022 and test Decree 999/2026/ND-CP",
    "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 999/2026/NĐ-CP (thử)",
    "valid_from": "2027-01-01",
    "valid_to": None,
    "criteria": "ND152_2025",
}


@pytest.fixture
def next_decree(tmp_path, monkeypatch):
    sets = json.loads((DATA_DIR / "rule_sets.json").read_text(encoding="utf-8"))
    for row in sets["rule_sets"]:
        if row["valid_to"] is None:
            row["valid_to"] = "2026-12-31"
    sets["rule_sets"].append(FICTITIOUS)
    bonus = json.loads((DATA_DIR / "bonus_rules.json").read_text(encoding="utf-8"))
    for row in bonus["coefficients"]:
        if row["award"] == "LDTT" and row["valid_to"] is None:
            row["valid_to"] = "2026-12-31"
    bonus["coefficients"].append(
        {
            "award": "LDTT",
            "target": "person",
            "coefficient": 0.5,
            "valid_from": "2027-01-01",
            "valid_to": None,
            "rule_set": "THU_2027",
            "decree": "Nghị định 999/2026/NĐ-CP, Điều 1 (thử)",
        }
    )
    (tmp_path / "rule_sets.json").write_text(json.dumps(sets), encoding="utf-8")
    (tmp_path / "bonus_rules.json").write_text(json.dumps(bonus), encoding="utf-8")
    monkeypatch.setattr(rule_sets, "RULE_SETS_FILE", tmp_path / "rule_sets.json")
    monkeypatch.setattr(money, "RULES_FILE", tmp_path / "bonus_rules.json")


@pytest.mark.parametrize(
    ("decided", "code", "amount", "decree"),
    [
        (date(2026, 12, 31), "ND152_2025", 760_000, "152/2025"),
        (date(2027, 1, 1), "THU_2027", 1_270_000, "999/2026"),
    ],
)
def test_proposals_either_side_are_judged_and_paid_by_their_own(
    next_decree, session, decided, code, amount, decree
):
    person = History(session).person()
    History(session).year(person=person, year=2026)
    nominee = nominee_of(person)
    proposal = SimpleNamespace(
        award_code="LDTT", year=2026, decision_date=decided, submitted_at=None, nominees=[nominee]
    )
    (result,) = checks.check(session, proposal, date(2027, 1, 5))
    assert result.rule_set.code == code
    assert result.passed, result.as_dict()  # Decree 152's criteria, rows of the same table
    assert "du_6_thang" in {c.code for c in result.criteria}
    (grant,) = decisions.bonuses(proposal)
    assert grant.amount == amount and decree in grant.basis
