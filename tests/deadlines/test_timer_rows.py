"""The timer rows of an instance are written as a difference from what its loaded state waits
on (no read of the rows at each step); what was remembered is trusted only in the transaction
that remembered it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from models import InstanceTimer, WorkflowInstance
from tests.support.deadlines import file_and_submit
from workflows.process import rounds, timers


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
    instance = rounds.lock_instance(session, pid)
    workflow = rounds.load(instance)
    assert unfired(session, instance.id) == sorted(timers.wanted(workflow).items())
    assert {bpmn_id for bpmn_id, _ in unfired(session, instance.id)} == {
        "remind_secretariat_check",
        "overdue_secretariat_check",
    }
    session.rollback()


def test_remembered_rows_are_not_trusted_after_a_rollback(app, session, clock, api_now):
    clock(datetime(2026, 2, 11, 10, 0))
    pid = file_and_submit(api_now)
    session.rollback()
    instance = rounds.lock_instance(session, pid)
    workflow = rounds.load(instance)
    before = unfired(session, instance.id)
    assert len(before) == 2
    # What a rolled-back transaction believed: no rows at all.
    timers.remember_stored(instance, {})
    session.rollback()
    instance = session.scalars(
        select(WorkflowInstance).where(WorkflowInstance.proposal_id == pid).with_for_update()
    ).one()
    # A save in the new transaction reads the rows: nothing to write, no row twice.
    timers.sync(session, instance, workflow)
    session.flush()
    assert unfired(session, instance.id) == before
    session.rollback()
