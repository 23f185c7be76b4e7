"""The timer rows of an instance are written as a difference from what its loaded state waits
on (no read of the rows at each step); what the runtime read under the lock is trusted only in
the transaction that took it."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from models import InstanceTimer, Proposal
from tests.support.deadlines import file_and_submit
from workflows.process import timers
from workflows.process.runtime import RunningProcess


def unfired(session, instance_id: int) -> list[tuple[str, datetime]]:
    query = select(InstanceTimer.bpmn_id, InstanceTimer.fire_at).where(
        InstanceTimer.instance_id == instance_id, InstanceTimer.fired_at.is_(None)
    )
    return sorted(tuple(row) for row in session.execute(query))


def test_rows_match_the_state_after_each_step(app, session, clock, api_now):
    clock(datetime(2026, 2, 11, 10, 0))
    pid = file_and_submit(api_now)
    api_now("truongphong.cntt").act(pid)
    session.rollback()
    process = RunningProcess.lock(session, pid)
    assert unfired(session, process.instance.id) == sorted(timers.wanted(process.workflow).items())
    assert {bpmn_id for bpmn_id, _ in unfired(session, process.instance.id)} == {
        "remind_secretariat_check",
        "overdue_secretariat_check",
    }
    session.rollback()


def test_what_was_read_under_the_lock_is_not_trusted_after_a_rollback(app, session, clock, api_now):
    clock(datetime(2026, 2, 11, 10, 0))
    pid = file_and_submit(api_now)
    session.rollback()
    process = RunningProcess.lock(session, pid)
    before = unfired(session, process.instance.id)
    assert len(before) == 2
    assert process.workflow is not None  # loaded: the rows it knows are what its state waits on
    session.rollback()
    # The object belongs to the rolled-back transaction: it refuses to be used in the next one.
    with pytest.raises(RuntimeError, match="valid in the transaction that locked it"):
        process.complete(session.get_one(Proposal, pid), None, None, "approve", {})
    with pytest.raises(RuntimeError, match="valid in the transaction that locked it"):
        _ = process.workflow
    # A save in the new transaction, knowing nothing, reads the rows: nothing to write.
    again = RunningProcess.lock(session, pid)
    timers.sync(session, again.instance, timers.wanted(again.workflow), set(), stored=None)
    session.flush()
    assert unfired(session, again.instance.id) == before
    session.rollback()
