"""A completion knows the instance's open inbox rows from the state read under its lock rather
than reading them back (issue 19): on every path that opens or closes rows — a return and the
round it starts, ballots opened and cast one by one, the worker's timers, a lowering that
withdraws the round — the open rows stay exactly the engine's ready steps, and the proposal's
stage is that of its first open row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from models import HumanTask, Proposal, TaskState
from tests.support.api import BALLOT_STEPS
from tests.support.deadlines import file_and_submit
from tests.support.forwarding import FORWARD
from tests.support.statements import statements
from workflows.process.runtime import RunningProcess


def assert_rows_match_the_engine(session, pid: int) -> None:
    session.rollback()
    rows = session.execute(
        select(HumanTask.task_guid, HumanTask.stage)
        .where(HumanTask.proposal_id == pid, HumanTask.state == TaskState.READY)
        .order_by(HumanTask.id)
    ).all()
    proposal = session.get_one(Proposal, pid)
    process = RunningProcess.lock(session, pid)
    ready = {step.guid: step.stage for step in process.ready_steps()}
    assert dict(rows) == ready
    assert len(rows) == len(ready)  # one open row per step, never two
    assert proposal.stage == rows[0].stage
    session.rollback()


def test_open_rows_follow_a_return_a_resubmission_and_each_ballot(app, api, session):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    assert_rows_match_the_engine(session, pid)
    head = api("truongphong.cntt")
    head.act(pid, "return", comment="Bổ sung minh chứng")
    assert_rows_match_the_engine(session, pid)
    nominator.act(pid, "submit")
    assert_rows_match_the_engine(session, pid)
    head.act(pid)
    done = api("thuongtruc.tttt").act(pid)
    assert_rows_match_the_engine(session, pid)
    ballots = [t for t in done["next_steps"] if t["element"] in BALLOT_STEPS]
    assert len(ballots) > 1
    for ballot in ballots:
        api(ballot["assignee"]).vote(pid, ballot["id"])
        assert_rows_match_the_engine(session, pid)
    api("giamdoc.tttt").act(
        pid, decision_no="12/QĐ-STTTT", decision_date="05/12/2025", signer="Vũ Đức Thắng"
    )
    session.rollback()
    assert session.get_one(Proposal, pid).status == "approved"
    open_rows = select(HumanTask.id).where(
        HumanTask.proposal_id == pid, HumanTask.state == TaskState.READY
    )
    assert session.execute(open_rows).all() == []


def test_a_completion_reads_no_open_rows_back(app, api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    head = api("truongphong.cntt")
    task = head.task_for(pid)
    with statements(app) as seen:
        head.ok("POST", f"/tasks/{task['id']}/complete", json={"action": "approve", **FORWARD})
    reads = [
        s
        for s in seen
        if s.startswith("SELECT") and "FROM human_task WHERE human_task.instance_id" in s
    ]
    assert not reads, reads


def test_open_rows_after_the_workers_fire_timers(app, session, clock, api_now, run_workers):
    clock(datetime(2026, 2, 11, 10, 0))
    pid = file_and_submit(api_now)
    clock(datetime(2026, 4, 1, 10, 0))  # past the unit head's reminder and deadline
    reports = run_workers(1)
    assert sum(report.instances for report in reports) > 0, reports
    assert_rows_match_the_engine(session, pid)
    api_now("truongphong.cntt").act(pid)
    assert_rows_match_the_engine(session, pid)


def test_open_rows_after_a_lowering_withdraws_the_round(app, api, session):
    nominator = api("vanthu.cntt")
    pid = nominator.file("BK_TINH_CN")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    secretariat = api("thuongtruc.tttt")
    task = secretariat.task_for(pid)
    [an] = secretariat.ok("GET", f"/proposals/{pid}")["nominees"]
    body = {"nominee_ids": [an["id"]], "award_code": "GK_CN", "reason": "Chưa đủ thành tích"}
    body["justification"] = "Đủ thành tích Giấy khen"
    secretariat.ok("POST", f"/tasks/{task['id']}/lower", json=body)
    assert_rows_match_the_engine(session, pid)
    session.rollback()
    old = session.get_one(HumanTask, task["id"])
    assert old.state == TaskState.CANCELLED
