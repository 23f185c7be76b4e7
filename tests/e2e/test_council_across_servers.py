"""A council opened by one server process and counted by another, as the README starts them.

Each gunicorn worker parses the diagrams for itself; which worker takes a request is not the
caller's choice, and a worker restarts. Here the choice is made: `tdkt init`, `tdkt demo`, then
two `tdkt serve --workers 1` on the same SQLite file. The first takes the filing up to the
council, whose ballots it opens; the second, which has opened no council, takes every ballot.
With two workers behind one port, 5 LĐTT walks of 9 stopped after the last ballot.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator

import pytest

from scripts import dossier_files
from tests.support.forwarding import JUSTIFICATION
from tests.support.readme_served import clean_env, free_ports, set_up, tdkt_serve
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD

#: tdkt on an SQLite file of its own, as the README starts it: the SQLite run runs it
pytestmark = pytest.mark.embedded

#: this feature's ports (one machine, several people's servers)
PORTS = range(5141, 5150)
COUNCIL = ["hoidong.khcn", "congdoan.khcn", "thanhtra.khcn", "giamdoc.khcn", "giamdoc.tttt"]

Call = Callable[..., dict]


def _client(port: int) -> Call:
    def call(method: str, path: str, token: str | None = None, body=None, raw=None, expect=200):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Content-Type": raw[1] if raw else "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        payload = raw[0] if raw else json.dumps(body).encode() if body is not None else None
        try:
            conn.request(method, "/api/v1" + path, body=payload, headers=headers)
            answer = conn.getresponse()
            data = answer.read()
        finally:
            conn.close()
        assert answer.status == expect, (method, path, answer.status, data[:500])
        return json.loads(data) if data else {}

    return call


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[tuple[Call, Call]]:
    workdir = tmp_path_factory.mktemp("two-servers")
    env = clean_env()
    set_up(workdir, env)
    ports = free_ports(PORTS, 2)
    if len(ports) < 2:
        pytest.fail(f"not 2 free ports in {PORTS}")
    with tdkt_serve(workdir, ports[0], env), tdkt_serve(workdir, ports[1], env):
        yield _client(ports[0]), _client(ports[1])


def _token(call: Call, username: str) -> str:
    body = {"username": username, "password": DEFAULT_DEMO_PASSWORD}
    return call("POST", "/auth/token", body=body, expect=201)["token"]


def test_ballots_counted_by_a_server_that_did_not_open_them_reach_the_director(servers):
    first, second = servers
    nominator = _token(first, "vanthu.cntt")
    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": "Lao động tiên tiến 2025 – hai máy chủ",
        "summary": "Hoàn thành tốt nhiệm vụ năm 2025.",
        "nominees": [{"name": "Nguyễn Văn Ánh", "job_title": "Chuyên viên", "gender": "male"}],
        "movement": None,
    }
    filed = first("POST", "/proposals", nominator, body, expect=201)
    pid = filed["id"]
    for kind in dossier_files.missing(filed):
        upload = dossier_files.multipart(kind)
        first("POST", f"/proposals/{pid}/attachments", nominator, raw=upload, expect=201)
    done = first("POST", f"/proposals/{pid}/submit", nominator, {})
    for who in ("truongphong.cntt", "thuongtruc.khcn"):
        [step] = done["next_steps"]
        approve = {"action": "approve", "justification": JUSTIFICATION}
        done = first("POST", f"/tasks/{step['id']}/complete", _token(first, who), approve)
    ballots = {step["assignee"]: step for step in done["next_steps"]}
    assert sorted(ballots) == sorted(COUNCIL)
    for member in COUNCIL:
        step = ballots[member]
        vote = {"action": "vote", "choices": {str(n["id"]): "yes" for n in step["nominees"]}}
        done = second("POST", f"/tasks/{step['id']}/complete", _token(second, member), vote)
    assert [s["element"] for s in done["next_steps"]] == ["director_decide"]
    detail = second("GET", f"/proposals/{pid}", _token(second, "giamdoc.khcn"))
    assert [t["element"] for t in detail["current_tasks"]] == ["director_decide"]
