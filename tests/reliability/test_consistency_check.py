"""The checker the concurrency run relies on finds each kind of inconsistency it claims to."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from models import AuditEvent, HumanTask, Proposal, WorkflowInstance
from scripts import consistency

COUNCIL = {"members_total": 5, "members_present": 5, "votes_for": 5, "votes_against": 0}


@pytest.fixture
def walked(app, api) -> dict[str, int]:
    """One proposal decided, one returned, one waiting at the department, one draft."""
    nominator, head = api("vanthu.cntt"), api("truongphong.cntt")
    ids = {}
    for name in ("decided", "returned", "waiting"):
        ids[name] = nominator.file("LDTT", title=f"Hồ sơ {name}")
        nominator.ok("POST", f"/proposals/{ids[name]}/submit")
    head.act(ids["decided"])
    api("thuongtruc.tttt").act(ids["decided"])
    api("hoidong.tttt").act(ids["decided"], **COUNCIL)
    api("giamdoc.tttt").act(
        ids["decided"], decision_no="1/QĐ", decision_date="01/12/2025", signer="Vũ Đức Thắng"
    )
    head.act(ids["returned"], "return", comment="Thiếu minh chứng")
    head.act(ids["waiting"])
    ids["draft"] = nominator.file("LDTT", title="Hồ sơ nháp")
    return ids


def test_a_clean_history_has_no_inconsistency(walked, session):
    assert consistency.check(session) == []


def _problems(session, statement) -> list[str]:
    session.execute(statement)
    session.flush()
    return consistency.check(session)


def test_a_step_logged_twice_is_found(walked, session):
    pid = walked["waiting"]
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.proposal_id == pid, AuditEvent.action == "approved")
    ).one()
    session.add(
        AuditEvent(
            proposal_id=pid,
            action="approved",
            to_status="in_review",
            round=event.round,
            element_id=event.element_id,
        )
    )
    problems = consistency.check(session)
    assert any(f"proposal {pid}: completed rows" in p for p in problems), problems
    assert all(p.startswith(f"proposal {pid}:") for p in problems), problems


def test_a_status_that_disagrees_with_the_trail_is_found(walked, session):
    pid = walked["waiting"]
    statement = update(Proposal).where(Proposal.id == pid).values(status="approved")
    problems = _problems(session, statement)
    assert any("decided" in p for p in problems) and any("last event" in p for p in problems)


def test_a_lost_inbox_row_is_found(walked, session):
    pid = walked["waiting"]
    statement = delete(HumanTask).where(HumanTask.proposal_id == pid, HumanTask.state == "ready")
    problems = _problems(session, statement)
    assert any("engine ready" in p for p in problems), problems


def test_a_round_without_its_return_is_found(walked, session):
    pid = walked["returned"]
    statement = update(Proposal).where(Proposal.id == pid).values(round=1)
    problems = _problems(session, statement)
    assert any("round 1 but 1 'returned' events" in p for p in problems), problems


def test_a_finished_round_still_running_is_found(walked, session):
    pid = walked["decided"]
    statement = (
        update(WorkflowInstance).where(WorkflowInstance.proposal_id == pid).values(status="running")
    )
    problems = _problems(session, statement)
    assert any("final status approved" in p for p in problems), problems
