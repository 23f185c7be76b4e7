"""Quorum and approval threshold as dated data (workflows/data/council_rules.json)."""

from __future__ import annotations

from datetime import date

import pytest

from workflows.council.rules import load_rules, parse_rules, rule_for
from workflows.errors import Conflict

DAY = date(2025, 12, 1)


def test_department_quorum_on_both_sides_of_two_thirds():
    rule = rule_for("department", "LDTT", DAY)
    # 9 members: two thirds is 6 ballots.
    assert rule.quorum_met(6, 9) and not rule.quorum_met(5, 9)
    # 7 members: 14/3 = 4.67, so 5 ballots are needed.
    assert rule.quorum_met(5, 7) and not rule.quorum_met(4, 7)
    assert not rule.quorum_met(0, 0)


def test_department_approval_is_more_than_half_of_the_ballots_cast():
    rule = rule_for("department", "CSTDCS", DAY)
    assert rule.approval_of == "cast" and rule.strict
    assert rule.passes(4, 7, 9) and not rule.passes(3, 6, 9)  # 3 of 6 is half, not more
    assert rule.passes(4, 6, 9)
    assert not rule.confirmed  # the department's own rules are not published [?]


def test_provincial_cstd_needs_ninety_percent_of_all_members():
    rule = rule_for("province", "CSTD_TINH", DAY)
    assert rule.award == "CSTD_TINH" and rule.approval_of == "members"
    # 10 members: 9 yes is 90% → passes; 8 is not, even if all 8 present said yes.
    assert rule.passes(9, 9, 10) and not rule.passes(8, 8, 10)
    # 15 members: 13.5 → 14 needed.
    assert rule.passes(14, 15, 15) and not rule.passes(13, 15, 15)
    # Other provincial awards fall back to the council's general rule: more than half of all.
    general = rule_for("province", "CO_THI_DUA_TINH", DAY)
    assert general.award is None
    assert general.passes(6, 6, 10) and not general.passes(5, 10, 10)


RULES = {
    "rules": [
        {
            "level": "department",
            "award": None,
            "quorum": {"num": 2, "den": 3},
            "approval": {"num": 1, "den": 2, "of": "cast", "strict": True},
            "valid_from": "2024-01-01",
            "valid_to": "2025-06-30",
            "source": "cũ",
        },
        {
            "level": "department",
            "award": None,
            "quorum": {"num": 3, "den": 4},
            "approval": {"num": 2, "den": 3, "of": "members", "strict": False},
            "valid_from": "2025-07-01",
            "valid_to": None,
            "source": "mới",
        },
    ]
}


def test_rules_change_by_date():
    rules = parse_rules(RULES)
    old = rule_for("department", "LDTT", date(2025, 6, 30), rules)
    new = rule_for("department", "LDTT", date(2025, 7, 1), rules)
    assert (old.source, new.source) == ("cũ", "mới")
    # 8 members, 6 present: 2/3 quorum met under the old rule, 3/4 met under the new one;
    # 5 present meets neither 3/4 (6) nor… the old 2/3 (5.33 → 6).
    assert old.quorum_met(6, 8) and new.quorum_met(6, 8)
    assert not old.quorum_met(5, 8) and not new.quorum_met(5, 8)
    # 9 members, 6 present, 4 yes: more than half the cast (old) but not 2/3 of 9 = 6 (new).
    assert old.passes(4, 6, 9) and not new.passes(4, 6, 9)
    assert new.passes(6, 6, 9)
    with pytest.raises(Conflict):
        rule_for("department", "LDTT", date(2023, 12, 31), rules)


def test_the_shipped_file_reads():
    rules = load_rules()
    assert {r.level for r in rules} == {"department", "province"}
    assert all(r.source for r in rules)
    with pytest.raises(ValueError):
        parse_rules({"rules": [{**RULES["rules"][0], "quorum": {"num": 4, "den": 3}}]})
