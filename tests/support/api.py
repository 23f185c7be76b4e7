"""Fixtures of the JSON API: `api(username)` is a test client that sends that user's bearer
token; `db_value` and `row_counts` read the database from the side."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text

from tests.support.dossier import complete_dossier
from tests.support.forwarding import FORWARD
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD

PREFIX = "/api/v1"
#: the council steps: one ballot task per member (workflows.council.ballots)
BALLOT_STEPS = ("council_vote", "province_council_vote")
TABLES = ("proposal", "nominee", "audit_event", "human_task", "workflow_instance")


class Api:
    """A Flask test client for one user; paths are relative to /api/v1 unless absolute."""

    def __init__(self, client, username: str, token: str, others: Callable | None = None):
        self.client, self.username, self.token = client, username, token
        #: api(username) of the fixture, to act as the other members of a council
        self.others = others

    def _call(self, method: str, path: str, **kwargs):
        headers = dict(kwargs.pop("headers", {}) or {})
        headers.setdefault("Authorization", f"Bearer {self.token}")
        url = path if path.startswith("/api/") else PREFIX + path
        return self.client.open(url, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs):
        return self._call("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self._call("POST", path, **kwargs)

    def put(self, path: str, **kwargs):
        return self._call("PUT", path, **kwargs)

    # Shortcuts that assert success, for walking a proposal through its steps.
    def ok(self, method: str, path: str, status: int = 200, **kwargs) -> dict:
        response = self._call(method, path, **kwargs)
        assert response.status_code == status, (self.username, path, response.get_json())
        return response.get_json()

    def file(self, award_code: str, dossier: bool = True, **overrides) -> int:
        """A draft; with `dossier`, its checklist's required documents attached, so that it
        can be submitted."""
        body = {
            "award_code": award_code,
            "year": 2025,
            "title": f"Đề nghị {award_code}",
            "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
            "nominees": [{"name": "Nguyễn Văn An", "job_title": "Chuyên viên"}],
            **overrides,
        }
        created = self.ok("POST", "/proposals", 201, json=body)
        assert created["status"] == "draft"
        if dossier:
            complete_dossier(self, created["id"])
        return created["id"]

    def task_for(self, proposal_id: int) -> dict:
        """The one task of this proposal in the caller's GET /tasks."""
        tasks = [t for t in self.ok("GET", "/tasks") if t["proposal_id"] == proposal_id]
        assert len(tasks) == 1, (self.username, proposal_id, tasks)
        return tasks[0]

    def act(self, proposal_id: int, action: str = "approve", **fields) -> dict:
        task = self.task_for(proposal_id)
        if task["form"] == "ballot":
            return self.cast_ballots(proposal_id)
        forward = FORWARD if action == "approve" else {}
        payload = {"action": action, **forward, **fields}
        return self.ok("POST", f"/tasks/{task['id']}/complete", json=payload)

    def cast_ballots(self, proposal_id: int, choice: str = "yes") -> dict:
        """Every council ballot still open on the proposal, each cast by its own member
        (the member is the one candidate of the task); the answer of the last one."""
        detail = self.ok("GET", f"/proposals/{proposal_id}")
        ballots = [t for t in detail["current_tasks"] if t["element"] in BALLOT_STEPS]
        assert ballots, (proposal_id, detail["current_tasks"])
        answer: dict = {}
        for task in ballots:
            [member] = task["candidates"]
            answer = self.others(member).vote(proposal_id, task["id"], choice)
        return answer

    def vote(self, proposal_id: int, task_id: int, choice: str = "yes") -> dict:
        """A council member's ballot: `choice` for every nominee still in the running."""
        detail = self.ok("GET", f"/proposals/{proposal_id}")
        choices = {str(n["id"]): choice for n in detail["nominees"] if n["status"] == "active"}
        payload = {"action": "vote", "choices": choices}
        return self.ok("POST", f"/tasks/{task_id}/complete", json=payload)


def get_token(client, username: str, password: str = DEFAULT_DEMO_PASSWORD):
    return client.post(f"{PREFIX}/auth/token", json={"username": username, "password": password})


@pytest.fixture
def api(app) -> Callable[[str], Api]:
    """api("giamdoc.tttt") → an Api client for that demo account (one token per user per test)."""
    clients: dict[str, Api] = {}

    def _api(username: str) -> Api:
        if username not in clients:
            client = app.test_client()
            response = get_token(client, username)
            assert response.status_code == 201, (username, response.get_json())
            clients[username] = Api(client, username, response.get_json()["token"], _api)
        return clients[username]

    return _api


@pytest.fixture
def db_value(app) -> Callable:
    """db_value(sql, **params) → the first column of the first row, read on a fresh connection."""
    engine = app.extensions["tdkt_engine"]

    def _value(sql: str, **params):
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    return _value


@pytest.fixture
def row_counts(db_value) -> Callable[[], dict[str, int]]:
    def _counts() -> dict[str, int]:
        return {table: db_value(f"SELECT count(*) FROM {table}") for table in TABLES}

    return _counts
