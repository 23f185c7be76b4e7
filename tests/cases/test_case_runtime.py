"""The case runtime (workflows.cases): a process other than the proposal's starts on its own
version row, puts its steps in the same inbox (page and API, told apart by `kind`) for the role
at the organisation, with due dates in working days, tells the candidates, checks who acts,
keeps its state and writes an audit event per change; the worker fires its timers."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from models import (
    CaseEvent,
    CaseInstance,
    CaseTask,
    CaseTimer,
    Notification,
    ProcessVersion,
    TaskState,
    User,
    utcnow,
)
from tests.support.cases import open_trial_case
from workflows.cases.worker import fire_due_timers
from workflows.errors import NotFound, ValidationFailed
from workflows.process import versions


def _start(app, session) -> int:
    return open_trial_case(app, session, "soyte-vp", "thuongtruc.yte")[0]


@pytest.fixture
def started(app, session):
    return open_trial_case(app, session, "soyte-vp", "thuongtruc.yte")


def _user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def _ready(session, case_id: int) -> list[CaseTask]:
    return list(
        session.scalars(
            select(CaseTask).where(CaseTask.case_id == case_id, CaseTask.state == TaskState.READY)
        )
    )


def test_a_case_runs_on_its_own_version_row_and_waits_for_the_unit(app, session, started):
    case_id, outcome = started
    case = session.get_one(CaseInstance, case_id)
    version = session.get_one(ProcessVersion, case.process_version_id)
    proposal_version, _ = app.extensions["tdkt_registry"].current(session)
    # Two processes from the same files: two rows, told apart by the hash, both verifying.
    assert version.process_id == "tdkt_registration"
    assert version.content_hash != proposal_version.content_hash
    assert versions.verify_all(session) >= 2
    versions.check(version)
    [task] = outcome.created
    assert (task.bpmn_id, task.role_code, task.org.code) == (
        "register_unit",
        "nominator",
        "soyte-vp",
    )
    assert case.state == "register_unit" and case.kind == "trial"
    # 15 working days (deadlines.json, dated): at least three weeks of calendar away.
    assert task.due_at is not None and task.due_at - utcnow() > timedelta(days=19)
    assert task.remind_at is not None and task.remind_at < task.due_at
    timers = session.scalars(select(CaseTimer.bpmn_id).where(CaseTimer.case_id == case_id)).all()
    assert sorted(timers) == ["overdue_register_unit", "remind_register_unit"]
    told = session.scalars(
        select(User.username).join(Notification, Notification.user_id == User.id)
    ).all()
    assert "vanthu.yte" in told
    [event] = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)).all()
    assert (event.action, event.to_state) == ("started", "register_unit")


def test_steps_are_completed_by_role_and_organisation_only_and_leave_a_trail(app, session, started):
    case_id, _ = started
    registry = app.extensions["tdkt_registry"]
    from workflows.cases import service

    [task] = _ready(session, case_id)
    # Someone else's unit: the step is not even found; a wrong role at the department neither.
    for outsider in ("vanthu.cntt", "thuongtruc.yte"):
        with pytest.raises(NotFound):
            service.complete(
                session, registry, _user(session, outsider), task.id, {"action": "submit"}
            )
        session.rollback()
    with pytest.raises(ValidationFailed):
        service.complete(
            session, registry, _user(session, "vanthu.yte"), task.id, {"action": "approve"}
        )
    session.rollback()
    service.complete(session, registry, _user(session, "vanthu.yte"), task.id, {"action": "submit"})
    session.commit()
    [review] = _ready(session, case_id)
    assert (review.bpmn_id, review.role_code, review.org.code) == (
        "approve_registration",
        "dept_secretariat",
        "soyte",
    )
    # Returning needs a reason; a failed step leaves the database as it was.
    with pytest.raises(ValidationFailed) as refused:
        service.complete(
            session, registry, _user(session, "thuongtruc.yte"), review.id, {"action": "return"}
        )
    assert "reason" in refused.value.fields
    session.rollback()
    assert [t.id for t in _ready(session, case_id)] == [review.id]
    task, outcome = service.complete(
        session,
        registry,
        _user(session, "thuongtruc.yte"),
        review.id,
        {"action": "return", "reason": "Thiếu danh sách cá nhân"},
    )
    session.commit()
    case = session.get_one(CaseInstance, case_id)
    assert (outcome.finished, case.status, case.state) == (
        True,
        "completed",
        "end_registration_returned",
    )
    assert case.state_json is None and _ready(session, case_id) == []
    trail = session.execute(
        select(CaseEvent.action, CaseEvent.from_state, CaseEvent.to_state, CaseEvent.step_action)
        .where(CaseEvent.case_id == case_id)
        .order_by(CaseEvent.id)
    ).all()
    assert [tuple(row) for row in trail] == [
        ("started", None, "register_unit", None),
        ("completed", "register_unit", "approve_registration", "submit"),
        ("completed", "approve_registration", "end_registration_returned", "return"),
        ("ended", "end_registration_returned", "end_registration_returned", None),
    ]
    # No timer is left waiting once the case has ended.
    assert (
        session.scalars(
            select(CaseTimer).where(CaseTimer.case_id == case_id, CaseTimer.fired_at.is_(None))
        ).all()
        == []
    )


def test_the_worker_fires_a_cases_deadline_marks_the_step_and_tells_its_candidates(
    app, session, clock
):
    clock(datetime(2026, 3, 2, 9, 0))  # a Monday
    case_id = _start(app, session)
    [task] = _ready(session, case_id)
    # 15 working days after Monday 2 March 2026: Monday 23 March, end of the day in VN (UTC+7).
    assert task.due_at == datetime(2026, 3, 23, 16, 59, 59)
    clock(datetime(2026, 3, 25, 9, 0))
    report = fire_due_timers(app.extensions["tdkt_sessions"])
    assert (report.cases, report.reminders, report.escalations, report.errors) == (1, 1, 1, [])
    session.rollback()  # a new transaction: what the worker committed
    [task] = _ready(session, case_id)
    assert task.overdue_at is not None
    actions = session.scalars(
        select(CaseEvent.action).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
    ).all()
    assert sorted(actions[1:]) == ["overdue", "reminded"]
    assert fire_due_timers(app.extensions["tdkt_sessions"]).cases == 0  # fired once


def test_a_case_step_is_in_the_same_inbox_page_and_api_with_its_kind(
    app, session, started, login_as, api
):
    case_id, _ = started
    [task] = _ready(session, case_id)
    listed = api("vanthu.yte").ok("GET", "/tasks")
    mine = [t for t in listed if t["kind"] == "trial"]
    assert [(t["id"], t["case_id"], t["proposal_id"]) for t in mine] == [(task.id, case_id, None)]
    assert all(t["kind"] == "proposal" for t in listed if t not in mine)
    assert [t for t in api("vanthu.cntt").ok("GET", "/tasks") if t["kind"] == "trial"] == []
    page = login_as("vanthu.yte").get("/")
    assert f"/cases/tasks/{task.id}".encode() in page.data
    # The inbox's count is of every step waiting, this case's too (found in the browser: a
    # bloc head with one step waiting read "Hộp việc 0").
    assert re.search(rb'badge text-bg-primary">1<span class="visually-hidden">', page.data)
    assert "Thêm 1 việc khác".encode() in page.data
    step = login_as("vanthu.yte").get(f"/cases/tasks/{task.id}")
    assert step.status_code == 200 and "Đơn vị đăng ký thi đua".encode() in step.data
    assert login_as("vanthu.cntt").get(f"/cases/tasks/{task.id}").status_code == 404
    done = api("vanthu.yte").ok(
        "POST", f"/cases/tasks/{task.id}/complete", json={"action": "submit"}
    )
    assert done["case"]["state"] == "approve_registration"
    assert [t["element"] for t in done["created"]] == ["approve_registration"]
    case = api("thuongtruc.yte").ok("GET", f"/cases/{case_id}")
    assert [e["action"] for e in case["events"]] == ["started", "completed"]
