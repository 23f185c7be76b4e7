"""A proposal filed from an approved registration (issue 17, item 1): one per registered award,
its nominees the registration's lines, an ordinary draft afterwards, linked to the registration."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from models import (
    AuditEvent,
    Movement,
    Proposal,
    Registration,
    RegistrationLine,
    RegistrationStatus,
    User,
)
from tests.support import factories
from workflows.registration import service

YEAR = 2026


def approved_registration(app, session, lines, status=RegistrationStatus.APPROVED):
    """A registration of soyte-vp for YEAR with `lines` [(person or None, award)], as the
    department left it (the case's steps are tested in test_registration)."""
    unit = factories.org(session, "soyte-vp")
    movement = Movement(
        code=f"PT-REG-{YEAR}",
        title=f"Phong trào thi đua năm {YEAR}",
        organiser_id=factories.org(session, "soyte").id,
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
    )
    session.add(movement)
    session.flush()
    actor = session.scalar(select(User).where(User.username == "thuongtruc.yte"))
    registration = service.open_for(
        session, app.extensions["tdkt_registry"], movement, unit, actor, YEAR
    )
    registration.lines = [
        RegistrationLine(person_id=p.id if p is not None else None, award_code=code)
        for p, code in lines
    ]
    registration.status = status
    session.commit()
    return registration.id


def test_the_nominator_files_one_proposal_per_registered_award_through_the_api(app, session, api):
    lan, minh, hoa = factories.people(session, "soyte-vp", 3, "Nguyễn Văn")
    registration_id = approved_registration(
        app,
        session,
        [(None, "TTLDTT"), (lan, "LDTT"), (minh, "LDTT"), (hoa, "CSTDCS")],
    )
    nominator = api("vanthu.yte")
    sent = nominator.post(f"/registrations/{registration_id}/proposals", json={"award": "LDTT"})
    assert sent.status_code == 201, sent.get_json()
    body = sent.get_json()
    assert body["registration_id"] == registration_id
    session.rollback()
    proposal = session.get_one(Proposal, body["id"])
    # Only the LĐTT lines, in their order, linked to the registry's persons.
    assert [(n.name, n.person_id) for n in proposal.nominees] == [
        ("Nguyễn Văn 0", lan.id),
        ("Nguyễn Văn 1", minh.id),
    ]
    assert (proposal.award_code, proposal.year, proposal.status, proposal.registration_id) == (
        "LDTT",
        YEAR,
        "draft",
        registration_id,
    )
    assert session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.proposal_id == proposal.id)
    )
    # The collective's line: the unit itself, linked as a collective.
    unit = nominator.ok(
        "POST", f"/registrations/{registration_id}/proposals", 201, json={"award": "TTLDTT"}
    )
    session.rollback()
    collective = session.get_one(Proposal, unit["id"]).nominees
    assert [(n.kind, n.subject_org_id) for n in collective] == [
        ("collective", factories.org(session, "soyte-vp").id)
    ]
    # The same award again is refused, naming the proposal already filed.
    again = nominator.post(f"/registrations/{registration_id}/proposals", json={"award": "LDTT"})
    assert again.status_code == 409
    assert again.get_json()["code"] == "registration_proposal_exists"
    assert str(body["id"]) in again.get_json()["message"]
    # The registration lists what was filed from it.
    read = nominator.ok("GET", f"/registrations/{registration_id}")
    assert {p["award_code"]: p["proposal_id"] for p in read["proposals"]} == {
        "LDTT": body["id"],
        "TTLDTT": unit["id"],
    }
    # The filed proposal is an ordinary draft: the nominator edits its nominees.
    detail = nominator.ok("GET", f"/proposals/{body['id']}")
    assert [n["name"] for n in detail["nominees"]] == ["Nguyễn Văn 0", "Nguyễn Văn 1"]


def test_an_award_not_registered_or_a_registration_not_approved_is_refused(app, session, api):
    lan = factories.people(session, "soyte-vp", 1, "Trần Thị")[0]
    registration_id = approved_registration(
        app, session, [(lan, "LDTT")], status=RegistrationStatus.SUBMITTED
    )
    nominator = api("vanthu.yte")
    before = session.scalar(select(func.count()).select_from(Proposal))
    early = nominator.post(f"/registrations/{registration_id}/proposals", json={"award": "LDTT"})
    assert early.status_code == 409 and early.get_json()["code"] == "registration_not_approved"
    session.get_one(Registration, registration_id).status = RegistrationStatus.APPROVED
    session.commit()
    wrong = nominator.post(f"/registrations/{registration_id}/proposals", json={"award": "CSTDCS"})
    assert wrong.status_code == 400
    assert set(wrong.get_json()["fields"]) == {"award"}
    assert "LDTT" in wrong.get_json()["fields"]["award"]
    missing = nominator.post(f"/registrations/{registration_id}/proposals", json={"award": 3})
    assert missing.status_code == 400 and set(missing.get_json()["fields"]) == {"award"}
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Proposal)) == before


def test_another_unit_neither_sees_nor_files_from_the_registration(app, session, api):
    lan = factories.people(session, "soyte-vp", 1, "Lê Văn")[0]
    registration_id = approved_registration(app, session, [(lan, "LDTT")])
    other = api("vanthu.cntt")
    sent = other.post(f"/registrations/{registration_id}/proposals", json={"award": "LDTT"})
    assert sent.status_code == 404
    assert sent.get_json()["code"] == "registration_not_found"
    # The department reads it but does not file for the unit: the nominator's role is the unit's.
    department = api("thuongtruc.yte")
    refused = department.post(f"/registrations/{registration_id}/proposals", json={"award": "LDTT"})
    assert refused.status_code == 403, refused.get_json()


def test_the_button_on_the_registration_page_opens_the_draft_with_the_nominees(
    app, session, login_as
):
    lan, minh = factories.people(session, "soyte-vp", 2, "Phạm Thu")
    registration_id = approved_registration(app, session, [(lan, "CSTDCS"), (minh, "LDTT")])
    unit = login_as("vanthu.yte")
    page = unit.get(f"/registrations/{registration_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count("Lập hồ sơ đề nghị từ đăng ký") == 2
    sent = unit.post(f"/registrations/{registration_id}/proposals", data={"award": "CSTDCS"})
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    session.rollback()
    proposal = session.scalar(select(Proposal).where(Proposal.registration_id == registration_id))
    assert sent.headers["Location"].endswith(f"/proposals/{proposal.id}/edit")
    form = unit.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Phạm Thu 0" in form and "Phạm Thu 1" not in form
    # Filed: the page links the proposal instead of the button; the department sees no button.
    again = unit.get(f"/registrations/{registration_id}").get_data(as_text=True)
    assert f"/proposals/{proposal.id}" in again and again.count("Lập hồ sơ đề nghị từ đăng ký") == 1
    department = login_as("thuongtruc.yte").get(f"/registrations/{registration_id}")
    assert department.status_code == 200
    assert "Lập hồ sơ đề nghị từ đăng ký" not in department.get_data(as_text=True)
    assert login_as("vanthu.cntt").get(f"/registrations/{registration_id}").status_code == 404
