"""Moving running proposals to another version of the diagrams (workflows.process.migration):
a proposal waiting at a step both versions have lands there with its data and goes on on the
new version; one whose step is gone is refused and left exactly as it was."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from models import AuditEvent, HumanTask, InstanceTimer, Proposal, User, WorkflowInstance
from tests.support import versions as changed
from tests.support.forwarding import FORWARD
from tests.support.locks import race_behind_lock
from workflows.engine.diagrams import PROCESS_ID
from workflows.process import migration, review


def _waiting_at_signoff(api) -> int:
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    return pid


def _admin(session) -> User:
    return session.scalars(select(User).where(User.username == "quantri")).one()


def _snapshot(session, pid: int) -> dict:
    session.rollback()
    instance = session.scalars(
        select(WorkflowInstance).where(WorkflowInstance.proposal_id == pid)
    ).one()
    return {
        "version": instance.process_version_id,
        "pinned": session.get(Proposal, pid).process_version_id,
        "state": instance.state_json,
        "tasks": sorted(
            (t.task_guid, t.name, t.state, t.due_at)
            for t in session.scalars(select(HumanTask).where(HumanTask.proposal_id == pid))
        ),
        "timers": sorted(
            (t.bpmn_id, t.fire_at)
            for t in session.scalars(
                select(InstanceTimer).where(InstanceTimer.instance_id == instance.id)
            )
        ),
        "audit": session.scalar(
            select(AuditEvent.id)
            .where(AuditEvent.proposal_id == pid)
            .order_by(AuditEvent.id.desc())
        ),
    }


def test_a_proposal_at_a_step_both_versions_have_moves_and_goes_on_there(
    app, api, session, tmp_path
):
    pid = _waiting_at_signoff(api)
    before = _snapshot(session, pid)
    target = changed.register(session, changed.renamed_signoff(tmp_path))
    session.commit()

    plan = migration.preview(session, PROCESS_ID, target.id, [pid])
    assert plan.refusals == ()
    [landing] = plan.landings
    assert landing.from_version == before["version"]
    assert [(s.bpmn_id, s.old_name, s.new_name) for s in landing.steps] == [
        (changed.SIGNOFF, changed.SIGNOFF_NAME, changed.RENAMED)
    ]
    # The deadline is counted from when the step began, not restarted by the move.
    assert {t.bpmn_id: t.new_fire_at for t in landing.timers} == {
        t.bpmn_id: t.old_fire_at for t in landing.timers
    }
    assert _snapshot(session, pid) == before  # a preview writes nothing

    done = migration.migrate(session, PROCESS_ID, target.id, [pid], _admin(session))
    session.commit()
    assert [land.proposal_id for land in done.landings] == [pid] and done.refusals == ()
    after = _snapshot(session, pid)
    assert after["version"] == after["pinned"] == target.id
    assert after["timers"] == before["timers"]
    # The same inbox row (same engine task), now named as the new version names it; the rows
    # of steps done keep the names they were done under.
    assert [(g, n, s) for g, n, s, _ in after["tasks"]] == [
        (g, changed.RENAMED if s == "ready" else n, s) for g, n, s, _ in before["tasks"]
    ]
    state_before, state_after = json.loads(before["state"]), json.loads(after["state"])
    assert state_before["data"] == state_after["data"]
    event = session.get(AuditEvent, after["audit"])
    assert event.action == "version_migrated" and event.actor.username == "quantri"
    assert f"phiên bản quy trình số {target.id}" in event.comment

    # On through the API: the head approves, the next step comes from the new version.
    head = api("truongphong.cntt")
    task = head.task_for(pid)
    assert task["name"] == changed.RENAMED
    head.act(pid, "approve")
    session.rollback()  # end the side session's read: see what the API committed
    steps = session.scalars(
        select(HumanTask.bpmn_id).where(HumanTask.proposal_id == pid, HumanTask.state == "ready")
    ).all()
    assert steps == ["secretariat_check"]
    instance = session.scalars(
        select(WorkflowInstance).where(WorkflowInstance.proposal_id == pid)
    ).one()
    assert instance.process_version_id == target.id


def test_a_proposal_whose_step_is_gone_is_refused_and_left_as_it_was(app, api, session, tmp_path):
    pid = _waiting_at_signoff(api)
    target = changed.register(session, changed.without_signoff(tmp_path))
    session.commit()
    before = _snapshot(session, pid)

    plan = migration.preview(session, PROCESS_ID, target.id, [pid])
    assert plan.landings == ()
    [refusal] = plan.refusals
    assert refusal.error.code == "step_missing_in_version"
    assert changed.SIGNOFF_NAME in refusal.error.message

    done = migration.migrate(session, PROCESS_ID, target.id, [pid], _admin(session))
    session.commit()
    assert [r.error.code for r in done.refusals] == ["step_missing_in_version"]
    assert _snapshot(session, pid) == before


def test_a_completion_racing_the_move_is_seen_by_it(app, api, session, tmp_path, user_id):
    """The move plans with what it reads under the instance's lock: a completion that held the
    lock first has moved the proposal on, and the move lands where it went, never where it was."""
    pid = _waiting_at_signoff(api)
    task_id = api("truongphong.cntt").task_for(pid)["id"]
    target = changed.register(session, changed.renamed_signoff(tmp_path))
    session.commit()
    registry = app.extensions["tdkt_registry"]

    def hold(holder) -> None:
        head = holder.get_one(User, user_id("truongphong.cntt"))
        review.complete_task(holder, registry, head, task_id, {"action": "approve", **FORWARD})

    def attempt(waiter) -> object:
        admin = waiter.get_one(User, user_id("quantri"))
        plan = migration.migrate(waiter, PROCESS_ID, target.id, [pid], admin)
        return [s.bpmn_id for land in plan.landings for s in land.steps] or plan.refusals

    assert race_behind_lock(app, pid, hold, attempt) == ["secretariat_check"]


def test_what_follows_the_waiting_step_comes_from_the_new_version(app, api, session, tmp_path):
    pid = _waiting_at_signoff(api)
    target = changed.register(session, changed.with_step_after_signoff(tmp_path))
    session.commit()
    done = migration.migrate(session, PROCESS_ID, target.id, [pid], _admin(session))
    session.commit()
    assert done.refusals == ()
    api("truongphong.cntt").act(pid, "approve")
    session.rollback()
    ready = session.scalars(
        select(HumanTask.name).where(HumanTask.proposal_id == pid, HumanTask.state == "ready")
    ).all()
    # The step the new version added after the unit head's, where the old one had the check.
    assert ready == [changed.RECEIVE_NAME]


def test_the_timers_are_evaluated_again_with_the_new_expressions(
    app, api, session, tmp_path, clock
):
    clock(datetime(2026, 3, 2, 10, 0))  # a Monday
    pid = _waiting_at_signoff(api)
    before = _snapshot(session, pid)
    target = changed.register(session, changed.reminder_at_deadline(tmp_path))
    session.commit()
    # Moved on the Friday: the deadline still counts from Monday, when the step began.
    clock(datetime(2026, 3, 6, 10, 0))
    [landing] = migration.preview(session, PROCESS_ID, target.id, [pid]).landings
    fire = {t.bpmn_id: (t.old_fire_at, t.new_fire_at) for t in landing.timers}
    reminder, deadline = fire["remind_unit_head_signoff"], fire["overdue_unit_head_signoff"]
    assert deadline[0] == deadline[1] and reminder[0] < reminder[1] == deadline[1]

    migration.migrate(session, PROCESS_ID, target.id, [pid], _admin(session))
    session.commit()
    after = _snapshot(session, pid)
    assert dict(after["timers"]) == {
        "remind_unit_head_signoff": deadline[1],
        "overdue_unit_head_signoff": deadline[1],
    }
    assert dict(after["timers"]) != dict(before["timers"])
    # The inbox row's moments are what the new timers mean: both wait for the deadline now,
    # so the row has a deadline and no reminder moment.
    row = session.scalars(
        select(HumanTask).where(HumanTask.proposal_id == pid, HumanTask.state == "ready")
    ).one()
    assert (row.remind_at, row.due_at) == (None, deadline[1])


def test_a_step_of_another_role_or_an_open_ballot_is_refused(app, api, session, tmp_path):
    at_signoff = _waiting_at_signoff(api)
    voting = _waiting_at_signoff(api)
    api("truongphong.cntt").act(voting, "approve")
    api("thuongtruc.tttt").act(voting, "approve")
    other_role = changed.register(session, changed.signoff_by_secretariat(tmp_path / "lane"))
    renamed = changed.register(session, changed.renamed_signoff(tmp_path / "renamed"))
    session.commit()
    before = {pid: _snapshot(session, pid) for pid in (at_signoff, voting)}

    [lane] = migration.preview(session, PROCESS_ID, other_role.id, [at_signoff]).refusals
    assert lane.error.code == "step_lane_changed" and "dept_secretariat" in lane.error.message
    done = migration.migrate(session, PROCESS_ID, renamed.id, [voting], _admin(session))
    session.commit()
    assert [r.error.code for r in done.refusals] == ["ballot_box_open"]
    assert {pid: _snapshot(session, pid) for pid in (at_signoff, voting)} == before
