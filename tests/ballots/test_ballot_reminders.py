"""Deadlines of a council's ballot: the timers hang on the multi-instance step, and when they
fire only the members who have not cast their ballot yet are reminded, each of their own
ballot; at the deadline those ballots are marked overdue and the supervisor is told."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from models import HumanTask, Notification, User
from tests.support.deadlines import file_and_submit
from tests.support.world import ROLES, holders


def ballots(session, pid: int) -> list[HumanTask]:
    session.rollback()  # what the requests and workers committed since
    query = select(HumanTask).where(HumanTask.proposal_id == pid, HumanTask.form == "ballot")
    return list(session.scalars(query.order_by(HumanTask.id)))


def notices(session, pid: int, kind: str) -> Counter:
    """(username, task id) → notifications of `kind` about the proposal."""
    session.rollback()
    query = (
        select(User.username, Notification.task_id)
        .join(User, User.id == Notification.user_id)
        .where(Notification.proposal_id == pid, Notification.kind == kind)
    )
    return Counter(tuple(r) for r in session.execute(query))


def utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def test_only_members_yet_to_vote_are_reminded(app, session, clock, api_now, run_workers):
    # Monday 2/3/2026, 09:00: no holiday near; the council has 10 working days.
    clock(datetime(2026, 3, 2, 9, 0))
    pid = file_and_submit(api_now)
    api_now("truongphong.cntt").act(pid)
    api_now("thuongtruc.tttt").act(pid)
    members = holders("dept_council", "sotttt")
    rows = ballots(session, pid)
    assert len(rows) == len(members) >= 5
    by_member = {session.get(User, r.assignee_id).username: r for r in rows}
    assert sorted(by_member) == sorted(members)
    remind_at, due_at = rows[0].remind_at, rows[0].due_at
    assert remind_at is not None and due_at is not None
    assert all((r.remind_at, r.due_at) == (remind_at, due_at) for r in rows)

    voted, waiting = members[:2], members[2:]
    for username in voted:
        member = api_now(username)
        nominees = member.ok("GET", f"/proposals/{pid}")["nominees"]
        body = {"action": "vote", "choices": {str(n["id"]): "yes" for n in nominees}}
        member.ok("POST", f"/tasks/{by_member[username].id}/complete", json=body)

    # An hour after the reminder time: one reminder per member still to vote, of their ballot.
    clock(utc(remind_at) + timedelta(hours=1))
    assert sum(r.reminders for r in run_workers(2)) == 1
    expected = Counter({(u, by_member[u].id): 1 for u in waiting})
    assert notices(session, pid, "reminder") == expected

    # Past the deadline: the ballots not cast are overdue, the cast ones are not; the
    # Director (the step's supervisor, a member himself) and the board are told once each.
    clock(utc(due_at) + timedelta(hours=1))
    assert sum(r.escalations for r in run_workers(2)) == 1
    overdue = {
        session.get(User, r.assignee_id).username for r in ballots(session, pid) if r.overdue_at
    }
    assert overdue == set(waiting)
    told = {u for u, _ in notices(session, pid, "escalation")}
    board = {u for u, roles in ROLES.items() if any(r == "board" for r, _ in roles)}
    assert told == {"giamdoc.tttt", *board}
