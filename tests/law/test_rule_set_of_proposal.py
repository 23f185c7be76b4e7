"""One rule says which rule set judges, pays and is cited for a proposal (issue 20, point 2).

The set in force on the decision date (before a decision: the day of the check), except that a
dossier received before 1/7/2025 stays under Decree 98/2023 (Decree 152/2025's transitional
rule, a row of rule_sets.json). Every amount is worked by hand beside it.
"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from tests.support.eligibility import History, nominee_of
from workflows.awards import money, rule_sets
from workflows.documents import citations
from workflows.eligibility import checks

LATER = date(2026, 3, 1)  # a day of checking long after every date below


def _proposal(award="LDTT", year=2025, decided=None, received=None, nominees=()):
    # submitted_at is stored naive in UTC: 10:00 UTC is 17:00 the same day in Việt Nam.
    return SimpleNamespace(
        award_code=award,
        year=year,
        decision_date=decided,
        submitted_at=datetime(received.year, received.month, received.day, 10)
        if received
        else None,
        nominees=list(nominees),
    )


@pytest.mark.parametrize(
    ("decided", "received", "code"),
    [
        (date(2025, 6, 30), None, "ND98_2023"),
        (date(2025, 7, 1), None, "ND152_2025"),
        # received the day before the new decree: kept under the old one when decided after
        (date(2025, 7, 10), date(2025, 6, 30), "ND98_2023"),
        (date(2025, 7, 10), date(2025, 7, 1), "ND152_2025"),
    ],
)
def test_the_decision_date_and_the_transitional_rule_choose(decided, received, code):
    applied = rule_sets.for_proposal(_proposal(decided=decided, received=received), LATER)
    assert applied.rule_set.code == code
    assert applied.day == decided
    if received == date(2025, 6, 30):
        assert "chuyển tiếp" in applied.reason and "30/06/2025" in applied.reason
        assert applied.confirmed is False  # the article was reported, not read


def test_received_late_on_30_june_utc_is_1_july_in_viet_nam():
    proposal = _proposal(decided=date(2025, 7, 10))
    proposal.submitted_at = datetime(2025, 6, 30, 17, 30)  # 00:30 on 1/7/2025 in Hà Nội
    assert rule_sets.for_proposal(proposal, LATER).rule_set.code == "ND152_2025"


def test_before_a_decision_the_day_of_the_check_counts():
    assert rule_sets.for_proposal(_proposal(), date(2025, 6, 30)).rule_set.code == "ND98_2023"
    assert rule_sets.for_proposal(_proposal(), date(2025, 7, 1)).rule_set.code == "ND152_2025"


def test_a_decision_of_15_june_2025_is_checked_and_paid_under_decree_98(session):
    # Before the fix the check used the server's date (here 2026) and cited Decree 152,
    # while the money used the decision date and Decree 98.
    person = History(session).person()
    proposal = _proposal(decided=date(2025, 6, 15), nominees=[nominee_of(person)])
    (result,) = checks.check(session, proposal, LATER)
    assert result.rule_set.code == "ND98_2023"
    assert "98/2023" in result.as_dict()["legal_basis"]
    code = rule_sets.for_proposal(proposal, LATER).rule_set.code
    amount, rule = money.bonus_for("LDTT", "person", date(2025, 6, 15), rule_set=code)
    assert amount == 710_000  # 0,3 × 2 340 000 = 702 000 ↑ 710 000
    assert "98/2023" in rule.coefficient.decree


@pytest.mark.parametrize(
    ("received", "amount", "decree"),
    [
        # 1,0 × 2 340 000 = 2 340 000 (Decree 98 kept by the transitional rule)
        (date(2025, 6, 30), 2_340_000, "98/2023"),
        # 1,5 × 2 340 000 = 3 510 000 (Decree 152 Art. 54)
        (date(2025, 7, 1), 3_510_000, "152/2025"),
    ],
)
def test_a_dossier_kept_under_decree_98_is_paid_and_cited_by_it(received, amount, decree):
    decided = date(2025, 7, 10)
    proposal = _proposal("BK_TINH_CN", decided=decided, received=received)
    code = rule_sets.for_proposal(proposal, LATER).rule_set.code
    got, rule = money.bonus_for("BK_TINH_CN", "person", decided, rule_set=code)
    assert got == amount and decree in rule.coefficient.decree
    lines = citations.bases(list(rule.decrees), decided, kept=(rule.coefficient.decree,))
    assert any(decree in line for line in lines)


# -- point 5: the articles and the acts cited ----------------------------------------------


@pytest.mark.parametrize(
    ("award", "target", "article"),
    [
        ("LDTT", "person", "Điều 50"),
        ("CSTDCS", "person", "Điều 50"),
        ("TTLDTT", "collective", "Điều 50"),
        ("TTLDXS", "collective", "Điều 50"),
        ("CO_THI_DUA_TINH", "collective", "Điều 50"),
        ("BK_TINH_CN", "person", "Điều 54"),
        ("BK_TINH_TT", "collective", "Điều 54"),
        ("GK_CN", "person", "Điều 54"),
        ("GK_TT", "collective", "Điều 54"),
    ],
)
def test_titles_cite_article_50_and_forms_article_54_after_1_july_2025(award, target, article):
    _, before = money.bonus_for(award, target, date(2025, 6, 30), rule_set="ND98_2023")
    _, after = money.bonus_for(award, target, date(2025, 7, 1), rule_set="ND152_2025")
    assert "98/2023" in before.coefficient.decree
    assert "152/2025" in after.coefficient.decree and article in after.coefficient.decree


@pytest.mark.parametrize(
    ("day", "salary", "act", "amount"),
    [
        (date(2026, 6, 30), 2_340_000, "73/2024/NĐ-CP", 710_000),  # 702 000 ↑ 710 000
        (date(2026, 7, 1), 2_530_000, "161/2026/NĐ-CP", 760_000),  # 759 000 ↑ 760 000
    ],
)
def test_the_base_salary_cites_its_decree_and_documents_drop_the_doubt(day, salary, act, amount):
    got, rule = money.bonus_for("LDTT", "person", day, rule_set="ND152_2025")
    assert (got, rule.base_salary.amount) == (amount, salary)
    assert act in rule.base_salary.decree
    printed = citations.printable(rule.base_salary.decree)
    lines = citations.bases([printed], day)
    assert len(lines) == 1 and act in lines[0]
    for doubt in ("chưa đối chiếu", "chờ văn bản", "theo văn bản được trích dẫn"):
        assert doubt not in printed and doubt not in lines[0]
    # ... while the staff's screen keeps the flag
    assert rule.base_salary.confirmed is (salary == 2_340_000)
