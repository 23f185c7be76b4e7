"""Registration (đăng ký thi đua): suggestions against hand-worked histories, the unit registering
by its deadline (late refused), the department approving or returning (a new round)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from models import (
    AwardRecord,
    CaseInstance,
    CaseTask,
    Movement,
    Registration,
    RegistrationStatus,
    TaskState,
    User,
)
from tests.support import factories
from workflows.errors import Conflict, ValidationFailed
from workflows.registration import service, suggestions

YEAR = 2026


def _movement(session) -> Movement:
    unit = factories.org(session, "soyte")
    movement = Movement(
        code="PT-TEST-2026",
        title="Phong trào thi đua năm 2026",
        organiser_id=unit.id,
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
    )
    session.add(movement)
    session.flush()
    return movement


def test_suggestions_follow_the_hand_worked_histories(app, session):
    one_short, used, fresh, excellent, plain = factories.people(session, "soyte-vp", 5, "Người")
    # Two years of CSTĐCS (2024, 2025) and a provincial initiative not yet used: one year short
    # of Chiến sĩ thi đua cấp tỉnh (three in a row).
    factories.give(session, [one_short], 2024, "CSTDCS")
    factories.give(session, [one_short], 2025, "CSTDCS")
    factories.initiative(session, one_short, 2025, scope="tinh")
    # An initiative already used for the 2025 CSTĐCS: it does not count again.
    factories.give(session, [used], 2025, "CSTDCS")
    spent = factories.initiative(session, used, 2024)
    spent.used_award_record_id = session.scalar(
        select(AwardRecord.id).where(AwardRecord.person_id == used.id)
    )
    factories.initiative(session, fresh, 2025)
    factories.rate(session, [excellent], 2025, "xuat_sac")
    session.flush()

    people = [(p.id, p.full_name) for p in (one_short, used, fresh, excellent, plain)]
    got = {s.person_id: s for s in suggestions.for_people(session, people, YEAR)}

    assert (got[one_short.id].award_code, got[one_short.id].aims_next) == ("CSTDCS", "CSTD_TINH")
    assert "2024, 2025" in str(got[one_short.id].reason)
    assert "Chiến sĩ thi đua cấp tỉnh" in str(got[one_short.id].reason)
    assert "Sáng kiến của Người 0" in str(got[one_short.id].reason)
    assert got[used.id].award_code == "LDTT"
    assert "đã được dùng" in str(got[used.id].reason)
    assert got[fresh.id].award_code == "CSTDCS" and "chưa dùng" in str(got[fresh.id].reason)
    assert (got[excellent.id].award_code, got[excellent.id].aims_next) == ("LDTT", "BK_TINH_CN")
    assert "Bằng khen" in str(got[excellent.id].reason)
    assert got[plain.id].award_code == "LDTT"
    session.rollback()


def test_the_thresholds_are_dated_data():
    rule = suggestions.rule_for(YEAR)
    assert rule["cstd_tinh_streak"] == 3 and rule["legal_basis"]
    with pytest.raises(LookupError):
        suggestions.rule_for(2000)


def _open(app, session, clock_day=None):
    movement = _movement(session)
    unit = factories.org(session, "soyte-vp")
    actor = session.scalar(select(User).where(User.username == "thuongtruc.yte"))
    registration = service.open_for(
        session, app.extensions["tdkt_registry"], movement, unit, actor, YEAR
    )
    session.commit()
    return registration.id


def _task(session, registration_id: int) -> CaseTask:
    return session.scalar(
        select(CaseTask)
        .join(CaseInstance, CaseInstance.id == CaseTask.case_id)
        .where(
            CaseInstance.subject_table == "registration",
            CaseInstance.subject_id == registration_id,
            CaseTask.state == TaskState.READY,
        )
    )


def test_a_unit_registers_and_the_department_approves_through_the_api(app, session, api, login_as):
    registration_id = _open(app, session)
    person = factories.people(session, "soyte-vp", 1, "Đăng ký")[0]
    session.commit()
    task = _task(session, registration_id)
    unit = api("vanthu.yte")
    listed = [t for t in unit.ok("GET", "/tasks") if t["kind"] == "registration"]
    assert [t["id"] for t in listed] == [task.id]
    # A person of another unit, or a title for the wrong kind of subject: named field by field.
    bad = unit.post(
        f"/cases/tasks/{task.id}/complete",
        json={
            "action": "submit",
            "lines": [
                {"person_id": None, "award_code": "LDTT"},
                {"person_id": 1, "award_code": "LDTT"},
            ],
        },
    )
    assert bad.status_code == 400, bad.get_json()
    assert set(bad.get_json()["fields"]) == {"lines[0].award_code", "lines[1].person_id"}
    lines = [
        {"person_id": None, "award_code": "TTLDTT"},
        {"person_id": person.id, "award_code": "CSTDCS"},
    ]
    unit.ok("POST", f"/cases/tasks/{task.id}/complete", json={"action": "submit", "lines": lines})
    session.rollback()
    registration = session.get_one(Registration, registration_id)
    assert registration.status == RegistrationStatus.SUBMITTED
    assert {(line.person_id, line.award_code) for line in registration.lines} == {
        (None, "TTLDTT"),
        (person.id, "CSTDCS"),
    }
    review = _task(session, registration_id)
    assert review.bpmn_id == "approve_registration" and review.org.code == "soyte"
    # The secretariat's page names what was registered, not only its code.
    page = login_as("thuongtruc.yte").get(f"/cases/tasks/{review.id}").get_data(as_text=True)
    assert 'Chiến sĩ thi đua cơ sở <span class="small text-muted">(CSTDCS)</span>' in page
    assert "Tập thể lao động tiên tiến" in page
    api("thuongtruc.yte").ok(
        "POST", f"/cases/tasks/{review.id}/complete", json={"action": "approve"}
    )
    session.rollback()
    assert session.get_one(Registration, registration_id).status == RegistrationStatus.APPROVED


def test_a_return_opens_a_new_round_for_the_unit(app, session, api):
    registration_id = _open(app, session)
    task = _task(session, registration_id)
    unit = api("vanthu.yte")
    unit.ok(
        "POST",
        f"/cases/tasks/{task.id}/complete",
        json={"action": "submit", "lines": [{"person_id": None, "award_code": "TTLDTT"}]},
    )
    session.rollback()
    review = _task(session, registration_id)
    api("thuongtruc.yte").ok(
        "POST",
        f"/cases/tasks/{review.id}/complete",
        json={"action": "return", "reason": "Thiếu đăng ký cá nhân"},
    )
    session.rollback()
    registration = session.get_one(Registration, registration_id)
    assert (registration.status, registration.reason) == ("returned", "Thiếu đăng ký cá nhân")
    again = _task(session, registration_id)
    assert again.bpmn_id == "register_unit" and again.id not in (task.id, review.id)
    cases = session.scalars(
        select(CaseInstance.status).where(CaseInstance.subject_id == registration_id)
    ).all()
    assert sorted(cases) == ["completed", "running"]


def test_a_late_registration_is_refused_with_the_deadline(app, session, clock):
    clock(datetime(2026, 3, 2, 9, 0))
    registration_id = _open(app, session)
    task = _task(session, registration_id)
    clock(datetime(2026, 3, 24, 9, 0))  # the deadline was the end of 23/03/2026
    from workflows.cases import service as cases

    user = session.scalar(select(User).where(User.username == "vanthu.yte"))
    with pytest.raises(Conflict) as late:
        cases.complete(
            session,
            app.extensions["tdkt_registry"],
            user,
            task.id,
            {"action": "submit", "lines": [{"person_id": None, "award_code": "TTLDTT"}]},
        )
    assert late.value.code == "registration_late" and "23/03/2026" in str(late.value)
    session.rollback()
    assert session.get_one(Registration, registration_id).status == RegistrationStatus.OPEN
    with pytest.raises(ValidationFailed):
        clock(datetime(2026, 3, 3, 9, 0))
        cases.complete(
            session, app.extensions["tdkt_registry"], user, task.id, {"action": "submit"}
        )
    session.rollback()


def test_the_unit_registers_on_its_page_with_the_suggestions_and_the_department_approves(
    app, session, login_as
):
    registration_id = _open(app, session)
    used, fresh = factories.people(session, "soyte-vp", 2, "Trang")
    factories.initiative(session, fresh, 2025)
    session.commit()
    task = _task(session, registration_id)
    unit = login_as("vanthu.yte")
    page = unit.get(f"/cases/tasks/{task.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="suggestions"' in html
    assert "Có sáng kiến chưa dùng để khen thưởng" in html  # the reason, in words
    sent = unit.post(
        f"/cases/tasks/{task.id}",
        data={
            "action": "submit",
            "award-unit": "TTLDTT",
            f"award-{used.id}": "LDTT",
            f"award-{fresh.id}": "CSTDCS",
        },
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    session.rollback()
    registration = session.get_one(Registration, registration_id)
    assert {(line.person_id, line.award_code) for line in registration.lines} == {
        (None, "TTLDTT"),
        (used.id, "LDTT"),
        (fresh.id, "CSTDCS"),
    }
    review = _task(session, registration_id)
    department = login_as("thuongtruc.yte")
    assert f"/cases/tasks/{review.id}" in department.get("/").get_data(as_text=True)
    assert (
        department.post(f"/cases/tasks/{review.id}", data={"action": "approve"}).status_code == 302
    )
    session.rollback()
    assert session.get_one(Registration, registration_id).status == RegistrationStatus.APPROVED


def test_a_registration_is_read_through_the_api_by_its_unit_and_department_only(app, session, api):
    registration_id = _open(app, session)
    body = api("vanthu.yte").ok("GET", f"/registrations/{registration_id}")
    assert (body["status"], body["case_state"], body["org"]) == (
        "open",
        "register_unit",
        "soyte-vp",
    )
    assert all(s["reason"] for s in body["suggestions"])
    assert (
        api("thuongtruc.yte").ok("GET", f"/registrations/{registration_id}")["id"]
        == registration_id
    )
    assert api("vanthu.cntt").get(f"/registrations/{registration_id}").status_code == 404
