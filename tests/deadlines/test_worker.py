"""Reminders and escalation, fired by `tdkt worker` passes, once each even with two workers at
once; the step is marked overdue where people look; a fired timer goes through the path of a
completion (audit event, inbox rows, timer rows)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import select

from models import AuditEvent, HumanTask, InstanceTimer, Notification, NotificationKind, User
from tests.support.deadlines import file_and_submit


def rows(session, model, *where):
    session.rollback()  # a new transaction: what the workers committed since
    return list(session.scalars(select(model).where(*where)))


def received(session, pid: int) -> Counter:
    """(username, kind) → the timers' notifications about proposal `pid` (the handovers'
    are tested in test_handover_notices)."""
    session.rollback()  # a new transaction: what the workers committed since
    query = (
        select(User.username, Notification.kind)
        .join(User, User.id == Notification.user_id)
        .where(
            Notification.proposal_id == pid,
            Notification.kind.in_([NotificationKind.REMINDER, NotificationKind.ESCALATION]),
        )
    )
    return Counter(tuple(r) for r in session.execute(query))


def test_reminder_then_escalation_fire_once_each_with_two_workers(
    app, session, clock, api_now, run_workers, login_as
):
    # Wednesday 11/2/2026, 10:00: the unit head's step (3 working days) is due Monday 23/2
    # (Thu 12, Fri 13, then Tết and its weekends to Sun 22, Mon 23); reminded Friday 13/2 at
    # 08:00, overdue when Monday 23/2 ends.
    clock(datetime(2026, 2, 11, 10, 0))
    pid = file_and_submit(api_now)
    [step] = rows(session, HumanTask, HumanTask.proposal_id == pid, HumanTask.state == "ready")
    assert step.bpmn_id == "unit_head_signoff"
    assert step.remind_at == datetime(2026, 2, 13, 1, 0)  # 08:00 in Việt Nam
    assert step.due_at == datetime(2026, 2, 23, 16, 59, 59)  # 23:59:59 in Việt Nam
    timers = {
        t.bpmn_id: t.fire_at for t in rows(session, InstanceTimer, InstanceTimer.fired_at.is_(None))
    }
    assert timers == {
        "remind_unit_head_signoff": step.remind_at,
        "overdue_unit_head_signoff": step.due_at,
    }
    # The badges, not the words: the inbox's filter by due state offers both as options.
    overdue = '<span class="badge text-bg-danger">Quá hạn</span>'
    soon = '<span class="badge text-bg-warning">Sắp đến hạn</span>'
    inbox = login_as("truongphong.cntt").get("/").get_data(as_text=True)
    assert "Hạn xử lý: 23/02/2026" in inbox and overdue not in inbox and soon not in inbox

    # Thursday 12/2: nothing is due yet.
    clock(datetime(2026, 2, 12, 17, 0))
    assert sum(r.reminders + r.escalations for r in run_workers(2)) == 0

    # Friday 13/2, 09:00: two workers at once; the reminder fires once, to the unit head.
    clock(datetime(2026, 2, 13, 9, 0))
    reports = run_workers(2)
    assert sorted(r.reminders for r in reports) == [0, 1]
    assert received(session, pid) == {("truongphong.cntt", "reminder"): 1}
    events = rows(
        session, AuditEvent, AuditEvent.proposal_id == pid, AuditEvent.action == "reminded"
    )
    assert [(e.element_id, e.actor_id, e.to_status) for e in events] == [
        ("remind_unit_head_signoff", None, "in_review")
    ]
    inbox = login_as("truongphong.cntt").get("/").get_data(as_text=True)
    assert soon in inbox and overdue not in inbox

    # Monday 23/2 in the evening: the day has not ended, so not overdue yet.
    clock(datetime(2026, 2, 23, 23, 0))
    assert sum(r.escalations for r in run_workers(2)) == 0

    # Tuesday 24/2, 08:00: overdue. The Director of the department (the step's supervisor)
    # and the two holders of the board's role are told, once each.
    clock(datetime(2026, 2, 24, 8, 0))
    reports = run_workers(2)
    assert sorted(r.escalations for r in reports) == [0, 1]
    assert sum(r.reminders for r in reports) == 0
    assert received(session, pid) == {
        ("truongphong.cntt", "reminder"): 1,
        ("giamdoc.tttt", "escalation"): 1,
        ("chuyenvien.btdkt", "escalation"): 1,
        ("theodoi.btdkt", "escalation"): 1,
    }
    actions = [
        e.action
        for e in rows(session, AuditEvent, AuditEvent.proposal_id == pid)
        if e.action in ("reminded", "overdue")
    ]
    assert actions == ["reminded", "overdue"]
    [step] = rows(session, HumanTask, HumanTask.proposal_id == pid, HumanTask.state == "ready")
    assert step.overdue_at == datetime(2026, 2, 24, 1, 0)
    assert {
        t.bpmn_id for t in rows(session, InstanceTimer, InstanceTimer.fired_at.is_not(None))
    } == {
        "remind_unit_head_signoff",
        "overdue_unit_head_signoff",
    }
    # More passes find nothing to do.
    assert sum(r.instances for r in run_workers(2)) == 0

    # Marked overdue in the inbox, on the task page, on the proposal page and the dashboard.
    badge = overdue
    head = login_as("truongphong.cntt")
    assert badge in head.get("/").get_data(as_text=True)
    assert badge in head.get(f"/tasks/{step.id}").get_data(as_text=True)
    board = login_as("theodoi.btdkt")
    page = board.get(f"/proposals/{pid}").get_data(as_text=True)
    assert badge in page and "Hạn xử lý: 23/02/2026" in page
    assert badge in board.get("/dashboard/").get_data(as_text=True)
    # The bell of the Director counts it.
    director = login_as("giamdoc.tttt").get("/").get_data(as_text=True)
    assert 'aria-label="Thông báo: 1 chưa đọc"' in director

    # The step is done late; the next one gets its own dates from today: the secretariat's
    # 5 working days from Tue 24/2 are Wed 25, Thu 26, Fri 27, Mon 2/3, Tue 3/3.
    api_now("truongphong.cntt").act(pid)
    [nxt] = rows(session, HumanTask, HumanTask.proposal_id == pid, HumanTask.state == "ready")
    assert (nxt.bpmn_id, nxt.due_at) == ("secretariat_check", datetime(2026, 3, 3, 16, 59, 59))
    waiting = {t.bpmn_id for t in rows(session, InstanceTimer, InstanceTimer.fired_at.is_(None))}
    assert waiting == {"remind_secretariat_check", "overdue_secretariat_check"}
