"""The inbox counts what waits, says what each task asks, and puts the most urgent first."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from models import HumanTask
from tests.support.pages import file_proposal

TASK_ROW = re.compile(r'href="/tasks/(\d+)">[^<]+</a>\s*<div class="small task-asks">([^<]+)</div>')


def test_count_one_line_of_instructions_and_oldest_first(login_as, session):
    nominator = login_as("vanthu.cntt")
    first = file_proposal(nominator, title="Hồ sơ thứ nhất")
    second = file_proposal(nominator, title="Hồ sơ thứ hai")
    tasks = {
        t.proposal_id: t
        for t in session.scalars(
            select(HumanTask).where(HumanTask.state == "ready", HumanTask.role_code == "unit_head")
        )
    }
    # The second proposal waits longer than the first: it must come first.
    tasks[second].created_at = tasks[first].created_at - timedelta(days=3)
    session.commit()

    page = login_as("truongphong.cntt").get("/").get_data(as_text=True)
    assert re.search(r'<span class="badge text-bg-primary">2<span class="visually-hidden">', page)
    rows = TASK_ROW.findall(page)
    assert [int(task_id) for task_id, _ in rows] == [tasks[second].id, tasks[first].id]
    assert all(asks.startswith("Xem xét hồ sơ của đơn vị") for _, asks in rows)

    if hasattr(HumanTask, "due_at"):
        # With due dates (the deadlines' column), the soonest due comes before the oldest.
        session.refresh(tasks[first])
        tasks[first].due_at = tasks[first].created_at + timedelta(days=1)
        tasks[second].due_at = tasks[first].created_at + timedelta(days=5)
        session.commit()
        page = login_as("truongphong.cntt").get("/").get_data(as_text=True)
        order = [int(task_id) for task_id, _ in TASK_ROW.findall(page)]
        assert order == [tasks[first].id, tasks[second].id]
