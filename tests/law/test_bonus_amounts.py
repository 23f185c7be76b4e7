"""Bonus per award at both base salaries, and the coefficient switch of 1/7/2025.

Every expected amount is worked out by hand beside it: coefficient × base salary, rounded up
to the next 10 000 đồng (Decree 152/2025 Art. 49)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from workflows.awards.money import bonus_for, load_rules
from workflows.reference import DATA_DIR

BEFORE, AFTER = date(2026, 6, 30), date(2026, 7, 1)  # 2 340 000 đ, then 2 530 000 đ [?]

# award, target, amount on 30/06/2026, amount on 01/07/2026
AMOUNTS = [
    ("LDTT", "person", 710_000, 760_000),  # 0,3: 702 000 ↑ 710 000 | 759 000 ↑ 760 000
    ("CSTDCS", "person", 2_340_000, 2_530_000),  # 1,0: exact both days
    ("TTLDTT", "collective", 1_880_000, 2_030_000),  # 0,8: 1 872 000 ↑ | 2 024 000 ↑
    ("GK_CN", "person", 710_000, 760_000),  # 0,3 as LĐTT
    ("GK_TT", "collective", 1_410_000, 1_520_000),  # 0,6: 1 404 000 ↑ | 1 518 000 ↑
    ("CSTD_TINH", "person", 7_020_000, 7_590_000),  # 3,0: exact
    ("BK_TINH_CN", "person", 3_510_000, 3_800_000),  # 1,5: 3 510 000 | 3 795 000 ↑
    ("BK_TINH_TT", "collective", 7_020_000, 7_590_000),  # 3,0 (2 × person): exact
    ("TTLDXS", "collective", 3_510_000, 3_800_000),  # 1,5: 3 510 000 | 3 795 000 ↑
    ("CO_THI_DUA_TINH", "collective", 18_720_000, 20_240_000),  # 8,0: exact
    # beyond the province (the ministry pays its own awards; the rate is the same law's)
    ("BK_BO_CN", "person", 3_510_000, 3_800_000),  # 1,5: 3 510 000 | 3 795 000 ↑
    ("BK_BO_TT", "collective", 7_020_000, 7_590_000),  # 3,0: exact
    ("KNC_BO", "person", 1_410_000, 1_520_000),  # 0,6: 1 404 000 ↑ | 1 518 000 ↑
    ("BK_TTG_CN", "person", 8_190_000, 8_860_000),  # 3,5: 8 190 000 | 8 855 000 ↑
    ("BK_TTG_TT", "collective", 16_380_000, 17_710_000),  # 7,0: exact
    ("CO_THI_DUA_CP", "collective", 28_080_000, 30_360_000),  # 12,0: exact
    ("CSTD_TOAN_QUOC", "person", 10_530_000, 11_390_000),  # 4,5: exact | 11 385 000 ↑
]


def test_every_fileable_award_is_priced_here():
    awards = json.loads((DATA_DIR / "awards.json").read_text(encoding="utf-8"))
    fileable = {(a["code"], a["target"]) for a in awards if a.get("fileable", True)}
    assert fileable == {(code, target) for code, target, _, _ in AMOUNTS}


@pytest.mark.parametrize(("award", "target", "before", "after"), AMOUNTS)
def test_bonus_at_both_base_salaries(award, target, before, after):
    amount, rule = bonus_for(award, target, BEFORE)
    assert (amount, rule.base_salary.amount) == (before, 2_340_000)
    amount, rule = bonus_for(award, target, AFTER)
    assert (amount, rule.base_salary.amount) == (after, 2_530_000)


def test_the_new_base_salary_is_data_flagged_unconfirmed():
    rows = {row.amount: row for row in load_rules().base_salaries}
    assert rows[2_340_000].valid_to == date(2026, 6, 30)
    assert rows[2_530_000].valid_from == date(2026, 7, 1)
    assert rows[2_530_000].confirmed is False and rows[2_340_000].confirmed is True


def test_provincial_merit_certificate_before_and_after_decree_152():
    # 1,0 × 2 340 000 under Decree 98; 1,5 × 2 340 000 = 3 510 000 under Decree 152 Art. 54(1).
    before, rule_before = bonus_for("BK_TINH_CN", "person", date(2025, 6, 30))
    after, rule_after = bonus_for("BK_TINH_CN", "person", date(2025, 7, 1))
    assert (before, after) == (2_340_000, 3_510_000)
    assert "98/2023" in rule_before.coefficient.decree
    assert "152/2025" in rule_after.coefficient.decree


@pytest.mark.parametrize(
    ("award", "target", "day", "amount"),
    [
        ("CSTD_TOAN_QUOC", "person", date(2025, 12, 1), 10_530_000),  # 4,5 × 2 340 000
        ("BK_TTG_CN", "person", date(2025, 12, 1), 8_190_000),  # 3,5 × 2 340 000
    ],
)
def test_state_level_coefficients_are_data_too(award, target, day, amount):
    assert bonus_for(award, target, day)[0] == amount


def test_the_basis_text_shows_the_sum_and_the_rounding():
    amount, rule = bonus_for("LDTT", "person", BEFORE)
    text = rule.basis_vi(amount)
    assert text.startswith("0,3 × 2.340.000 đ = 702.000 đ, làm tròn lên 710.000 đ")
    assert "Nghị định 73/2024/NĐ-CP" in text
