"""The flag (issue 17, item 1): where the province requires registration, a nominee proposed for
a title not registered that year is flagged with the rule and its legal basis, on the proposal's
page, the reviewer's step page and the API's answer; registered → no flag; an award or a year
the rule does not cover → no flag."""

from __future__ import annotations

from sqlalchemy import select

from models import HumanTask, Proposal, RegistrationStatus, RoleAssignment, TaskState, User
from tests.registration.test_filing_from_registration import approved_registration
from tests.support import factories
from tests.support.dossier import complete_dossier
from workflows.registration import requirement


def test_only_the_nominee_not_registered_is_flagged_and_only_where_the_rule_applies(app, session):
    registered, unregistered = factories.people(session, "soyte-vp", 2, "Đỗ Minh")
    approved_registration(app, session, [(registered, "LDTT"), (None, "TTLDTT")])
    ldtt = factories.proposal(session, "LDTT", 2026, [registered, unregistered], "soyte-vp")
    found = requirement.check(session, ldtt)
    assert found is not None and found.rule.action == "flag"
    assert [f.nominee_id for f in found.flags] == [ldtt.nominees[1].id]
    assert "Điều 8" in found.rule.legal_basis and "152/2025" in found.rule.legal_basis
    # Registered for LĐTT is not registered for CSTĐCS: each title is registered by name.
    cstdcs = factories.proposal(session, "CSTDCS", 2026, [registered], "soyte-vp")
    assert [f.name for f in requirement.check(session, cstdcs).flags] == ["Đỗ Minh 0"]
    # The Director's Giấy khen needs no registration: no check at all.
    assert (
        requirement.check(
            session, factories.proposal(session, "GK_CN", 2026, [unregistered], "soyte-vp")
        )
        is None
    )
    # 2023: the rule (from the Law of 2022, in force 01/01/2024) did not apply yet.
    assert (
        requirement.check(
            session, factories.proposal(session, "LDTT", 2023, [unregistered], "soyte-vp")
        )
        is None
    )
    # 2025 answers to the version of Decree 98/2023, in force on 01/01/2025.
    old = requirement.check(
        session, factories.proposal(session, "LDTT", 2025, [registered], "soyte-vp")
    )
    assert old is not None and "98/2023" in old.rule.legal_basis and len(old.flags) == 1


def test_a_registration_not_yet_approved_does_not_count(app, session):
    person = factories.people(session, "soyte-vp", 1, "Vũ Hà")[0]
    approved_registration(app, session, [(person, "LDTT")], status=RegistrationStatus.SUBMITTED)
    proposal = factories.proposal(session, "LDTT", 2026, [person], "soyte-vp")
    assert len(requirement.check(session, proposal).flags) == 1


def test_the_flag_is_shown_on_the_pages_and_in_the_api(app, session, api, login_as):
    registered, unregistered = factories.people(session, "soyte-vp", 2, "Hoàng Lan")
    registration_id = approved_registration(app, session, [(registered, "LDTT")])
    nominator = api("vanthu.yte")
    filed = nominator.ok(
        "POST", f"/registrations/{registration_id}/proposals", 201, json={"award": "LDTT"}
    )
    clean = nominator.ok("GET", f"/proposals/{filed['id']}")["registration_check"]
    assert clean["flags"] == [] and clean["action"] == "flag"
    # The nominator adds someone who did not register: flagged, not refused.
    detail = nominator.ok("GET", f"/proposals/{filed['id']}")
    nominees = [{"name": n["name"]} for n in detail["nominees"]] + [{"name": "Hoàng Lan 1"}]
    nominator.ok(
        "PUT",
        f"/proposals/{filed['id']}",
        json={
            "award_code": "LDTT",
            "year": 2026,
            "title": detail["title"],
            "summary": detail["summary"],
            "nominees": nominees,
        },
    )
    check = nominator.ok("GET", f"/proposals/{filed['id']}")["registration_check"]
    assert [f["name"] for f in check["flags"]] == ["Hoàng Lan 1"]
    assert "chưa đăng ký thi đua danh hiệu LDTT năm 2026" in check["flags"][0]["message"]
    assert "Điều 8" in check["legal_basis"]
    page = login_as("vanthu.yte").get(f"/proposals/{filed['id']}").get_data(as_text=True)
    assert 'id="registration-check"' in page
    assert "Hoàng Lan 1 chưa đăng ký thi đua danh hiệu LDTT năm 2026" in page
    assert "không phải căn cứ từ chối" in page
    # The reviewer's step page, once submitted.
    complete_dossier(nominator, filed["id"])
    nominator.ok("POST", f"/proposals/{filed['id']}/submit", json={})
    session.rollback()
    step = session.scalar(
        select(HumanTask).where(
            HumanTask.proposal_id == filed["id"], HumanTask.state == TaskState.READY
        )
    )
    reviewer = session.scalar(
        select(User.username)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.org_id == step.org_id, RoleAssignment.role_code == step.role_code)
        .limit(1)
    )
    html = login_as(reviewer).get(f"/tasks/{step.id}").get_data(as_text=True)
    assert "Hoàng Lan 1 chưa đăng ký thi đua danh hiệu LDTT năm 2026" in html
    assert session.get_one(Proposal, filed["id"]).status == "in_review"
