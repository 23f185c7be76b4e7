"""The process picture draws the boundary timers: a dashed double ring on the task's border with
a clock inside, lit once fired, with the flow to its end event."""

from __future__ import annotations

from datetime import datetime

from lxml import etree
from sqlalchemy import select

from models import WorkflowInstance
from scripts import consistency
from tests.support.deadlines import file_and_submit

SVG = "{http://www.w3.org/2000/svg}"


def shapes(svg_text: str) -> dict[str, etree._Element]:
    root = etree.fromstring(svg_text.encode("utf-8"))
    return {g.get("data-bpmn-id"): g for g in root.iter(f"{SVG}g") if g.get("data-bpmn-id")}


def test_the_picture_shows_the_timers_and_the_one_that_fired(
    clock, api_now, run_workers, login_as, session
):
    clock(datetime(2026, 3, 2, 10, 0))  # Monday; the unit head's reminder is Wednesday 4/3
    pid = file_and_submit(api_now)
    clock(datetime(2026, 3, 4, 9, 0))
    assert run_workers(1)[0].reminders == 1

    svg = login_as("vanthu.cntt").get(f"/proposals/{pid}/diagram.svg").get_data(as_text=True)
    drawn = shapes(svg)
    task = drawn["unit_head_signoff"]
    reminder, deadline = drawn["remind_unit_head_signoff"], drawn["overdue_unit_head_signoff"]
    for timer in (reminder, deadline):
        assert "bpmn-boundary" in timer.get("class").split()
        rings = timer.findall(f"{SVG}circle")
        # outer ring, inner ring, clock face: concentric, dashed rings (non-interrupting)
        assert len(rings) == 3 and len({(c.get("cx"), c.get("cy")) for c in rings}) == 1
        assert [c.get("stroke-dasharray") for c in rings[:2]] == ["4 3", "4 3"]
        assert rings[2].get("class") == "bpmn-clock"
        assert timer.find(f"{SVG}path").get("class") == "bpmn-mark"  # the hands and ticks
        # Its centre lies on the bottom border of the task it is attached to.
        box = task.find(f"{SVG}rect")
        x, y, w, h = (float(box.get(k)) for k in ("x", "y", "width", "height"))
        cx, cy = float(rings[0].get("cx")), float(rings[0].get("cy"))
        assert x < cx < x + w and cy == y + h
    assert "bpmn-done" in reminder.get("class").split()
    assert "bpmn-todo" in deadline.get("class").split()
    assert "bpmn-done" in drawn["end_reminded_unit_head_signoff"].get("class").split()
    assert "bpmn-done" in drawn["flow_remind_unit_head_signoff"].get("class").split()
    assert "bpmn-todo" in drawn["flow_overdue_unit_head_signoff"].get("class").split()
    assert "bpmn-current" in task.get("class").split()
    assert reminder.findtext(f"{SVG}title") == "Nhắc hạn (hẹn giờ, không dừng bước) – đã qua"

    # The round then ends where the step's path ends, not at the reminder's end event, and
    # the proposal still agrees with its audit trail, instances and inbox rows.
    api_now("truongphong.cntt").act(pid, "return", comment="Bổ sung biên bản")
    session.rollback()
    ended = session.scalar(
        select(WorkflowInstance.end_event).where(
            WorkflowInstance.proposal_id == pid, WorkflowInstance.round == 1
        )
    )
    assert ended == "end_returned_unit_head_signoff"
    assert consistency.check(session) == []
