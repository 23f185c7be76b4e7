"""Filing records the check; approving a failing nominee needs a justification, which is kept.

Driven through the JSON API, as a client would. The history is written from the side (the
test's own session) after filing, when the nominees are linked to the unit's registry.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from models import AuditEvent, EligibilityCheck, HumanTask, Nominee, Person, YearRecord

JUSTIFY = "Có thành tích đột xuất trong chuyển đổi số, Hội đồng đã xem xét"
DECISION = {"decision_no": "77/QĐ-STTTT", "decision_date": "10/12/2025", "signer": "Vũ Đức Thắng"}
TALLY = {"members_total": 9, "members_present": 9, "votes_for": 9, "votes_against": 0}


def set_history(session, pid: int, name: str, *, rating: str, recruited: date) -> None:
    person_id = session.scalar(
        select(Nominee.person_id).where(Nominee.proposal_id == pid, Nominee.name == name)
    )
    assert person_id is not None, f"{name} is not linked to the registry"
    session.get(Person, person_id).recruited_on = recruited
    session.add(YearRecord(person_id=person_id, year=2025, rating=rating))
    session.commit()


def counts(session) -> tuple:
    session.rollback()  # a fresh snapshot
    return (
        session.scalar(select(func.count(EligibilityCheck.id))),
        session.scalar(select(func.count(AuditEvent.id))),
        session.scalar(select(func.count(HumanTask.id)).where(HumanTask.state == "ready")),
    )


def test_approving_a_failing_nominee_needs_a_justification_and_records_it(api, session):
    nominator = api("vanthu.cntt")
    people = [{"name": "Nguyễn Văn An"}, {"name": "Trần Thị Bình"}]
    pid = nominator.file("LDTT", nominees=people)
    # An: good completion, recruited long ago → passes; Bình: only "hoàn thành" → fails.
    set_history(session, pid, "Nguyễn Văn An", rating="tot", recruited=date(2020, 1, 1))
    set_history(session, pid, "Trần Thị Bình", rating="hoan_thanh", recruited=date(2020, 1, 1))

    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    filed = api("truongphong.cntt").ok("GET", f"/proposals/{pid}")["eligibility"]
    assert (filed["step"], filed["rule_set"], filed["passed"]) == ("file", "ND152_2025", False)
    assert [(n["name"], n["passed"]) for n in filed["nominees"]] == [
        ("Nguyễn Văn An", True),
        ("Trần Thị Bình", False),
    ]

    head = api("truongphong.cntt")
    task = head.task_for(pid)
    assert task["eligibility"]["nominees"][1]["passed"] is False
    before = counts(session)
    refused = head.post(f"/tasks/{task['id']}/complete", json={"action": "approve"})
    assert refused.status_code == 400
    why = refused.get_json()["fields"]["justification"]
    assert "Trần Thị Bình (Hoàn thành tốt nhiệm vụ trở lên)" in why and "Nguyễn Văn An" not in why
    blank = head.post(
        f"/tasks/{task['id']}/complete", json={"action": "approve", "justification": "  "}
    )
    assert blank.status_code == 400 and "justification" in blank.get_json()["fields"]
    assert counts(session) == before

    head.ok(
        "POST",
        f"/tasks/{task['id']}/complete",
        json={"action": "approve", "justification": JUSTIFY},
    )
    session.rollback()
    rows = session.scalars(
        select(EligibilityCheck)
        .where(EligibilityCheck.proposal_id == pid, EligibilityCheck.bpmn_id == "unit_head_signoff")
        .order_by(EligibilityCheck.id)
    ).all()
    assert [(r.nominee_name, r.passed, r.justification) for r in rows] == [
        ("Nguyễn Văn An", True, None),
        ("Trần Thị Bình", False, JUSTIFY),
    ]
    failed = [c["code"] for c in json.loads(rows[1].results_json) if not c["passed"]]
    assert failed == ["xep_loai"]
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.proposal_id == pid, AuditEvent.action == "approved")
    ).one()
    data = json.loads(event.data_json)
    assert data["justification"] == JUSTIFY
    assert data["not_met"] == "Trần Thị Bình (Hoàn thành tốt nhiệm vụ trở lên)"

    # Returning needs no justification, and records no check.
    secretariat = api("thuongtruc.tttt")
    secretariat.act(pid, "return", comment="Bổ sung biên bản bình xét")
    session.rollback()
    steps = session.scalars(
        select(EligibilityCheck.bpmn_id).where(EligibilityCheck.proposal_id == pid)
    ).all()
    assert sorted(set(steps)) == ["file", "unit_head_signoff"]


def _complete(api, pid: int) -> None:
    """Complete the proposal's current step(s) as their first candidate, forwarding."""
    detail = api("theodoi.btdkt").ok("GET", f"/proposals/{pid}")
    for current in detail["current_tasks"]:
        who = current["candidates"][0]
        [task] = [t for t in api(who).ok("GET", "/tasks") if t["proposal_id"] == pid]
        if task.get("form") == "ballot":
            choices = {str(n["id"]): "yes" for n in detail["nominees"]}
            body = {"action": "vote", "choices": choices}
        else:
            names = {f["name"] for f in task["fields"]}
            body = {"action": "approve", "justification": JUSTIFY}
            body |= {k: v for k, v in {**DECISION, **TALLY}.items() if k in names}
            if "submission_no" in names:
                body |= {"submission_no": "5/TTr-STTTT", "submission_date": "01/12/2025"}
        api(who).ok("POST", f"/tasks/{task['id']}/complete", json=body)


def test_a_failing_nominee_forwarded_to_the_decision(api, session, login_as):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT", nominees=[{"name": "Lò Văn Chiến"}])
    # Rated well, but recruited on 2/7/2025: five months by the end of the year, not six.
    set_history(session, pid, "Lò Văn Chiến", rating="tot", recruited=date(2025, 7, 2))
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    for _ in range(10):
        if nominator.ok("GET", f"/proposals/{pid}")["status"] != "in_review":
            break
        _complete(api, pid)
    detail = nominator.ok("GET", f"/proposals/{pid}")
    assert detail["status"] == "approved" and detail["decision"]["number"] == "77/QĐ-STTTT"

    forwarded = [e for e in detail["history"] if "not_met" in e["data"]]
    assert forwarded, "no step recorded the forwarding"
    for event in forwarded:
        assert event["data"]["justification"] == JUSTIFY
        assert event["data"]["not_met"] == "Lò Văn Chiến (Đủ 6 tháng công tác tính đến hết năm)"
    assert forwarded[-1]["element"] == "director_decide"
    last = detail["eligibility"]
    assert last["step"] == "director_decide" and last["passed"] is False
    (nominee,) = last["nominees"]
    assert nominee["justification"] == JUSTIFY
    (failed,) = [c for c in nominee["criteria"] if not c["passed"]]
    assert "5 tháng tính đến 31/12/2025" in failed["reason"]

    page = login_as("theodoi.btdkt").get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Chuyển tiếp dù không đạt tiêu chí" in page and JUSTIFY in page
    assert "Kiểm tra tiêu chuẩn khen thưởng" in page and "Nghị định 152/2025" in page


def test_the_task_page_shows_the_criteria_and_asks_why_only_when_one_fails(api, session, login_as):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT", nominees=[{"name": "Nguyễn Văn An"}])
    set_history(session, pid, "Nguyễn Văn An", rating="tot", recruited=date(2020, 1, 1))
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    task_id = api("truongphong.cntt").task_for(pid)["id"]
    head = login_as("truongphong.cntt")
    page = head.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Kiểm tra tiêu chuẩn khen thưởng" in page and "Hoàn thành tốt nhiệm vụ trở lên" in page
    assert 'name="justification"' not in page

    session.execute(
        YearRecord.__table__.update().where(YearRecord.year == 2025).values(rating="hoan_thanh")
    )
    session.commit()
    page = head.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert 'name="justification"' in page and "Không đạt" in page
    refused = head.post(f"/tasks/{task_id}", data={"action": "approve"})
    assert refused.status_code == 400
    assert "Nguyễn Văn An (Hoàn thành tốt nhiệm vụ trở lên)" in refused.get_data(as_text=True)
    done = head.post(f"/tasks/{task_id}", data={"action": "approve", "justification": JUSTIFY})
    assert done.status_code == 302
