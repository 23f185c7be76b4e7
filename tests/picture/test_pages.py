"""The picture inside the proposal and task pages, its round selector and the timeline."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from models import AuditEvent, User
from workflows.process.timeline import duration_vi, stage_timeline


def _returned_and_resubmitted(api) -> int:
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid, "return", comment="Thiếu biên bản")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    return pid


def test_proposal_page_inlines_an_accessible_picture_with_rounds_and_stages(api, login_as):
    pid = _returned_and_resubmitted(api)
    page = login_as("vanthu.cntt").get(f"/proposals/{pid}").get_data(as_text=True)

    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and 'aria-label="Quy trình xét duyệt hồ sơ' in svg
    assert '<title id="bpmn-title">' in svg
    desc = re.search(r'<desc id="bpmn-desc">([^<]*)</desc>', svg).group(1)
    assert desc.endswith("Đang chờ: Thường trực Hội đồng kiểm tra hồ sơ.")
    # Lanes are labelled with the roles' Vietnamese names, not their codes.
    assert "Thường trực Hội đồng TĐKT Sở" in svg and ">dept_secretariat<" not in svg
    assert " style=" not in page and "<style" not in page
    assert 'href="/static/diagram.css"' in page
    # Text legend and a link to the waiting step inside the drawing.
    for text in ("Bước đã qua", "Bước đang chờ xử lý", "Bước chưa tới", "Đường hồ sơ đã đi"):
        assert text in page
    assert 'href="#bpmn-secretariat_check"' in page and 'id="bpmn-secretariat_check"' in svg
    # One link per round, the current one marked.
    assert re.search(r'aria-current="page">Vòng 2: đang xử lý</a>', page)
    assert 'href="?round=1#picture-h">Vòng 1: bị trả lại</a>' in page
    # Stage by stage: unit, department (returned), unit again, department now.
    rows = re.findall(r'<th scope="row">([^<]+) <span class="text-muted fw-normal">\((\d)\)', page)
    assert rows == [("Cấp đơn vị", "1"), ("Cấp Sở", "1"), ("Cấp đơn vị", "2"), ("Cấp Sở", "2")]
    assert page.count("đang ở cấp này") == 1


def test_round_selector_draws_the_earlier_round(api, login_as):
    pid = _returned_and_resubmitted(api)
    page = login_as("vanthu.cntt").get(f"/proposals/{pid}?round=1").get_data(as_text=True)
    assert 'aria-current="page">Vòng 1: bị trả lại</a>' in page
    assert (
        'class="bpmn-node bpmn-event bpmn-done bpmn-end" id="bpmn-end_returned_secretariat_check"'
        in page
    )


def test_task_page_shows_the_picture_too(api, login_as):
    pid = api("vanthu.cntt").file("LDTT")
    api("vanthu.cntt").ok("POST", f"/proposals/{pid}/submit")
    head = api("truongphong.cntt")
    task = head.task_for(pid)
    page = login_as("truongphong.cntt").get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert "<svg" in page and 'id="bpmn-unit_head_signoff"' in page
    current = re.search(r'<g class="([^"]+)" id="bpmn-unit_head_signoff"', page).group(1)
    assert "bpmn-current" in current.split()


def _event(action, at, stage, round_=1, actor=None, element=None):
    return AuditEvent(
        action=action,
        at=at,
        stage=stage,
        round=round_,
        element_id=element,
        actor=User(full_name=actor) if actor else None,
    )


def test_stage_timeline_times_and_people():
    t0 = datetime(2025, 11, 3, 1, 0)
    events = [
        _event("created", t0, "unit", actor="Lan"),
        _event("submitted", t0 + timedelta(hours=1), "unit", actor="Lan"),
        _event("claimed", t0 + timedelta(hours=2), "unit", actor="Minh"),
        _event("approved", t0 + timedelta(hours=3, minutes=30), "unit", actor="Minh"),
        _event("returned", t0 + timedelta(days=2, hours=5, minutes=30), "department", actor="Thu"),
        _event("resubmitted", t0 + timedelta(days=3), "unit", 2, actor="Lan"),
    ]
    visits = stage_timeline(events, open_stage="department", open_round=2)
    assert [(v.stage, v.round) for v in visits] == [
        ("unit", 1),
        ("department", 1),
        ("unit", 2),
        ("department", 2),
    ]
    unit, department, again, now = visits
    assert (unit.entered, unit.left) == (t0, t0 + timedelta(hours=3, minutes=30))
    assert unit.actors == ["Lan", "Minh"]
    assert department.spent(t0) == timedelta(days=2, hours=2)
    assert again.actors == ["Lan"] and again.spent(t0) == timedelta(hours=18, minutes=30)
    assert now.left is None and now.steps == []
    assert now.spent(t0 + timedelta(days=4)) == timedelta(days=1)


def test_duration_in_words():
    assert duration_vi(timedelta(seconds=20)) == "dưới 1 phút"
    assert duration_vi(timedelta(minutes=45)) == "45 phút"
    assert duration_vi(timedelta(hours=2, minutes=5)) == "2 giờ 5 phút"
    assert duration_vi(timedelta(days=3, hours=4, minutes=59)) == "3 ngày 4 giờ"
    assert duration_vi(timedelta(days=1)) == "1 ngày"
