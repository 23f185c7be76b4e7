"""Killing the server in the middle of a completion leaves the round as it was, never between.

A real gunicorn process serves the suite's database. The completion is held just before its
commit (scripts/pausing_wsgi.py), after the engine advanced and every row was flushed; the
whole process group then gets SIGKILL. A new server must find the instance, the inbox rows,
the proposal and the audit trail exactly as before, and the step can then be completed.
"""

from __future__ import annotations

import threading
import time

import pytest

from scripts.liveserver import PAUSE_VARIABLE, PAUSED_MARKER, PAUSING_APP, LiveServer
from tests.support.forwarding import FORWARD
from tests.support.tables import snapshot
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD as PASSWORD

# Stress: real gunicorn servers killed with SIGKILL in the middle of a completion.
pytestmark = pytest.mark.slow

API = "/api/v1"


def _wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _in_background(outcome: dict, key: str, call) -> threading.Thread:
    """Run call() in a thread; its answer goes to outcome[key], a dropped connection to "error"."""

    def run() -> None:
        try:
            outcome[key] = call()
        except OSError as exc:  # the connection dies with the server
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _paused_server(db_url: str, data_dir) -> LiveServer:
    env = {PAUSE_VARIABLE: "120"}
    return LiveServer(db_url, data_dir, workers=1, threads=2, app=PAUSING_APP, env=env)


def test_killed_before_the_commit_of_a_completion_nothing_of_it_remains(db_url, tmp_path):
    data_dir = tmp_path / "server"
    paused = _paused_server(db_url, data_dir).start()
    outcome: dict = {}
    try:
        nominator = paused.token("vanthu.cntt", PASSWORD)
        head = paused.token("truongphong.cntt", PASSWORD)
        body = {
            "award_code": "LDTT",
            "year": 2025,
            "title": "Đề nghị LĐTT – thử tắt máy chủ",
            "summary": "Hoàn thành tốt nhiệm vụ",
            "nominees": [{"name": "Quàng Văn Bình"}],
        }
        status, created = paused.request("POST", f"{API}/proposals", body, nominator)
        assert status == 201, created
        pid = created["id"]
        paused.complete_dossier(pid, nominator)
        assert paused.request("GET", f"{API}/tasks", token=head)[1] == []
        before_submit = snapshot(db_url)
        # Submitting completes the nominator's step: the first crash is there.
        submitting = _in_background(
            outcome,
            "submit",
            lambda: paused.request("POST", f"{API}/proposals/{pid}/submit", {}, nominator),
        )
        _wait_for(lambda: PAUSED_MARKER in paused.log_tail(), 30, "the paused submit")
        # Held before its commit, the submit is invisible to everyone else.
        assert snapshot(db_url) == before_submit
    finally:
        paused.kill()
    submitting.join(timeout=30)
    assert "submit" not in outcome and "error" in outcome  # the client never got an answer
    outcome.clear()
    assert snapshot(db_url) == before_submit

    server = LiveServer(db_url, data_dir, workers=1, threads=2).start()
    try:
        status, submitted = server.request("POST", f"{API}/proposals/{pid}/submit", {}, nominator)
        assert status == 200 and submitted["status"] == "in_review", submitted
        status, tasks = server.request("GET", f"{API}/tasks", token=head)
        assert status == 200 and [t["proposal_id"] for t in tasks] == [pid]
        task_id = tasks[0]["id"]
    finally:
        server.stop()
    before = snapshot(db_url)

    path = f"{API}/tasks/{task_id}/complete"
    paused = _paused_server(db_url, data_dir).start()
    try:
        approve = {"action": "approve", **FORWARD}
        completing = _in_background(
            outcome, "answer", lambda: paused.request("POST", path, approve, head)
        )
        _wait_for(lambda: PAUSED_MARKER in paused.log_tail(), 30, "the paused completion")
        assert snapshot(db_url) == before
    finally:
        paused.kill()
    completing.join(timeout=30)
    assert "answer" not in outcome and "error" in outcome

    # After the crash: instance, inbox rows, proposal and audit trail exactly as before.
    after = snapshot(db_url)
    for table in ("workflow_instance", "human_task", "proposal", "audit_event", "nominee"):
        assert after[table] == before[table], table
    assert after == before

    # A new server carries on: the same step completes once and the next one opens.
    server = LiveServer(db_url, data_dir, workers=1, threads=2).start()
    try:
        assert [t["id"] for t in server.request("GET", f"{API}/tasks", token=head)[1]] == [task_id]
        status, done = server.request("POST", path, {"action": "approve", **FORWARD}, head)
        assert status == 200 and done["task"]["state"] == "completed", done
        assert done["proposal"] == {"id": pid, "status": "in_review", "stage": "department"}
        assert server.request("POST", path, {"action": "approve", **FORWARD}, head)[0] == 409
        secretariat = server.token("thuongtruc.tttt", PASSWORD)
        waiting = server.request("GET", f"{API}/tasks", token=secretariat)[1]
        assert [t["proposal_id"] for t in waiting] == [pid]
        status, detail = server.request("GET", f"{API}/proposals/{pid}", token=nominator)
        actions = [event["action"] for event in detail["history"]]
        # the LĐTT dossier's two documents (scripts/dossier_files.py) come before submitting
        dossier = ["attachment_added"] * 2
        assert actions == ["created", *dossier, "submitted", "approved"], actions
    finally:
        server.stop()
