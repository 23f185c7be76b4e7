"""Each criterion of bpmn/eligibility.dmn on both sides of its boundary.

Expected outcomes are worked out by hand from the law (Luật TĐKT 2022 Art. 22–28, 74;
Decree 152/2025 Art. 4), never read back from the table.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests.support.eligibility import YEAR, nominee_of
from workflows.eligibility import checks
from workflows.history.initiatives import mark_used


def passed(result: dict) -> dict[str, bool]:
    return {code: c.passed for code, c in result.items()}


# -- every award: discipline ---------------------------------------------------------------


@pytest.mark.parametrize("award", ["LDTT", "GK_CN", "BK_TINH_CN"])
def test_no_award_in_a_year_of_discipline(history, verdict, award):
    clean, punished = history.person(), history.person()
    history.year(person=clean)
    history.year(person=punished, disciplined=True)
    assert verdict(award, clean)["khong_ky_luat"].passed is True
    failed = verdict(award, punished)["khong_ky_luat"]
    assert failed.passed is False and f"Năm {YEAR} bị kỷ luật" in failed.reason


def test_no_award_while_a_review_is_open_even_one_recorded_the_next_year(history, verdict):
    person = history.person()
    history.year(person=person)
    assert verdict("LDTT", person)["khong_dang_xem_xet"].passed is True
    history.year(person=person, year=YEAR + 1, rating=None, under_review=True)
    assert verdict("LDTT", person)["khong_dang_xem_xet"].passed is False


def test_an_old_review_before_the_award_year_does_not_count(history, verdict):
    person = history.person()
    history.year(person=person)
    history.year(person=person, year=YEAR - 1, under_review=True)
    assert verdict("LDTT", person)["khong_dang_xem_xet"].passed is True


def test_a_collective_under_discipline_fails_too(history, verdict):
    unit = history.unit()
    history.year(org=unit, disciplined=True)
    assert verdict("GK_TT", unit)["khong_ky_luat"].passed is False


# -- not linked to the registry ------------------------------------------------------------


@pytest.mark.parametrize(
    ("award", "kind", "words"),
    [("LDTT", "person", "danh sách cán bộ"), ("TTLDTT", "collective", "danh mục tổ chức")],
)
def test_a_nominee_not_in_the_registry_fails_saying_so(verdict, award, kind, words):
    result = verdict(award, kind)
    assert list(result) == ["lien_ket"]
    assert result["lien_ket"].passed is False and words in result["lien_ket"].reason


# -- Lao động tiên tiến ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "ok"), [("xuat_sac", True), ("tot", True), ("hoan_thanh", False), (None, False)]
)
def test_ldtt_needs_good_completion_or_better(history, verdict, rating, ok):
    person = history.person()
    history.year(person=person, rating=rating)
    assert verdict("LDTT", person)["xep_loai"].passed is ok


@pytest.mark.parametrize(
    ("recruited", "months", "ok"),
    # 1/7 to 31/12 is six whole months; one day later is five.
    [(date(YEAR, 7, 1), 6, True), (date(YEAR, 7, 2), 5, False), (date(YEAR, 6, 15), 6, True)],
)
def test_ldtt_needs_six_months_of_service(history, verdict, recruited, months, ok):
    person = history.person(recruited=recruited)
    history.year(person=person)
    criterion = verdict("LDTT", person)["du_6_thang"]
    assert criterion.passed is ok
    assert (
        f"{months} tháng" in criterion.reason and recruited.strftime("%d/%m/%Y") in criterion.reason
    )


def test_ldtt_without_a_recruitment_date_fails_saying_so(history, verdict):
    person = history.person(recruited=None)
    history.year(person=person)
    criterion = verdict("LDTT", person)["du_6_thang"]
    assert criterion.passed is False and "Chưa có ngày tuyển dụng" in criterion.reason


# -- Chiến sĩ thi đua cơ sở -----------------------------------------------------------------


def test_cstdcs_needs_ldtt_that_year_and_a_one_off_award_does_not_count(history, verdict):
    person = history.person()
    history.year(person=person, rating="xuat_sac")
    assert verdict("CSTDCS", person)["ldtt_nam_xet"].passed is False
    history.award("LDTT", person=person, one_off=True)
    assert verdict("CSTDCS", person)["ldtt_nam_xet"].passed is False
    other = history.person()
    history.year(person=other, rating="xuat_sac")
    history.award("LDTT", person=other)
    assert verdict("CSTDCS", other)["ldtt_nam_xet"].passed is True


def test_cstdcs_needs_htxsnv_or_an_unused_initiative(history, verdict, session):
    good = history.person()
    history.year(person=good, rating="tot")
    history.award("LDTT", person=good)
    assert verdict("CSTDCS", good)["htxs_hoac_sang_kien"].passed is False
    initiative = history.initiative(good)
    assert verdict("CSTDCS", good)["htxs_hoac_sang_kien"].passed is True
    # Once it grounded another award, it no longer counts (Decree 152/2025 Art. 4).
    mark_used(session, initiative, history.award("GK_CN", person=good, year=YEAR - 1))
    assert verdict("CSTDCS", good)["htxs_hoac_sang_kien"].passed is False
    excellent = history.person()
    history.year(person=excellent, rating="xuat_sac")
    history.award("LDTT", person=excellent)
    assert passed(verdict("CSTDCS", excellent)) == {
        "khong_ky_luat": True,
        "khong_dang_xem_xet": True,
        "chua_duoc_tang": True,
        "ldtt_nam_xet": True,
        "htxs_hoac_sang_kien": True,
    }


def test_an_initiative_recognised_after_the_award_year_does_not_count(history, verdict):
    person = history.person()
    history.year(person=person)
    history.award("LDTT", person=person)
    history.initiative(person, year=YEAR + 1)
    assert verdict("CSTDCS", person)["htxs_hoac_sang_kien"].passed is False


# -- Chiến sĩ thi đua cấp tỉnh ---------------------------------------------------------------


def test_provincial_fighter_needs_three_consecutive_cstdcs(history, verdict):
    person = history.person()
    history.initiative(person, scope="tinh")
    for year in (YEAR - 1, YEAR):
        history.award("CSTDCS", person=person, year=year)
    two = verdict("CSTD_TINH", person)["cstdcs_3_nam"]
    assert two.passed is False and ": 2 (cần 3)" in two.reason
    history.award("CSTDCS", person=person, year=YEAR - 2)
    assert verdict("CSTD_TINH", person)["cstdcs_3_nam"].passed is True


def test_a_gap_breaks_the_streak_and_one_off_years_do_not_fill_it(history, verdict):
    person = history.person()
    history.award("CSTDCS", person=person, year=YEAR - 2)
    history.award("CSTDCS", person=person, year=YEAR - 1, one_off=True)
    history.award("CSTDCS", person=person, year=YEAR)
    assert "tính đến năm 2025: 1 (cần 3)" in verdict("CSTD_TINH", person)["cstdcs_3_nam"].reason


def test_provincial_fighter_needs_a_provincial_or_national_initiative(history, verdict):
    person = history.person()
    history.initiative(person, scope="co_so")
    assert verdict("CSTD_TINH", person)["sang_kien_cap_tinh"].passed is False
    history.initiative(person, scope="toan_quoc")
    assert verdict("CSTD_TINH", person)["sang_kien_cap_tinh"].passed is True


# -- Bằng khen của Chủ tịch UBND tỉnh (cá nhân) ----------------------------------------------


def test_provincial_merit_with_two_consecutive_cstdcs(history, verdict):
    person = history.person()
    history.award("CSTDCS", person=person, year=YEAR)
    assert verdict("BK_TINH_CN", person)["bk_thanh_tich"].passed is False
    history.award("CSTDCS", person=person, year=YEAR - 1, one_off=True)
    assert verdict("BK_TINH_CN", person)["bk_thanh_tich"].passed is False
    other = history.person()
    history.award("CSTDCS", person=other, year=YEAR)
    history.award("CSTDCS", person=other, year=YEAR - 1)
    assert verdict("BK_TINH_CN", other)["bk_thanh_tich"].passed is True


def test_provincial_merit_with_two_years_htxsnv_needs_two_initiatives(history, verdict):
    person = history.person()
    history.year(person=person, year=YEAR - 1, rating="xuat_sac")
    history.year(person=person, year=YEAR, rating="xuat_sac")
    history.initiative(person)
    assert verdict("BK_TINH_CN", person)["bk_thanh_tich"].passed is False
    history.initiative(person, year=YEAR - 1)
    assert verdict("BK_TINH_CN", person)["bk_thanh_tich"].passed is True


def test_one_year_htxsnv_with_two_initiatives_is_not_enough(history, verdict):
    person = history.person()
    history.year(person=person, year=YEAR - 1, rating="tot")
    history.year(person=person, year=YEAR, rating="xuat_sac")
    history.initiative(person)
    history.initiative(person)
    assert verdict("BK_TINH_CN", person)["bk_thanh_tich"].passed is False


# -- collectives ---------------------------------------------------------------------------


def collective(history, members: int, ldtt: int, *, rating="tot", member_rating="tot"):
    """A unit rated `rating` whose `members` people have a 2025 record, `ldtt` of them LĐTT."""
    unit = history.unit()
    history.year(org=unit, rating=rating)
    for k in range(members):
        person = history.person(unit)
        history.year(person=person, rating=member_rating)
        if k < ldtt:
            history.award("LDTT", person=person)
    return unit


@pytest.mark.parametrize(("ldtt", "ok"), [(5, False), (6, True)])
def test_advanced_collective_needs_more_than_half_ldtt(history, verdict, ldtt, ok):
    unit = collective(history, 10, ldtt)
    criterion = verdict("TTLDTT", unit)["tren_50_ldtt"]
    assert criterion.passed is ok and f"{ldtt}/10 thành viên" in criterion.reason


def test_advanced_collective_needs_good_completion(history, verdict):
    assert verdict("TTLDTT", collective(history, 2, 2, rating="hoan_thanh"))[
        "xep_loai_tap_the"
    ].passed is False  # fmt: skip
    assert verdict("TTLDTT", collective(history, 2, 2, rating="tot"))["xep_loai_tap_the"].passed


@pytest.mark.parametrize(("ldtt", "ok", "shown"), [(69, False, "69%"), (70, True, "70%")])
def test_excellent_collective_needs_seventy_percent_ldtt(history, verdict, ldtt, ok, shown):
    unit = collective(history, 100, ldtt, rating="xuat_sac")
    criterion = verdict("TTLDXS", unit)["tu_70_ldtt"]
    assert criterion.passed is ok and f"{ldtt}/100 thành viên" in criterion.reason
    assert f"({shown};" in criterion.reason


def test_seventy_percent_is_never_reached_by_rounding(history, verdict):
    # 16/23 = 69.57%: shown truncated as 69,5%, and failing.
    criterion = verdict("TTLDXS", collective(history, 23, 16, rating="xuat_sac"))["tu_70_ldtt"]
    assert criterion.passed is False and "(69,5%;" in criterion.reason


def test_excellent_collective_needs_everyone_completing_and_one_cstdcs(history, verdict):
    unit = collective(history, 3, 3, rating="xuat_sac")
    result = verdict("TTLDXS", unit)
    assert result["tat_ca_hoan_thanh"].passed is True
    assert result["co_cstdcs"].passed is False
    slacker = history.person(unit)
    history.year(person=slacker, rating="khong_hoan_thanh")
    assert verdict("TTLDXS", unit)["tat_ca_hoan_thanh"].passed is False
    history.award("CSTDCS", person=slacker)
    assert verdict("TTLDXS", unit)["co_cstdcs"].passed is True


def test_members_below_the_unit_count_and_those_without_a_record_do_not(history, verdict):
    unit = history.unit()
    history.year(org=unit, rating="xuat_sac")
    team = history.unit(parent=unit)
    for _ in range(2):
        person = history.person(team)
        history.year(person=person)
        history.award("LDTT", person=person)
    history.person(unit)  # no record for 2025: not counted at all
    criterion = verdict("TTLDTT", unit)["tren_50_ldtt"]
    assert criterion.passed is True and "2/2 thành viên" in criterion.reason


def test_excellent_collective_rating(history, verdict):
    assert not verdict("TTLDXS", collective(history, 1, 1, rating="tot"))[
        "xep_loai_tap_the_xs"
    ].passed  # fmt: skip


def test_flag_needs_ttldxs_that_year_and_leaves_the_ranking_to_the_bloc(history, verdict):
    unit = history.unit()
    history.year(org=unit, rating="xuat_sac")
    history.award("TTLDXS", org=unit, year=YEAR - 1)
    criterion = verdict("CO_THI_DUA_TINH", unit)["ttldxs_nam_xet"]
    assert criterion.passed is False and "suy tôn" in criterion.reason
    history.award("TTLDXS", org=unit)
    assert verdict("CO_THI_DUA_TINH", unit)["ttldxs_nam_xet"].passed is True


# -- the rule set in force -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "code", "decree"),
    [(date(2025, 6, 30), "ND98_2023", "98/2023"), (date(2025, 7, 1), "ND152_2025", "152/2025")],
)
def test_the_rule_set_is_the_one_in_force_on_the_day_and_cited(history, session, day, code, decree):
    person = history.person()
    history.year(person=person)
    proposal = SimpleNamespace(award_code="LDTT", year=YEAR, nominees=[nominee_of(person)])
    (result,) = checks.check(session, proposal, day)
    assert result.rule_set.code == code
    shown = result.as_dict()
    assert shown["rule_set"] == code and decree in shown["legal_basis"]
    assert [c["code"] for c in shown["criteria"]] == [
        "khong_ky_luat",
        "khong_dang_xem_xet",
        "chua_duoc_tang",
        "xep_loai",
        "du_6_thang",
    ]


def test_a_nominee_voted_down_is_not_checked(history, session):
    out = nominee_of(history.person())
    out.status = "voted_down"
    proposal = SimpleNamespace(award_code="LDTT", year=YEAR, nominees=[out])
    assert checks.check(session, proposal, date(2025, 12, 1)) == []


# -- grounds: which initiatives the decision marks used -----------------------------------


def test_grounds_are_the_oldest_fitting_unused_initiatives(history, session):
    person = history.person()
    this_year = history.year(person=person, rating="tot")
    history.award("LDTT", person=person)
    newer = history.initiative(person, recognised=date(YEAR, 9, 1))
    older = history.initiative(person, recognised=date(YEAR, 2, 1))
    nominee = nominee_of(person)
    assert checks.grounds(session, nominee, "CSTDCS", YEAR) == [older]
    # Two years of HTXSNV and two initiatives ground a Bằng khen: both are used.
    history.year(person=person, year=YEAR - 1, rating="xuat_sac")
    this_year.rating = "xuat_sac"
    session.flush()
    assert checks.grounds(session, nominee, "BK_TINH_CN", YEAR) == [older, newer]
    # HTXSNV alone now carries CSTĐCS, and LĐTT has no initiative criterion: none is used.
    assert checks.grounds(session, nominee, "CSTDCS", YEAR) == []
    assert checks.grounds(session, nominee, "LDTT", YEAR) == []


def test_a_provincial_fighter_is_grounded_on_a_provincial_initiative(history, session):
    person = history.person()
    history.initiative(person, scope="co_so", recognised=date(YEAR - 1, 1, 1))
    provincial = history.initiative(person, scope="tinh")
    for year in (YEAR - 2, YEAR - 1, YEAR):
        history.award("CSTDCS", person=person, year=year)
    assert checks.grounds(session, nominee_of(person), "CSTD_TINH", YEAR) == [provincial]


def test_the_same_award_for_the_same_year_is_not_given_twice(history, verdict):
    person = history.person()
    history.year(person=person, rating="tot")
    history.award("LDTT", person=person, year=YEAR - 1)
    # Last year's LĐTT is a prerequisite elsewhere, not a duplicate of this year's.
    assert verdict("LDTT", person)["chua_duoc_tang"].passed is True
    history.award("LDTT", person=person)
    twice = verdict("LDTT", person)["chua_duoc_tang"]
    assert twice.passed is False and f"Đã được tặng cho năm {YEAR}" in twice.reason
    # Another award that year is no duplicate.
    assert verdict("GK_CN", person)["chua_duoc_tang"].passed is True


@pytest.mark.parametrize(
    ("award", "uses_initiatives"),
    [
        ("LDTT", False),
        ("TTLDXS", False),
        ("CSTDCS", True),
        ("CSTD_TINH", True),
        ("BK_TINH_CN", True),
    ],
)
def test_only_awards_an_initiative_can_ground_read_the_history_again(award, uses_initiatives):
    from workflows.eligibility import rules as eligibility_rules

    rules = eligibility_rules.current()
    assert rules.may_ground(award, "ND152_2025") is uses_initiatives
    assert rules.may_ground(award, "ND98_2023") is uses_initiatives
