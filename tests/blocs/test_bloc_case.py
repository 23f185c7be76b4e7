"""A bloc's year on the case runtime (workflows.blocs.case): its steps are inbox rows of the
right people only, completed the same whether through the bloc's API or the case's, a return
lands back in the member's inbox with the reason, and the due dates are the dated rules'."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from models import CaseInstance, CaseTask, Organisation, TaskState, User
from tests.blocs.conftest import HEADS
from workflows.blocs import flow
from workflows.deadlines.calendar import local_date


def _bloc_tasks(client) -> list[dict]:
    return [t for t in client.ok("GET", "/tasks") if t["kind"] in ("bloc_year", "bloc_score")]


def test_the_years_steps_are_in_the_inbox_of_the_right_people_only(bloc_year, api):
    year = bloc_year()
    soyte = year.member("soyte")
    [mine] = _bloc_tasks(soyte)
    assert (mine["kind"], mine["element"], mine["org"]) == ("bloc_year", "sign_pledge", "soyte")
    assert mine["due_at"] is not None
    # the head has no signature to give; an outsider (a nominator, the other bloc's head) nothing
    assert _bloc_tasks(year.head) == []
    assert _bloc_tasks(api("vanthu.yte")) == []
    assert _bloc_tasks(api(HEADS["cum-2"])) == []
    # another member cannot complete soyte's signature through the case's API either
    other = year.member("bhxh")._call("POST", f"/cases/tasks/{mine['id']}/complete", json={})
    assert other.status_code == 404
    year.sign_all()
    [head_step] = _bloc_tasks(year.head)
    assert head_step["element"] == "open_scoring"
    assert _bloc_tasks(soyte) == []
    year.act(year.head, "open_scoring")
    [score] = _bloc_tasks(soyte)
    assert (score["kind"], score["element"]) == ("bloc_score", "self_score")
    assert [t["element"] for t in _bloc_tasks(year.head)] == ["open_ballot"]


def test_a_step_completed_through_the_case_is_the_blocs_step(bloc_year):
    year = bloc_year()
    soyte = year.member("soyte")
    [mine] = _bloc_tasks(soyte)
    soyte.ok("POST", f"/cases/tasks/{mine['id']}/complete", json={"action": "submit"})
    member = next(m for m in year.detail()["members"] if m["member"] == "soyte")
    assert member["signed"] is True
    assert "signed" in [t["action"] for t in year.detail()["trail"]]
    # the same signature through the bloc's API is refused: the step is done
    again = year.member("soyte")._call("POST", year.path("/actions"), json={"action": "sign"})
    assert again.status_code == 409 and again.get_json()["code"] == "bloc_already_signed"


def test_a_returned_score_is_back_in_the_members_inbox_with_the_reason(bloc_year):
    year = bloc_year(scoring=True)
    year.self_score("soyte", [45, 28, 3, 0])
    [check] = [t for t in _bloc_tasks(year.head) if t["element"] == "cross_check"]
    assert check["org"] == "khoi-vhxh" and "Sở Y tế" in check["case_title"]
    assert _bloc_tasks(year.member("soyte")) == []
    year.head.ok(
        "POST",
        year.path("/checks"),
        json={"member": "soyte", "action": "return", "reason": "Thiếu báo cáo tổng kết"},
    )
    [again] = _bloc_tasks(year.member("soyte"))
    assert again["element"] == "self_score"
    assert "Thiếu báo cáo tổng kết" in again["instructions"]
    assert "Thiếu báo cáo tổng kết" in again["case_title"]
    # scored again, it is the head's to check once more
    year.self_score("soyte", [42, 28, 3, 1])
    checks = [t for t in _bloc_tasks(year.head) if t["element"] == "cross_check"]
    assert len(checks) == 1


def test_the_signatures_due_date_is_worked_in_working_days(app, session, clock):
    # Mon 02/03/2026 09:00: 10 working days, not counting that day: 3–6 Mar (4), 9–13 (9),
    # 16 (10) → due at the end of Mon 16/03/2026 (sign_pledge in deadlines.json).
    clock(datetime(2026, 3, 2, 9, 0))
    head = session.scalar(select(User).where(User.username == HEADS["khoi-vhxh"]))
    grouping = session.scalar(select(Organisation).where(Organisation.code == "khoi-vhxh"))
    table = [{"kind": "criterion", "name": "Nhiệm vụ", "max_points": 10, "evidence": ""}]
    registry = app.extensions["tdkt_registry"]
    pledge = flow.open_year(
        session, registry, head, grouping, 2026, "Giao ước 2026", table, local_date(datetime.now())
    )
    case = session.scalar(select(CaseInstance).where(CaseInstance.subject_id == pledge.id))
    steps = session.scalars(
        select(CaseTask).where(CaseTask.case_id == case.id, CaseTask.state == TaskState.READY)
    ).all()
    assert steps and {t.bpmn_id for t in steps} == {"sign_pledge"}
    assert {local_date(t.due_at).isoformat() for t in steps} == {"2026-03-16"}
    assert {t.org_id for t in steps} == {e.member_id for e in pledge.entries}
    session.rollback()


def test_the_worker_reminds_and_marks_overdue_each_members_signature(app, session, clock):
    from models import CaseEvent, Notification
    from workflows.cases.worker import fire_due_timers

    clock(datetime(2026, 3, 2, 9, 0))
    head = session.scalar(select(User).where(User.username == HEADS["khoi-vhxh"]))
    grouping = session.scalar(select(Organisation).where(Organisation.code == "khoi-vhxh"))
    table = [{"kind": "criterion", "name": "Nhiệm vụ", "max_points": 10, "evidence": ""}]
    pledge = flow.open_year(
        session,
        app.extensions["tdkt_registry"],
        head,
        grouping,
        2026,
        "Giao ước 2026",
        table,
        local_date(datetime.now()),
    )
    members = len(pledge.entries)
    session.commit()
    clock(datetime(2026, 3, 18, 9, 0))  # past the end of Mon 16/03/2026
    report = fire_due_timers(app.extensions["tdkt_sessions"])
    assert (report.cases, report.errors) == (1, [])
    assert (report.reminders, report.escalations) == (members, members)
    session.rollback()
    steps = session.scalars(select(CaseTask).where(CaseTask.bpmn_id == "sign_pledge")).all()
    assert all(t.overdue_at is not None for t in steps)
    yte = session.scalar(select(User).where(User.username == "giamdoc.yte"))
    texts = session.scalars(select(Notification.text).where(Notification.user_id == yte.id)).all()
    assert any("Quá hạn" in t and "ký giao ước" in t for t in texts)
    assert session.scalar(select(CaseEvent.id).where(CaseEvent.action == "overdue")) is not None
