"""Fixtures of deadlines: a frozen clock that can be moved, fresh API logins, the worker; and
filing a proposal under that clock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from tests.support.dossier import complete_dossier
from tests.support.forwarding import FORWARD
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD
from workflows.process import worker

#: Việt Nam wall time (UTC+7): the tests speak in the users' time
VN = timezone(timedelta(hours=7))


@pytest.fixture
def clock():
    """clock(datetime in VN time) stops time there; later calls move it (forwards or back)."""
    travellers: list = []

    def move(moment: datetime) -> None:
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment.replace(tzinfo=moment.tzinfo or VN), tick=False)
        traveller.start()
        travellers.append(traveller)

    yield move
    if travellers:
        travellers.pop().stop()


class Api:
    """One user's bearer token, issued at the (frozen) time of the call: valid then."""

    def __init__(self, app, username: str, password: str):
        self.client = app.test_client()
        response = self.client.post(
            "/api/v1/auth/token", json={"username": username, "password": password}
        )
        assert response.status_code == 201, response.get_json()
        self.headers = {"Authorization": f"Bearer {response.get_json()['token']}"}

    def ok(self, method: str, path: str, status: int = 200, **kwargs):
        response = self.client.open(f"/api/v1{path}", method=method, headers=self.headers, **kwargs)
        assert response.status_code == status, (path, response.get_json())
        return response.get_json()

    def act(self, proposal_id: int, action: str = "approve", **fields):
        [task] = [t for t in self.ok("GET", "/tasks") if t["proposal_id"] == proposal_id]
        forward = FORWARD if action == "approve" else {}
        payload = {"action": action, **forward, **fields}
        return self.ok("POST", f"/tasks/{task['id']}/complete", json=payload)


@pytest.fixture
def api_now(app) -> Callable[[str], Api]:
    """api_now("truongphong.cntt"): logged in now, whatever the clock says."""
    return lambda username: Api(app, username, DEFAULT_DEMO_PASSWORD)


@pytest.fixture
def run_workers(app) -> Callable[..., list[worker.PassReport]]:
    """run_workers(n): n workers, each one pass (`tdkt worker --once`), started together."""
    factory = app.extensions["tdkt_sessions"]

    def run(n: int = 2, smtp=None) -> list[worker.PassReport]:
        start = threading.Barrier(n)
        reports: list = [None] * n
        failures: list = []

        def one(i: int) -> None:
            try:
                start.wait()
                reports[i] = worker.run_once(factory, smtp)
            except Exception as exc:  # surfaced below, in the test's thread
                failures.append(exc)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not failures, failures
        return reports

    return run


def file_and_submit(api_now, award: str = "LDTT", **body) -> int:
    nominator = api_now("vanthu.cntt")
    created = nominator.ok(
        "POST",
        "/proposals",
        201,
        json={
            "award_code": award,
            "year": 2025,
            "title": f"Đề nghị {award} có hạn xử lý",
            "summary": "Hoàn thành xuất sắc nhiệm vụ",
            "nominees": [{"name": "Nguyễn Văn An", "job_title": "Chuyên viên"}],
            **body,
        },
    )
    complete_dossier(nominator, created["id"])
    nominator.ok("POST", f"/proposals/{created['id']}/submit", json={})
    return created["id"]


def unit_head_overdue_at(session, pid: int) -> datetime | None:
    """When the unit head's step of proposal `pid` falls overdue, as its timer row says now."""
    from sqlalchemy import select

    from models import InstanceTimer, WorkflowInstance

    session.rollback()  # a snapshot of now, not of the previous read
    return session.scalar(
        select(InstanceTimer.fire_at)
        .join(WorkflowInstance, WorkflowInstance.id == InstanceTimer.instance_id)
        .where(
            WorkflowInstance.proposal_id == pid,
            InstanceTimer.bpmn_id == "overdue_unit_head_signoff",
            InstanceTimer.fired_at.is_(None),
        )
    )
