"""API v1 for administrators: the versions in use, the proposals on each, preview and move."""

from __future__ import annotations

from tests.support import versions as changed
from workflows.engine.diagrams import PROCESS_ID

BASE = f"/processes/{PROCESS_ID}"


def test_an_administrator_previews_then_moves_a_proposal_through_the_api(api, session, tmp_path):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    target = changed.register(session, changed.renamed_signoff(tmp_path))
    session.commit()
    admin = api("quantri")

    [process] = admin.ok("GET", "/processes")
    running = {v["id"]: v["running"] for v in process["versions"]}
    [old] = [v for v in process["versions"] if v["current"]]
    assert running == {old["id"]: 1, target.id: 0}
    on_old = admin.ok("GET", f"{BASE}/versions/{old['id']}/proposals")
    assert [(p["id"], p["steps"]) for p in on_old] == [(pid, [changed.SIGNOFF_NAME])]

    body = {"to_version": target.id, "proposal_ids": [pid]}
    preview = admin.ok("POST", f"{BASE}/migrations/preview", json=body)
    assert preview["refusals"] == []
    assert preview["landings"][0]["steps"] == [
        {"id": changed.SIGNOFF, "old_name": changed.SIGNOFF_NAME, "new_name": changed.RENAMED}
    ]
    assert admin.ok("GET", f"{BASE}/versions/{target.id}/proposals") == []  # nothing moved yet

    done = admin.ok("POST", f"{BASE}/migrations", json=body)
    assert [land["proposal_id"] for land in done["landings"]] == [pid]
    assert [p["id"] for p in admin.ok("GET", f"{BASE}/versions/{target.id}/proposals")] == [pid]
    history = nominator.ok("GET", f"/proposals/{pid}")
    assert history["current_tasks"][0]["name"] == changed.RENAMED

    again = admin.ok("POST", f"{BASE}/migrations", json=body)
    assert [r["code"] for r in again["refusals"]] == ["already_on_version"]
    assert "phiên bản quy trình" in again["refusals"][0]["message"]


def test_only_administrators_and_only_good_input(api):
    head = api("truongphong.cntt")
    response = head.get("/processes")
    assert response.status_code == 403 and response.get_json()["code"] == "processes_admin_only"
    admin = api("quantri")
    bad = admin.post(f"{BASE}/migrations/preview", json={"to_version": "x", "proposal_ids": []})
    assert bad.status_code == 400
    assert set(bad.get_json()["fields"]) == {"to_version", "proposal_ids"}
    unknown = admin.post(
        f"{BASE}/migrations/preview", json={"to_version": 99999, "proposal_ids": [1]}
    )
    assert unknown.status_code == 404 and unknown.get_json()["code"] == "process_version_not_found"
    assert admin.get("/processes/other/versions/1/proposals").status_code == 404
