"""The registry services: linking nominees, writing years and awards, using initiatives once."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from models import AwardRecord, Initiative, Nominee, Person, User, YearRecord
from workflows.errors import Conflict, ValidationFailed
from workflows.history import initiatives, persons, records


def _proposal(unit, *nominees):
    # link_nominees reads only these three attributes of a proposal
    return SimpleNamespace(org=unit, department=unit.parent, nominees=list(nominees))


def _count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


# --- linking nominees ---------------------------------------------------------------------------
def test_a_picked_account_links_to_its_person(session, org, person):
    lan = session.scalar(select(User).where(User.username == "vanthu.cntt"))
    # The name typed differs: the account decides.
    nominee = Nominee(kind="person", name="N. T. Lan", user_id=lan.id, job_title="", gender=None)
    persons.link_nominees(session, _proposal(org("sotttt-cntt"), nominee))
    assert nominee.person_id == person("TTTT-CNTT-01").id


def test_a_name_links_within_the_unit_whatever_its_marks(session, org, person):
    minh = person("TTTT-CNTT-02")  # Lò Văn Minh
    nominee = Nominee(kind="person", name="lo  van MINH", user_id=None, job_title="", gender=None)
    persons.link_nominees(session, _proposal(org("sotttt-cntt"), nominee))
    assert nominee.person_id == minh.id
    # The same name in another unit is another person: a new one is created there.
    before = _count(session, Person)
    other = Nominee(kind="person", name="Lò Văn Minh", user_id=None, job_title="KS", gender="male")
    persons.link_nominees(session, _proposal(org("sotttt-bcvt"), other))
    assert other.person_id not in (None, minh.id)
    assert _count(session, Person) == before + 1
    created = session.get(Person, other.person_id)
    assert (created.org.code, created.full_name, created.job_title, created.gender) == (
        "sotttt-bcvt",
        "Lò Văn Minh",
        "KS",
        "male",
    )


def test_two_people_of_the_same_name_are_not_guessed(session, org):
    unit = org("sotttt-cntt")
    persons.add_person(session, org_id=unit.id, full_name="Hà Văn Trùng")
    persons.add_person(session, org_id=unit.id, full_name="Hà Văn Trùng")
    nominee = Nominee(kind="person", name="Ha Van Trung", user_id=None, job_title="", gender=None)
    persons.link_nominees(session, _proposal(unit, nominee))
    assert nominee.person_id is None


def test_a_collective_links_to_an_organisation_of_the_department(session, org):
    unit = org("sotttt-cntt")
    by_name = Nominee(kind="collective", name="phong cong nghe thong tin", job_title="")
    department = Nominee(kind="collective", name=org("sotttt").name, job_title="")
    elsewhere = Nominee(kind="collective", name=org("soyte-vp").name, job_title="")
    unknown = Nominee(kind="collective", name="Tổ công đoàn", job_title="")
    persons.link_nominees(session, _proposal(unit, by_name, department, elsewhere, unknown))
    assert by_name.subject_org_id == unit.id
    assert department.subject_org_id == org("sotttt").id
    assert elsewhere.subject_org_id is None  # another department's unit is not this one's
    assert unknown.subject_org_id is None


def test_filing_a_proposal_links_its_nominees(api, session, person):
    pid = api("vanthu.cntt").file("LDTT", nominees=[{"name": "Điêu Thu Hoa"}])
    linked = session.scalar(select(Nominee.person_id).where(Nominee.proposal_id == pid))
    assert linked == person("TTTT-CNTT-03").id


# --- years and awards ---------------------------------------------------------------------------
def test_set_year_upserts_and_validates(session, person):
    p = person("TTTT-CNTT-04")
    records.set_year(session, person_id=p.id, year=2021, rating="tot", source="manual")
    row = records.set_year(
        session, person_id=p.id, year=2021, rating="xuat_sac", disciplined=True, source="manual"
    )
    assert _count(session, YearRecord, YearRecord.person_id == p.id, YearRecord.year == 2021) == 1
    assert (row.rating, row.disciplined) == ("xuat_sac", True)
    with pytest.raises(ValidationFailed) as bad_rating:
        records.set_year(session, person_id=p.id, year=2021, rating="tot lam", source="manual")
    assert "Xếp loại 'tot lam' không hợp lệ" in bad_rating.value.fields["rating"]
    next_year = date.today().year + 1
    for year in (1999, next_year + 1):
        with pytest.raises(ValidationFailed) as bad_year:
            records.set_year(session, person_id=p.id, year=year, rating="tot", source="manual")
        assert f"Năm '{year}'" in bad_year.value.fields["year"]
    # both ends of the allowed range are accepted
    for year in (2000, next_year):
        records.set_year(session, person_id=p.id, year=year, rating=None, source="manual")
    with pytest.raises(ValidationFailed):
        records.set_year(session, year=2021, rating="tot", source="manual")  # no subject


def test_add_award_refuses_the_same_award_twice_in_a_year(session, person):
    p = person("TTTT-CNTT-05")
    common = {
        "person_id": p.id,
        "subject_name": p.full_name,
        "year": 2022,
        "award_code": "LDTT",
        "decided_by": "Giám đốc Sở",
        "source": "decision",
    }
    record = records.add_award(
        session, decision_no="12/QĐ-STTTT", decision_date=date(2022, 12, 20), **common
    )
    assert record.id is not None and record.award.code == "LDTT"
    with pytest.raises(Conflict) as twice:
        records.add_award(session, decision_no="99/QĐ-STTTT", decision_date=None, **common)
    assert (
        twice.value.message
        == f"{p.full_name} đã có Lao động tiên tiến năm 2022 (QĐ số 12/QĐ-STTTT)"
    )
    # another year, or another award the same year, is fine
    records.add_award(session, **{**common, "year": 2021}, decision_no="1", decision_date=None)
    records.add_award(
        session, **{**common, "award_code": "GK_CN"}, decision_no="2", decision_date=None
    )
    with pytest.raises(ValidationFailed):
        records.add_award(
            session, **{**common, "award_code": "KHONG_CO"}, decision_no="3", decision_date=None
        )


def test_history_reads_year_by_year(session, person):
    p = person("TTTT-CNTT-01")  # the demo gives her 2023–2025 and LĐTT in 2023
    years = records.years_of(session, person_id=p.id)
    assert [y.year for y in years][:3] == [2025, 2024, 2023]
    y2023 = next(y for y in years if y.year == 2023)
    assert "LDTT" in [a.award_code for a in y2023.awards]
    assert all(a.decision_no for a in y2023.awards)


# --- initiatives --------------------------------------------------------------------------------
def _initiative(session, unit, author, **overrides):
    values = {
        "title": "Sáng kiến thử",
        "org_id": unit.id,
        "person_id": author.id,
        "year": 2024,
        "decision_no": "9/QĐ-HĐSK",
        "recognised_on": date(2024, 11, 1),
        "scope": "co_so",
        **overrides,
    }
    return initiatives.register(session, **values)


def test_register_validates_each_field(session, org, person):
    unit = org("sotttt-cntt")
    with pytest.raises(ValidationFailed) as bad:
        _initiative(
            session,
            unit,
            person("TTTT-CNTT-04"),
            title=" ",
            decision_no="",
            recognised_on=None,
            scope="xa",
        )
    assert set(bad.value.fields) == {"title", "decision_no", "recognised_on", "scope"}
    with pytest.raises(ValidationFailed) as elsewhere:
        _initiative(session, unit, person("TTTT-BCVT-04"))
    assert elsewhere.value.fields == {"person_id": "Tác giả không thuộc đơn vị đã chọn"}
    first = _initiative(session, unit, person("TTTT-CNTT-04"))
    assert _initiative(session, unit, person("TTTT-CNTT-04")).id == first.id  # no duplicate


def test_unused_lists_oldest_first_up_to_the_year_and_scope(session, org, person):
    unit, author = org("sotttt-cntt"), person("TTTT-CNTT-06")
    late = _initiative(session, unit, author, title="B", year=2025, recognised_on=date(2025, 3, 1))
    early = _initiative(session, unit, author, title="A", year=2023, recognised_on=date(2023, 5, 1))
    wide = _initiative(
        session, unit, author, title="C", year=2024, scope="tinh", recognised_on=date(2024, 6, 1)
    )
    assert initiatives.unused(session, person_id=author.id, up_to_year=2025) == [early, wide, late]
    assert initiatives.unused(session, person_id=author.id, up_to_year=2024) == [early, wide]
    assert initiatives.unused(session, person_id=author.id, up_to_year=2022) == []
    assert initiatives.unused(
        session, person_id=author.id, up_to_year=2025, scopes=["tinh", "toan_quoc"]
    ) == [wide]


def test_an_initiative_grounds_one_award_only(session, org, person):
    unit, author = org("sotttt-cntt"), person("TTTT-CNTT-07")
    initiative = _initiative(session, unit, author, title="Dùng một lần")
    common = {
        "person_id": author.id,
        "subject_name": author.full_name,
        "decided_by": "GĐ",
        "source": "decision",
    }
    first = records.add_award(
        session,
        year=2024,
        award_code="CSTDCS",
        decision_no="301/QĐ-STTTT",
        decision_date=date(2024, 12, 24),
        **common,
    )
    second = records.add_award(
        session,
        year=2025,
        award_code="CSTDCS",
        decision_no="15/QĐ-STTTT",
        decision_date=date(2026, 1, 15),
        **common,
    )
    initiatives.mark_used(session, initiative, first)
    assert initiative.used_award_record_id == first.id and initiative.used_at is not None
    assert initiatives.unused(session, person_id=author.id, up_to_year=2030) == []
    with pytest.raises(Conflict) as again:
        initiatives.mark_used(session, initiative, second)
    assert again.value.message == (
        "Sáng kiến 'Dùng một lần' đã được dùng làm căn cứ khen thưởng"
        " (QĐ số 301/QĐ-STTTT ngày 24/12/2024)"
    )
    session.refresh(initiative)
    assert initiative.used_award_record_id == first.id  # the first use stands


def test_a_stale_copy_cannot_use_it_twice(session, app, org, person):
    """Two requests each read it unused: the second conditional update finds it taken."""
    unit, author = org("sotttt-cntt"), person("TTTT-CNTT-08")
    initiative = _initiative(session, unit, author, title="Hai người cùng dùng")
    award = records.add_award(
        session,
        person_id=author.id,
        subject_name=author.full_name,
        year=2024,
        award_code="CSTDCS",
        decision_no="1",
        decision_date=None,
        decided_by="",
        source="decision",
    )
    session.commit()
    with app.extensions["tdkt_sessions"]() as other:
        stale = other.get(Initiative, initiative.id)
        stale_award = other.get(AwardRecord, award.id)
        assert stale.used_award_record_id is None
        other.commit()  # ends its read; the objects keep what they read (expire_on_commit off)
        initiatives.mark_used(session, initiative, award)
        session.commit()
        with pytest.raises(Conflict):
            initiatives.mark_used(other, stale, stale_award)
