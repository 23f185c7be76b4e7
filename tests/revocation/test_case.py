"""The revocation runs on the case runtime: its steps are inbox rows (page and GET /api/v1/tasks,
kind "revocation") of the role at the award's organisations, with due dates in working days from
the dated rules, completed from the inbox or from the revocation's own API (one path), and the
worker reminds and marks them overdue."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from models import AuditEvent, CaseEvent, CaseInstance, CaseTask, Revocation, TaskState
from tests.support.revocations import decided_cstdcs_2024
from workflows.cases.worker import fire_due_timers

WHY = {
    "reason": "Hồ sơ khai man thành tích sáng kiến",
    "legal_basis": "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 94",
}


def _revocation_tasks(api, username: str) -> list[dict]:
    return [t for t in api(username).ok("GET", "/tasks") if t["kind"] == "revocation"]


def _case(session, revocation_id: int) -> CaseInstance:
    return session.scalar(
        select(CaseInstance).where(
            CaseInstance.kind == "revocation", CaseInstance.subject_id == revocation_id
        )
    )


def test_each_step_is_in_the_inbox_of_its_role_and_organisation_and_completes_there(
    app, session, api, login_as, clock
):
    clock(datetime(2026, 3, 2, 9, 0))  # a Monday
    _person, record, _used = decided_cstdcs_2024(session)
    session.commit()
    proposed = api("truongphong.cntt").ok(
        "POST", f"/award-records/{record.id}/revocations", 201, json=WHY
    )
    revocation_id = proposed["id"]
    step = proposed["waiting_step"]
    assert (step["id"], step["role"]) == ("board_check", "board_officer")

    # The board's inbox has it, with its due date: 10 working days from Monday 2 March 2026 is
    # Monday 16 March, end of the day in Vietnam (the province's rule, deadlines.json).
    [row] = _revocation_tasks(api, "chuyenvien.btdkt")
    assert row["id"] == step["task_id"] and row["element"] == "board_check"
    assert row["due_at"].startswith("2026-03-16T16:59:59")
    page = login_as("chuyenvien.btdkt").get("/")
    assert f"/cases/tasks/{row['id']}".encode() in page.data
    # Nobody else's inbox: not the proposer, not the Director (not yet), not another board.
    for other in ("truongphong.cntt", "giamdoc.tttt", "giamdoc.yte"):
        assert _revocation_tasks(api, other) == []

    # The board agrees from its inbox: the revocation's row follows the case.
    api("chuyenvien.btdkt").ok(
        "POST", f"/cases/tasks/{row['id']}/complete", json={"action": "approve"}
    )
    assert api("chuyenvien.btdkt").ok("GET", f"/revocations/{revocation_id}")["status"] == "checked"
    [decide] = _revocation_tasks(api, "giamdoc.tttt")
    assert decide["element"] == "director_decide_revocation"
    assert _revocation_tasks(api, "giamdoc.yte") == []  # the Director of another department

    # The decision's number and date are required to revoke, named as fields.
    wrong = api("giamdoc.tttt").post(
        f"/cases/tasks/{decide['id']}/complete", json={"action": "approve"}
    )
    assert wrong.status_code == 400
    assert set(wrong.get_json()["fields"]) == {"decision_no", "decision_date"}
    api("giamdoc.tttt").ok(
        "POST",
        f"/cases/tasks/{decide['id']}/complete",
        json={"action": "approve", "decision_no": "12/QĐ-STTTT", "decision_date": "10/03/2026"},
    )
    session.rollback()
    revocation = session.get_one(Revocation, revocation_id)
    assert (revocation.status, revocation.decision_no) == ("revoked", "12/QĐ-STTTT")
    assert revocation.award_record.revoked_at is not None
    case = _case(session, revocation_id)
    assert (case.status, case.end_event) == ("completed", "end_revoked")
    events = session.scalars(
        select(CaseEvent.element_id).where(
            CaseEvent.case_id == case.id, CaseEvent.action == "completed"
        )
    ).all()
    assert [e for e in events if e] == [
        "propose_by_unit",
        "board_check",
        "director_decide_revocation",
    ]
    trail = session.scalars(
        select(AuditEvent.action).where(AuditEvent.proposal_id == record.proposal_id)
    ).all()
    assert trail[-3:] == ["revocation_proposed", "revocation_checked", "revoked"]


def test_the_worker_reminds_and_marks_a_revocations_step_overdue(app, session, api, clock):
    clock(datetime(2026, 3, 2, 9, 0))
    _person, record, _used = decided_cstdcs_2024(session)
    session.commit()
    revocation_id = api("truongphong.cntt").ok(
        "POST", f"/award-records/{record.id}/revocations", 201, json=WHY
    )["id"]
    clock(datetime(2026, 3, 18, 9, 0))  # past the board's 10 working days
    report = fire_due_timers(app.extensions["tdkt_sessions"])
    assert (report.cases, report.reminders, report.escalations, report.errors) == (1, 1, 1, [])
    session.rollback()
    case = _case(session, revocation_id)
    [task] = session.scalars(
        select(CaseTask).where(CaseTask.case_id == case.id, CaseTask.state == TaskState.READY)
    ).all()
    assert task.bpmn_id == "board_check" and task.overdue_at is not None
