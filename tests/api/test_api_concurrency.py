"""Two completions of one task at the same moment, against a real threaded server."""

import http.client
import json
import threading

import pytest
from werkzeug.serving import make_server

from tests.support.forwarding import FORWARD

# Stress: two completions of one task at once, over real HTTP.
pytestmark = pytest.mark.slow

COUNCIL = {"members_total": 5, "members_present": 5, "votes_for": 5, "votes_against": 0}


def _post(port: int, path: str, token: str, body: dict) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        payload = json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        conn.request("POST", path, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        conn.close()


def test_two_concurrent_completions_one_wins(app, api, db_value):
    assert ":memory:" not in app.config["DATABASE_URL"]  # one database, shared by threads
    nominator, head = api("vanthu.cntt"), api("truongphong.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    task = head.task_for(pid)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    results: list[tuple[int, dict]] = []
    barrier = threading.Barrier(2)

    def fire():
        barrier.wait()
        path = f"/api/v1/tasks/{task['id']}/complete"
        payload = {"action": "approve", **FORWARD}
        results.append(_post(server.server_port, path, head.token, payload))

    try:
        workers = [threading.Thread(target=fire) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
    finally:
        server.shutdown()
        server.server_close()
        serving.join(timeout=10)

    assert sorted(status for status, _ in results) == [200, 409], results
    loser = next(body for status, body in results if status == 409)
    assert loser["error"] == 409 and loser["message"]
    events = db_value(
        "SELECT count(*) FROM audit_event WHERE proposal_id = :pid AND element_id = :el",
        pid=pid,
        el="unit_head_signoff",
    )
    assert events == 1
    assert db_value("SELECT count(*) FROM human_task WHERE proposal_id = :pid", pid=pid) == 3

    # The instance goes on: the next steps run to a decision.
    api("thuongtruc.tttt").act(pid)
    api("hoidong.tttt").act(pid, **COUNCIL)
    api("giamdoc.tttt").act(
        pid, decision_no="9/QĐ", decision_date="2025-12-02", signer="Vũ Đức Thắng"
    )
    final = nominator.ok("GET", f"/proposals/{pid}")
    assert final["status"] == "approved"
    actions = [e["action"] for e in final["history"]]
    # unit head and secretariat approve; the council's one member casts the secret ballot
    assert actions.count("approved") == 2 and actions.count("ballot_closed") == 1
