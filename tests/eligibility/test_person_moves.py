"""A person's moves between units (issue 20, point 1): recorded with the same checks from the
import, the page and the API, and read by the criteria that depend on time at a unit.

Worked by hand. LĐTT after a move (Decree 98/2023 Art. 6, kept by Decree 152/2025): the new unit
weighs it, with the old unit's opinion when the person was there six months or more in the year;
from 1/1/2025, a move on 30/06/2025 leaves 5 whole months at the old unit, one on 01/07/2025
six. Service is continuous: recruited 01/03/2015, 130 months by 31/12/2025 whatever the move. A
collective counts the members it had on 31/12: a move on 31/12/2025 counts in the new unit for
2025, one on 01/01/2026 in the old.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models import Person, PersonMove
from tests.support import factories as f
from workflows.awards import quotas
from workflows.errors import ValidationFailed
from workflows.history import importer, moves

TODAY = date(2026, 3, 1)
YEAR_RATED = 2025


def _move(session, person, unit, day, today=TODAY):
    move = moves.parse({"moved_to": unit.code, "moved_on": day}, today, {unit.code: unit}.get)
    moves.apply(session, person, move)


@pytest.mark.parametrize(
    ("moved_on", "months", "opinion"),
    [("30/06/2025", 5, False), ("01/07/2025", 6, True)],
)
def test_ldtt_names_the_old_unit_and_asks_its_opinion_after_six_months(
    session, history, verdict, moved_on, months, opinion
):
    old, new = history.unit(), history.unit()
    person = history.person(old)
    history.year(person=person)
    _move(session, person, new, moved_on)
    assert person.org_id == new.id
    criterion = verdict("LDTT", person)["du_6_thang"]
    # the move does not restart the service: still counted from the recruitment
    assert criterion.passed is True and "130 tháng" in criterion.reason
    assert f"chuyển từ {old.name} ngày {moved_on}" in criterion.reason
    assert ("cần ý kiến nhận xét của đơn vị cũ" in criterion.reason) is opinion
    if opinion:
        assert f"sau {months} tháng ở đơn vị cũ" in criterion.reason


def test_a_move_of_another_year_says_nothing(session, history, verdict):
    old, new = history.unit(), history.unit()
    person = history.person(old)
    history.year(person=person)
    _move(session, person, new, "31/12/2024")
    assert "chuyển từ" not in verdict("LDTT", person)["du_6_thang"].reason


@pytest.mark.parametrize(
    ("moved_on", "counted_in_new"), [("31/12/2025", True), ("01/01/2026", False)]
)
def test_a_collective_counts_the_members_it_had_on_the_last_day_of_the_year(
    session, history, verdict, moved_on, counted_in_new
):
    old, new = history.unit(), history.unit()
    for unit in (old, new):
        history.year(org=unit)
        stays = history.person(unit)
        history.year(person=stays)
        history.award("LDTT", person=stays)
    mover = history.person(old)
    history.year(person=mover)
    _move(session, mover, new, moved_on)
    in_new = verdict("TTLDTT", new)["tren_50_ldtt"].reason
    in_old = verdict("TTLDTT", old)["tren_50_ldtt"].reason
    assert ("1/2 thành viên" in in_new) is counted_in_new
    assert ("1/2 thành viên" in in_old) is not counted_in_new


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        ("28/02/2015", False),  # the day before the recruitment
        ("01/03/2015", True),  # the recruitment day
        ("01/03/2026", True),  # today
        ("02/03/2026", False),  # tomorrow
    ],
)
def test_the_move_day_lies_between_the_recruitment_and_today(session, history, day, ok):
    old, new = history.unit(), history.unit()
    person = history.person(old)  # recruited 01/03/2015
    if ok:
        _move(session, person, new, day)
        assert person.org_id == new.id
    else:
        with pytest.raises(ValidationFailed) as refused:
            _move(session, person, new, day)
        assert set(refused.value.fields) == {"moved_on"} and person.org_id == old.id


def test_a_move_follows_the_last_one_and_the_same_move_again_changes_nothing(session, history):
    a, b, c = history.unit(), history.unit(), history.unit()
    person = history.person(a)
    _move(session, person, b, "01/03/2024")
    _move(session, person, b, "01/03/2024")  # an import read twice
    with pytest.raises(ValidationFailed, match="moved_on"):
        _move(session, person, c, "01/03/2024")
    with pytest.raises(ValidationFailed) as refused:
        _move(session, person, b, "02/03/2024")
    assert set(refused.value.fields) == {"moved_to"}  # already there
    _move(session, person, c, "02/03/2024")
    rows = session.scalars(
        select(PersonMove).where(PersonMove.person_id == person.id).order_by(PersonMove.moved_on)
    ).all()
    assert [(m.from_org_id, m.to_org_id) for m in rows] == [(a.id, b.id), (b.id, c.id)]


def test_a_unit_and_a_day_go_together():
    with pytest.raises(ValidationFailed) as refused:
        moves.parse({"moved_to": "", "moved_on": "31/02/2025"}, TODAY, lambda code: None)
    assert set(refused.value.fields) == {"moved_to", "moved_on"}
    assert moves.parse({"moved_to": "", "moved_on": ""}, TODAY, lambda code: None) is None


CSV = (
    "Mã cán bộ,Họ và tên,Đơn vị,Năm,Xếp loại,Ngày tuyển dụng,Chuyển từ đơn vị,Ngày chuyển đơn vị\n"
    "MV-1,Người Chuyển Sớm,sotttt-bcvt,2025,HTTNV,01/03/2015,sotttt-cntt,30/06/2025\n"
    "MV-2,Người Chuyển Muộn,sotttt-bcvt,2025,HTTNV,01/03/2015,sotttt-cntt,01/07/2025\n"
    "MV-3,Người Sai Ngày,sotttt-bcvt,2025,HTTNV,01/03/2015,sotttt-cntt,01/03/2014\n"
    "MV-4,Người Sai Đơn Vị,sotttt-bcvt,2025,HTTNV,01/03/2015,không-có,01/07/2025\n"
)


def test_an_import_with_moves_and_the_verdict_from_it(session, verdict):
    def person(code):
        return session.scalar(select(Person).where(Person.staff_code == code))

    before = session.scalar(select(func.count()).select_from(PersonMove))
    report = importer.import_file(
        session, filename="mv.csv", data=CSV.encode(), kind="history", org_ids=None
    )
    assert report.accepted == [2, 3]
    (bad_day, bad_unit) = report.rejected
    assert bad_day[0] == 4 and "Ngày chuyển đơn vị" in bad_day[1] and "01/03/2014" in bad_day[1]
    assert bad_unit[0] == 5 and "Chuyển từ đơn vị" in bad_unit[1] and "không-có" in bad_unit[1]
    assert session.scalar(select(func.count()).select_from(PersonMove)) == before + 2
    early, late = person("MV-1"), person("MV-2")
    assert early.org.code == late.org.code == "sotttt-bcvt"
    assert person("MV-3") is None and person("MV-4") is None  # nothing of a refused row
    reason = verdict("LDTT", early)["du_6_thang"].reason
    assert "ngày 30/06/2025" in reason and "ý kiến nhận xét" not in reason
    reason = verdict("LDTT", late)["du_6_thang"].reason
    assert "sau 6 tháng ở đơn vị cũ" in reason and "ý kiến nhận xét của đơn vị cũ" in reason
    # the same file again changes nothing
    importer.import_file(
        session, filename="mv.csv", data=CSV.encode(), kind="history", org_ids=None
    )
    assert session.scalar(select(func.count()).select_from(PersonMove)) == before + 2


@pytest.mark.parametrize(("moved_on", "in_health"), [("31/12/2025", False), ("01/01/2026", True)])
def test_the_rating_cap_counts_a_mover_where_they_were_on_the_last_day_of_the_year(
    session, moved_on, in_health
):
    """The demo's Sở Y tế has 2 HTXSNV among 15 rated well in 2025 (tests/law/
    test_demo_within_caps.py); one more outstanding person who leaves it for Sở TT&TT counts
    there for 2025 only if they left after 31/12/2025."""
    (mover,) = f.people(session, "soyte-vp", 1, "Người chuyển Sở")
    mover.recruited_on = date(2010, 1, 1)
    f.rate(session, [mover], YEAR_RATED, "xuat_sac")
    _move(session, mover, f.org(session, "sotttt-bcvt"), moved_on)
    staff = session.scalar(select(Person).where(Person.staff_code == "YTE-VP-04"))
    proposal = f.proposal(session, "LDTT", YEAR_RATED, [staff], unit_code="soyte-vp")
    (line,) = quotas.status(session, proposal, date(2026, 2, 1))
    assert (line.base, line.existing) == ((16, 3) if in_health else (15, 2)), line.message
