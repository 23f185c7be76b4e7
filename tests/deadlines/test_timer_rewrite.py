"""A step that hands over to the next one rewrites its timer rows as the next step's in one
UPDATE (issue 19), and the rows are then exactly what the new state waits on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from models import InstanceTimer
from tests.support.deadlines import file_and_submit
from tests.support.statements import statements
from workflows.process import timers
from workflows.process.runtime import RunningProcess


def test_a_handover_rewrites_the_timer_rows_in_one_statement(app, session, clock, api_now):
    clock(datetime(2026, 2, 11, 10, 0))
    pid = file_and_submit(api_now)
    head = api_now("truongphong.cntt")
    with statements(app) as seen:
        head.act(pid)
    written = [s for s in seen if "instance_timer" in s and not s.startswith("SELECT")]
    assert len(written) == 1 and written[0].startswith("UPDATE instance_timer"), written
    session.rollback()
    process = RunningProcess.lock(session, pid)
    rows = session.execute(
        select(InstanceTimer.bpmn_id, InstanceTimer.fire_at).where(
            InstanceTimer.instance_id == process.instance.id, InstanceTimer.fired_at.is_(None)
        )
    ).all()
    assert dict(rows) == timers.wanted(process.workflow)
    assert len(rows) == 2
    session.rollback()
