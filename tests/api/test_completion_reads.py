"""A completion reads what it checks once, after the instance lock (issue 4), and the checks
still see what another worker committed before that lock: statements are counted, stale rows
are planted behind the session's back."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from models import BallotBox, HumanTask, Nominee, Proposal, User
from tests.support.forwarding import FORWARD
from tests.support.locks import race_behind_lock
from tests.support.statements import selects, statements
from workflows.errors import Conflict, Forbidden
from workflows.process import review
from workflows.proposals import filing


def _user(session, username: str) -> User:
    return session.scalar(select(User).where(User.username == username))


def test_submitting_locks_and_reads_the_proposal_and_its_step_once(app, api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    with statements(app) as seen:
        nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    # Before: a visibility query, the lock and the read of proposal and filing step, then the
    # completion's own lock and read of task and proposal again.
    assert len(selects(seen, "workflow_instance")) == 1, seen
    assert len(selects(seen, "proposal")) == 1, seen
    assert not selects(seen, "human_task JOIN proposal"), seen


def test_a_submit_waiting_for_the_lock_sees_the_filing_step_as_the_holder_left_it(
    app, api, user_id
):
    pid = api("vanthu.cntt").file("LDTT")
    nominator = user_id("vanthu.cntt")
    registry = app.extensions["tdkt_registry"]

    def hold(holder) -> None:
        # What another submit does to the filing step while it holds the lock.
        holder.execute(
            update(HumanTask)
            .where(HumanTask.proposal_id == pid, HumanTask.form == "file")
            .values(state="completed")
        )

    def attempt(waiter) -> str:
        filing.submit_proposal(waiter, registry, waiter.get_one(User, nominator), pid)
        return "submitted again"

    # The step read before the lock would still be ready, and would be completed twice.
    assert race_behind_lock(app, pid, hold, attempt) == "conflict"


def test_a_completion_handed_a_step_no_longer_ready_refuses_it(app, api, session):
    pid = api("vanthu.cntt").file("LDTT")
    user = _user(session, "vanthu.cntt")
    registry = app.extensions["tdkt_registry"]
    locked = filing._editable(session, user, pid)
    locked.task.state = "completed"
    payload = {"action": "submit"}
    try:
        review.complete_task(session, registry, user, locked.task.id, payload, locked)
    except Conflict:
        pass
    else:
        raise AssertionError("a completed step was completed again")
    finally:
        session.rollback()


def _nominee_reads(seen: list[str]) -> list[str]:
    # Statements reading nominee rows themselves (the locked read only joins the table).
    return [sql for sql in seen if sql.startswith("SELECT nominee.")]


def test_the_conflict_check_comes_with_the_locked_read(app, api):
    nominator, head = api("vanthu.cntt"), api("truongphong.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    task_id = head.task_for(pid)["id"]
    with statements(app) as seen:
        head.ok("POST", f"/tasks/{task_id}/complete", json={"action": "approve", **FORWARD})
    # Before: the conflict-of-interest query, then eligibility's load of the list; then the
    # list alone; now neither: the list comes with the task (joined in the read after the
    # lock), and the conflict check and eligibility both read it there.
    assert not _nominee_reads(seen), seen
    assert any("JOIN proposal" in sql and "JOIN nominee" in sql for sql in seen), seen
    with statements(app) as seen:
        api("thuongtruc.tttt").act(pid)
    # The check opens the council's box: its tallies come from the list read with the task
    # after the lock, not from a second read of the same rows.
    assert not _nominee_reads(seen), seen
    director = api("giamdoc.tttt")
    ballot = director.task_for(pid)
    detail = director.ok("GET", f"/proposals/{pid}")
    choices = {str(n["id"]): "yes" for n in detail["nominees"] if n["status"] == "active"}
    with statements(app) as seen:
        director.ok(
            "POST", f"/tasks/{ballot['id']}/complete", json={"action": "vote", "choices": choices}
        )
    # A ballot checks no criteria: it reads no nominee rows at all.
    assert not _nominee_reads(seen), seen


def test_the_conflict_check_reads_the_nominees_after_the_lock(app, api, session):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    task_id = api("truongphong.cntt").task_for(pid)["id"]
    head = _user(session, "truongphong.cntt")
    registry = app.extensions["tdkt_registry"]
    # The list as read before the lock: the reviewer is not among the nominees yet ...
    assert head.id not in {n.user_id for n in session.get_one(Proposal, pid).nominees}
    # ... then another worker's committed edit names them (behind the session's back).
    session.execute(
        insert(Nominee).values(
            proposal_id=pid,
            position=99,
            name=head.full_name,
            kind="person",
            user_id=head.id,
            status="active",
        )
    )
    try:
        review.complete_task(session, registry, head, task_id, {"action": "approve", **FORWARD})
    except Forbidden as exc:
        assert "danh sách đề nghị" in str(exc)
    else:
        raise AssertionError("a nominee approved their own proposal")
    finally:
        session.rollback()


def test_the_council_box_counts_the_nominees_as_read_after_the_lock(app, api, session):
    nominator = api("vanthu.cntt")
    names = ("Nguyễn Văn An", "Trần Thị Bình")
    pid = nominator.file("LDTT", nominees=[{"name": n, "job_title": "Chuyên viên"} for n in names])
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    api("truongphong.cntt").act(pid)
    task_id = api("thuongtruc.tttt").task_for(pid)["id"]
    secretariat = _user(session, "thuongtruc.tttt")
    registry = app.extensions["tdkt_registry"]
    # The list as read before the lock: both nominees active ...
    before = session.get_one(Proposal, pid).nominees
    assert [n.status for n in before] == ["active", "active"]
    # ... then another worker's committed change leaves one of them out (behind the session's
    # back: the objects in the session still say "active").
    session.execute(
        update(Nominee).where(Nominee.id == before[1].id).values(status="voted_down"),
        execution_options={"synchronize_session": False},
    )
    try:
        review.complete_task(
            session, registry, secretariat, task_id, {"action": "approve", **FORWARD}
        )
        box = session.scalar(select(BallotBox).where(BallotBox.proposal_id == pid))
        assert [t.nominee_id for t in box.tallies] == [before[0].id]
    finally:
        session.rollback()
