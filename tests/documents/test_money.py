"""Bonus money: coefficient × base salary on the decision date, rounded up to 10 000 đồng.
Every expected amount is worked out by hand in the comment beside it."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from workflows.awards.money import NoBonusRule, bonus_for, load_rules, round_up


def test_rounding_up_to_the_next_ten_thousand():
    assert round_up(1_112_000) == 1_120_000  # the Central Emulation Board's example
    assert round_up(834_000) == 840_000  # idem
    assert round_up(702_000) == 710_000
    assert round_up(Decimal("700000.01")) == 710_000
    for exact in (0, 10_000, 710_000, 2_340_000):
        assert round_up(exact) == exact


@pytest.mark.parametrize(
    ("award", "target", "day", "amount"),
    [
        ("LDTT", "person", date(2025, 12, 15), 710_000),  # 0.3 × 2 340 000 = 702 000 ↑
        ("CSTDCS", "person", date(2025, 12, 15), 2_340_000),  # 1.0 × 2 340 000
        ("TTLDTT", "collective", date(2025, 12, 15), 1_880_000),  # 0.8 × 2 340 000 = 1 872 000 ↑
        ("CSTD_TINH", "person", date(2026, 1, 10), 7_020_000),  # 3.0 × 2 340 000
        ("BK_TINH_CN", "person", date(2025, 6, 30), 2_340_000),  # 1.0 before 1/7/2025
        ("BK_TINH_CN", "person", date(2025, 7, 1), 3_510_000),  # 1.5 × 2 340 000 from 1/7/2025
        ("LDTT", "person", date(2024, 6, 30), 540_000),  # 0.3 × 1 800 000, exact
        ("TTLDTT", "collective", date(2024, 3, 1), 1_440_000),  # 0.8 × 1 800 000, exact
    ],
)
def test_amount_uses_the_rules_in_force_on_the_decision_date(award, target, day, amount):
    got, rule = bonus_for(award, target, day)
    assert got == amount
    assert rule.base_salary.covers(day) and rule.coefficient.covers(day)


def test_the_rule_names_its_decrees():
    _, rule = bonus_for("LDTT", "person", date(2025, 6, 15))
    assert rule.base_salary.decree == "Nghị định 73/2024/NĐ-CP"
    assert rule.coefficient.value == Decimal("0.3")
    assert "98/2023" in rule.coefficient.decree and rule.coefficient.confirmed
    # Decree 152/2025 replaced Decree 98 on 1/7/2025: same rate, cited from the new decree and
    # flagged until its text is checked.
    _, rule = bonus_for("LDTT", "person", date(2025, 12, 15))
    assert rule.coefficient.value == Decimal("0.3")
    assert "152/2025" in rule.coefficient.decree and not rule.coefficient.confirmed


def test_no_rule_before_the_data_starts_or_for_an_unknown_award():
    with pytest.raises(NoBonusRule):
        # the base salary is dated from 1/7/2019 (Decree 38/2019), for the history before 2024
        bonus_for("LDTT", "person", date(2019, 6, 30))
    with pytest.raises(NoBonusRule):
        bonus_for("LDTT", "collective", date(2025, 12, 15))
    with pytest.raises(NoBonusRule):
        bonus_for("KHONG_CO", "person", date(2025, 12, 15))


def test_overlapping_periods_are_refused(tmp_path):
    data = {
        "rounding": {"round_up_to": 10000, "source": "x"},
        "base_salary": [
            {"amount": 1, "valid_from": "2024-01-01", "valid_to": None, "decree": "a"},
            {"amount": 2, "valid_from": "2025-01-01", "valid_to": None, "decree": "b"},
        ],
        "coefficients": [],
    }
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="overlapping"):
        load_rules(path)


def test_a_rules_file_of_its_own(tmp_path):
    data = {
        "rounding": {"round_up_to": 1000, "source": "x"},
        "base_salary": [{"amount": 2530000, "valid_from": "2026-07-01", "decree": "giả định"}],
        "coefficients": [
            {
                "award": "LDTT",
                "target": "person",
                "coefficient": 0.3,
                "valid_from": "2024-01-01",
                "decree": "d",
            }
        ],
    }
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    # 0.3 × 2 530 000 = 759 000, already a multiple of 1 000
    assert bonus_for("LDTT", "person", date(2026, 7, 1), load_rules(path))[0] == 759_000
