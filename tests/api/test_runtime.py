"""The process runtime's contract: obtained by locking (or starting) a round, each operation runs
the engine, writes inbox rows and the stored state, and answers where the round stands."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from models import HumanTask, InstanceStatus, Proposal, TaskState, User, WorkflowInstance
from tests.support.statements import statements
from workflows.errors import Conflict
from workflows.process.runtime import RunningProcess


def _user(session, username: str) -> User:
    return session.scalar(select(User).where(User.username == username))


def _ready(session, proposal_id: int) -> list[HumanTask]:
    return list(
        session.scalars(
            select(HumanTask).where(
                HumanTask.proposal_id == proposal_id, HumanTask.state == TaskState.READY
            )
        )
    )


def _submitted_and_locked(api, session) -> tuple[int, RunningProcess, HumanTask]:
    """An LĐTT filed and submitted by its nominator, its round locked in `session`, and the
    unit head's step it waits on."""
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    session.rollback()
    process = RunningProcess.lock(session, pid)
    [task] = _ready(session, pid)
    return pid, process, task


def test_completing_a_step_answers_the_next_stage_and_the_rows_it_created(api, session):
    pid, process, task = _submitted_and_locked(api, session)
    proposal = session.get_one(Proposal, pid)
    assert task.bpmn_id == "unit_head_signoff"

    outcome = process.complete(
        proposal, task, _user(session, "truongphong.cntt"), "approve", {"decision": "approve"}
    )

    assert (outcome.finished, outcome.end_event, outcome.stage) == (False, None, "department")
    assert [row.bpmn_id for row in outcome.created] == ["secretariat_check"]
    assert task.state == TaskState.COMPLETED and task.action == "approve"
    # The state stored is the one that waits at the secretariat: a new lock loads it there.
    session.flush()
    assert [t.bpmn_id for t in _ready(session, pid)] == ["secretariat_check"]
    session.rollback()


def test_a_return_ends_the_round_at_its_end_event(api, session):
    pid, process, task = _submitted_and_locked(api, session)
    outcome = process.complete(
        session.get_one(Proposal, pid),
        task,
        _user(session, "truongphong.cntt"),
        "return",
        {"decision": "return", "comment": "Bổ sung"},
    )
    assert (outcome.finished, outcome.stage) == (True, None)
    assert outcome.end_event == "end_returned_unit_head_signoff"
    assert process.instance.status == InstanceStatus.COMPLETED
    assert process.instance.state_json is None  # a finished round keeps its path, not its state
    with pytest.raises(Conflict) as refused:
        RunningProcess.lock(session, pid)
    assert refused.value.code == "step_gone"
    session.rollback()


def test_starting_a_round_writes_its_first_inbox_row(app, api, session):
    pid = api("vanthu.cntt").file("LDTT")
    session.rollback()
    proposal = session.get_one(Proposal, pid)
    RunningProcess.lock(session, pid)  # the round 1 instance is there: end it to start round 2
    session.get_one(WorkflowInstance, _ready(session, pid)[0].instance_id).status = "completed"
    for row in _ready(session, pid):
        row.state = TaskState.CANCELLED
    proposal.round = 2
    proposal.resume_stage = "unit"

    process, outcome = RunningProcess.start(session, app.extensions["tdkt_registry"], proposal)

    assert (outcome.finished, outcome.stage) == (False, "unit")
    assert [(row.bpmn_id, row.form) for row in outcome.created] == [("file_proposal", "file")]
    assert process.instance.round == 2 and process.instance.status == InstanceStatus.RUNNING
    assert RunningProcess.lock(session, pid).instance.id == process.instance.id
    session.rollback()


def test_a_runtime_refuses_to_be_used_after_its_transaction(api, session):
    pid = api("vanthu.cntt").file("LDTT")
    session.rollback()
    process = RunningProcess.lock(session, pid)
    session.commit()
    with pytest.raises(RuntimeError, match="valid in the transaction that locked it"):
        process.fire_timers(session.get_one(Proposal, pid))
    session.rollback()


def test_a_completion_writes_its_rows_once_and_its_objects_show_them(app, api, session):
    pid, process, task = _submitted_and_locked(api, session)
    version = process.instance.lock_version
    head = _user(session, "truongphong.cntt")
    with statements(app) as seen:
        process.complete(session.get_one(Proposal, pid), task, head, "approve", {})
        session.flush()
    writes = [s.split(" SET ")[0] for s in seen if s.startswith("UPDATE")]
    # Each row once, by the completion itself: the flush after it has nothing of them left.
    assert writes.count("UPDATE human_task") == 1
    assert writes.count("UPDATE workflow_instance") == 1
    assert (task.state, task.action, task.completed_by_id) == ("completed", "approve", head.id)
    assert process.instance.lock_version == version + 1
    session.expire_all()
    stored = session.get_one(WorkflowInstance, process.instance.id)
    assert stored.lock_version == version + 1
    assert session.get_one(HumanTask, task.id).completed_by_id == head.id
    session.rollback()


def test_an_instance_stored_behind_the_lock_refuses_the_completion(api, session):
    pid, process, task = _submitted_and_locked(api, session)
    # Another writer that did not wait for the row lock moved the instance's version on.
    session.execute(
        update(WorkflowInstance.__table__)
        .where(WorkflowInstance.id == process.instance.id)
        .values(lock_version=WorkflowInstance.lock_version + 1)
    )
    with pytest.raises(Conflict) as refused:
        process.complete(
            session.get_one(Proposal, pid), task, _user(session, "truongphong.cntt"), "approve", {}
        )
    assert refused.value.code == "stale_proposal"
    session.rollback()
    [still] = _ready(session, pid)
    assert (still.id, still.bpmn_id) == (task.id, "unit_head_signoff")
    session.rollback()
