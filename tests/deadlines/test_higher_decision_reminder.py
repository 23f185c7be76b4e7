"""A higher decision that is late: the wait at "Chờ quyết định cấp trên" has its time limit as
dated data (workflows/data/deadlines.json, 30 working days, reminded 5 before); the worker
reminds the board officers and then escalates to the board, as for every step."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from models import AuditEvent, HumanTask, Notification, User
from tests.support.upward import drive


def test_a_late_higher_decision_is_reminded_then_escalated(app, session, clock, api, run_workers):
    # Monday 2/3/2026: the Chairman's submission goes out, the wait begins.
    clock(datetime(2026, 3, 2, 9, 0))
    nominator = api("vanthu.cntt")
    pid = nominator.file("BK_BO_CN", nominees=[{"name": "Lò Thị Mai", "job_title": "Kế toán"}])
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    drive(api, pid, "minister", stop_at="await_decision")
    session.rollback()
    [step] = session.scalars(
        select(HumanTask).where(HumanTask.proposal_id == pid, HumanTask.state == "ready")
    )
    assert step.bpmn_id == "await_decision" and step.role_code == "board_officer"
    # 30 working days from Tue 3/3: March gives 21 (3–31/3), April 1–13 gives the other 9;
    # due at the end of Monday 13/4, reminded 5 working days before, Monday 6/4 at 08:00.
    assert step.due_at == datetime(2026, 4, 13, 16, 59, 59)  # 23:59:59 in Việt Nam
    assert step.remind_at == datetime(2026, 4, 6, 1, 0)  # 08:00 in Việt Nam

    clock(datetime(2026, 4, 6, 9, 0))
    assert sum(r.reminders for r in run_workers(1)) == 1
    clock(datetime(2026, 4, 14, 9, 0))
    assert sum(r.escalations for r in run_workers(1)) == 1

    session.rollback()
    events = session.scalars(
        select(AuditEvent.element_id).where(
            AuditEvent.proposal_id == pid, AuditEvent.action.in_(("reminded", "overdue"))
        )
    ).all()
    assert events == ["remind_await_decision", "overdue_await_decision"]
    told = session.execute(
        select(User.username, Notification.kind)
        .join(User, User.id == Notification.user_id)
        .where(Notification.proposal_id == pid, Notification.kind.in_(("reminder", "escalation")))
    ).all()
    assert ("chuyenvien.btdkt", "reminder") in told
    assert any(kind == "escalation" for _, kind in told)
