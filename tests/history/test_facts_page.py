"""The history page records a person's facts with the same checks as the import and the API
(issue 20, point 1), and a year's disciplinary measure; only the department's secretariat and
Director may, and a refused form changes nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models import Person, YearRecord


def _demo_person(session) -> Person:
    return session.scalar(select(Person).where(Person.staff_code == "TTTT-CNTT-01"))


def test_the_secretariat_records_the_facts_and_bad_input_changes_nothing(session, login_as):
    person = _demo_person(session)
    before = person.recruited_on
    url = f"/history/units/sotttt-cntt/people/{person.id}/facts"
    client = login_as("thuongtruc.tttt")
    bad = client.post(
        url,
        data={"recruited_on": "31/02/2020", "gender": "x", "job_title": "Chuyên viên"},
        follow_redirects=True,
    )
    html = bad.get_data(as_text=True)
    assert "Ngày tuyển dụng: &#39;31/02/2020&#39; không phải ngày dạng dd/mm/yyyy" in html
    assert "Giới tính:" in html
    session.rollback()  # a fresh snapshot: the request committed on its own connection
    assert _demo_person(session).recruited_on == before
    good = client.post(
        url,
        data={
            "recruited_on": "01/07/2025",
            "job_title": "Phó trưởng phòng",
            "task_group": "Lãnh đạo phòng",
            "gender": "female",
            "is_leader": "có",
        },
        follow_redirects=True,
    )
    assert "Đã ghi thông tin cán bộ." in good.get_data(as_text=True)
    session.rollback()  # a fresh snapshot: the request committed on its own connection
    saved = _demo_person(session)
    assert (saved.recruited_on, saved.job_title, saved.task_group, saved.is_leader) == (
        date(2025, 7, 1), "Phó trưởng phòng", "Lãnh đạo phòng", True,
    )  # fmt: skip


def test_a_unit_nominator_may_not_record_facts(session, login_as):
    person = _demo_person(session)
    answer = login_as("vanthu.cntt").post(
        f"/history/units/sotttt-cntt/people/{person.id}/facts", data={"job_title": "Giám đốc"}
    )
    assert answer.status_code == 403
    session.rollback()  # a fresh snapshot: the request committed on its own connection
    assert _demo_person(session).job_title == "Chuyên viên"


def test_the_year_form_records_the_measure(session, login_as):
    person = _demo_person(session)
    login_as("thuongtruc.tttt").post(
        "/history/units/sotttt-cntt/years",
        data={"person_id": person.id, "year": "2022", "disciplined": "1", "discipline": "canh_cao"},
    )
    session.rollback()
    row = session.scalar(
        select(YearRecord).where(YearRecord.person_id == person.id, YearRecord.year == 2022)
    )
    assert (row.disciplined, row.discipline) == (True, "canh_cao")


def test_the_page_moves_a_person_with_the_same_checks(session, login_as):
    person = _demo_person(session)  # recruited 25/02/2018, at Phòng CNTT
    url = f"/history/units/sotttt-cntt/people/{person.id}/facts"
    client = login_as("thuongtruc.tttt")
    page = client.get(f"/history/units/sotttt-cntt/people/{person.id}").get_data(as_text=True)
    assert 'name="moved_to"' in page and 'value="sotttt-bcvt"' in page
    # the form posts the person's facts with the move, as the page fills them
    facts = {"recruited_on": "25/02/2018", "job_title": "Chuyên viên", "gender": "female"}
    bad = client.post(
        url,
        data={**facts, "moved_to": "sotttt-bcvt", "moved_on": "24/02/2018"},
        follow_redirects=True,
    )
    assert "Ngày chuyển đơn vị: ngày chuyển 24/02/2018 trước ngày tuyển dụng 25/02/2018" in (
        bad.get_data(as_text=True)
    )
    session.rollback()
    assert _demo_person(session).org.code == "sotttt-cntt"
    good = client.post(
        url,
        data={**facts, "moved_to": "sotttt-bcvt", "moved_on": "25/02/2018"},
        follow_redirects=True,
    )
    html = good.get_data(as_text=True)
    assert "Đã ghi thông tin cán bộ." in html and "Quá trình chuyển công tác" in html
    assert "25/02/2018" in html
    session.rollback()
    assert _demo_person(session).org.code == "sotttt-bcvt"
