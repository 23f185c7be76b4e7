"""Initiatives count within the years the award looks at (issue 20, point 3): a CSTĐCS 2025
passed on an initiative of 2019, and a provincial Bằng khen 2025 on initiatives of 2018 and
2019. The window per award is data (workflows/data/initiative_windows.json): CSTĐCS one year
(2025), Bằng khen two (2024–2025), provincial CSTĐ three (2023–2025)."""

from __future__ import annotations

from tests.support.eligibility import YEAR, nominee_of
from workflows.eligibility import checks


def test_cstdcs_2025_does_not_count_an_initiative_of_2019(history, verdict):
    person = history.person()
    history.year(person=person, rating="tot")
    history.award("LDTT", person=person)
    history.initiative(person, year=2019)
    criterion = verdict("CSTDCS", person)["htxs_hoac_sang_kien"]
    assert criterion.passed is False
    assert "(2019)" in criterion.reason and "quá thời hạn xét" in criterion.reason
    assert "công nhận từ năm 2025" in criterion.reason
    history.initiative(person, year=2025)
    criterion = verdict("CSTDCS", person)["htxs_hoac_sang_kien"]
    assert criterion.passed is True
    counted, _, old = criterion.reason.partition("quá thời hạn xét")
    assert "(2025)" in counted and "(2019)" in old


def test_a_provincial_bang_khen_2025_counts_initiatives_of_2024_and_2025_only(history, verdict):
    person = history.person()
    history.year(person=person, year=2024, rating="xuat_sac")
    history.year(person=person, year=2025, rating="xuat_sac")
    history.initiative(person, year=2018)
    history.initiative(person, year=2019)
    assert verdict("BK_TINH_CN", person)["bk_thanh_tich"].passed is False
    history.initiative(person, year=2023)  # the year before the window: still too old
    assert verdict("BK_TINH_CN", person)["bk_thanh_tich"].passed is False
    history.initiative(person, year=2024)
    history.initiative(person, year=2025)
    criterion = verdict("BK_TINH_CN", person)["bk_thanh_tich"]
    assert criterion.passed is True and "(2023)" in criterion.reason.split("quá thời hạn")[1]


def test_the_decision_uses_only_initiatives_in_the_window(history, session):
    person = history.person()
    history.year(person=person, rating="tot")
    history.award("LDTT", person=person)
    old = history.initiative(person, year=2019)
    assert checks.grounds(session, nominee_of(person), "CSTDCS", YEAR) == []
    recent = history.initiative(person, year=2025)
    assert checks.grounds(session, nominee_of(person), "CSTDCS", YEAR) == [recent]
    assert old.used_award_record_id is None
