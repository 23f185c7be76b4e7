"""As the README runs it: the server runs the diagrams of bpmn/; the diagrams change
(TDKT_BPMN_DIR), `tdkt init` records the new version and the server is started again; an
administrator moves a running proposal to it through the API, and the proposal goes on there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scripts.liveserver import LiveServer
from tests.support import versions as changed
from tests.support.accounts import PASSWORD
from tests.support.forwarding import FORWARD
from workflows.engine.diagrams import PROCESS_ID

TDKT = Path(sys.executable).with_name("tdkt")


def _init(url: str, data_dir: Path, bpmn: Path) -> str:
    env = {
        **os.environ,
        "TDKT_DATABASE_URL": url,
        "TDKT_DATA_DIR": str(data_dir),
        "TDKT_BPMN_DIR": str(bpmn),
    }
    done = subprocess.run(
        [str(TDKT), "init"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_proposal_moves_to_the_diagrams_the_restarted_server_runs(db_url, tmp_path):
    data_dir = tmp_path / "data"
    server = LiveServer(db_url, data_dir, workers=1, threads=2).start()
    try:
        nominator = server.token("vanthu.cntt", PASSWORD)
        status, created = server.request(
            "POST",
            "/api/v1/proposals",
            {
                "award_code": "LDTT",
                "year": 2025,
                "title": "Đề nghị Lao động tiên tiến",
                "summary": "Hoàn thành tốt nhiệm vụ.",
                "nominees": [{"name": "Nguyễn Văn An"}],
            },
            token=nominator,
        )
        assert status == 201, created
        pid = created["id"]
        server.complete_dossier(pid, nominator)
        status, _ = server.request("POST", f"/api/v1/proposals/{pid}/submit", {}, nominator)
        assert status == 200
    finally:
        server.stop()

    bpmn = changed.renamed_signoff(tmp_path)
    assert "Phiên bản quy trình" in _init(db_url, data_dir, bpmn)
    server = LiveServer(db_url, data_dir, workers=1, threads=2, env={"TDKT_BPMN_DIR": str(bpmn)})
    server.start()
    try:
        admin = server.token("quantri", PASSWORD)
        status, processes = server.request("GET", "/api/v1/processes", token=admin)
        assert status == 200
        [process] = processes
        by_id = {v["id"]: v for v in process["versions"]}
        [new] = [v for v in by_id.values() if v["current"]]
        [old] = [v for v in by_id.values() if v["running"] == 1]
        assert old["id"] != new["id"] and new["running"] == 0

        base = f"/api/v1/processes/{PROCESS_ID}/migrations"
        body = {"to_version": new["id"], "proposal_ids": [pid]}
        status, plan = server.request("POST", f"{base}/preview", body, admin)
        assert status == 200 and plan["refusals"] == [], plan
        status, done = server.request("POST", base, body, admin)
        assert status == 200 and [x["proposal_id"] for x in done["landings"]] == [pid]

        head = server.token("truongphong.cntt", PASSWORD)
        _, tasks = server.request("GET", "/api/v1/tasks", token=head)
        [task] = [t for t in tasks if t["proposal_id"] == pid]
        assert task["name"] == changed.RENAMED
        status, answer = server.request(
            "POST",
            f"/api/v1/tasks/{task['id']}/complete",
            {"action": "approve", **FORWARD},
            head,
        )
        assert status == 200, answer
        _, detail = server.request("GET", f"/api/v1/proposals/{pid}", token=head)
        assert [t["element"] for t in detail["current_tasks"]] == ["secretariat_check"]
        assert any(e["action"] == "version_migrated" for e in detail["history"]), detail.keys()
    finally:
        server.stop()
