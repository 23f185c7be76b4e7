"""Rejection, and who may see and act: department, board, conflict of interest."""

from models import User
from workflows.directory.users import assign


def test_reject_needs_a_reason_and_is_final(api, row_counts):
    nominator, head, secretariat = (
        api("vanthu.cntt"),
        api("truongphong.cntt"),
        api("thuongtruc.tttt"),
    )
    pid = nominator.file("CSTDCS")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    head.act(pid)
    task = secretariat.task_for(pid)
    before = row_counts()
    for payload in ({"action": "reject"}, {"action": "reject", "comment": "   "}):
        response = secretariat.post(f"/tasks/{task['id']}/complete", json=payload)
        assert response.status_code == 400
        assert "comment" in response.get_json()["fields"]
    assert row_counts() == before

    reason = "Chưa đủ thời gian công tác theo quy định"
    done = secretariat.ok(
        "POST", f"/tasks/{task['id']}/complete", json={"action": "reject", "comment": reason}
    )
    assert done["proposal"] == {"id": pid, "status": "rejected", "stage": None}
    detail = nominator.ok("GET", f"/proposals/{pid}")
    assert (detail["status"], detail["last_reason"], detail["current_tasks"]) == (
        "rejected",
        reason,
        [],
    )
    assert detail["history"][-1]["action"] == "rejected"
    assert detail["history"][-1]["comment"] == reason
    assert detail["decision"] is None
    # Final: nothing is waiting for anyone, and the same task cannot be completed again.
    for username in ("vanthu.cntt", "truongphong.cntt", "thuongtruc.tttt", "hoidong.tttt"):
        assert all(t["proposal_id"] != pid for t in api(username).ok("GET", "/tasks"))
    again = secretariat.post(f"/tasks/{task['id']}/complete", json={"action": "approve"})
    assert again.status_code == 409
    assert nominator.post(f"/proposals/{pid}/submit").status_code == 409
    edit = {"award_code": "CSTDCS", "year": 2025, "title": "T", "summary": "S"}
    edit["nominees"] = [{"name": "A"}]
    assert nominator.put(f"/proposals/{pid}", json=edit).status_code == 409
    assert nominator.ok("GET", "/proposals?status=rejected")["total"] == 1


def test_other_department_can_neither_see_nor_act(api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    task = api("truongphong.cntt").task_for(pid)
    for username in ("vanthu.yte", "giamdoc.yte", "truongphong.yte"):
        outsider = api(username)
        response = outsider.get(f"/proposals/{pid}")
        assert response.status_code == 404
        # Same answer as for a proposal that does not exist.
        missing = outsider.get("/proposals/999999")
        assert missing.status_code == 404
        assert response.get_json()["message"].replace(str(pid), "N") == missing.get_json()[
            "message"
        ].replace("999999", "N")
        assert outsider.ok("GET", "/proposals")["total"] == 0
        assert all(t["proposal_id"] != pid for t in outsider.ok("GET", "/tasks"))
        assert outsider.put(f"/proposals/{pid}", json={}).status_code == 404
        for verb in ("claim", "complete"):
            response = outsider.post(f"/tasks/{task['id']}/{verb}", json={"action": "approve"})
            assert response.status_code in (403, 404), (username, verb)
    assert api("truongphong.cntt").task_for(pid)["claimed_by"] is None


def test_only_nominators_file(api, row_counts):
    before = row_counts()
    body = {"award_code": "LDTT", "year": 2025, "title": "T", "summary": "S"}
    body["nominees"] = [{"name": "A"}]
    for username in ("giamdoc.tttt", "theodoi.btdkt", "truongphong.cntt"):
        assert api(username).post("/proposals", json=body).status_code == 403, username
    assert row_counts() == before


def test_board_sees_everything_but_cannot_complete(api):
    ids = [api("vanthu.cntt").file("LDTT"), api("vanthu.yte").file("GK_CN")]
    api("vanthu.cntt").ok("POST", f"/proposals/{ids[0]}/submit")
    board = api("theodoi.btdkt")
    assert sorted(i["id"] for i in board.ok("GET", "/proposals")["items"]) == sorted(ids)
    assert board.ok("GET", f"/proposals/{ids[1]}")["org"] == "soyte-vp"
    assert board.ok("GET", "/tasks") == []
    task = api("truongphong.cntt").task_for(ids[0])
    for verb in ("complete", "claim"):
        response = board.post(f"/tasks/{task['id']}/{verb}", json={"action": "approve"})
        assert response.status_code == 403
    assert api("truongphong.cntt").task_for(ids[0])["claimed_by"] is None


def test_nominator_cannot_approve_own_proposal(api, session):
    user = session.query(User).filter_by(username="vanthu.cntt").one()
    assign(session, user, "unit_head", "sotttt-cntt")
    session.commit()
    session.close()
    nominator = api("vanthu.cntt")
    assert {"role": "unit_head", "org": "sotttt-cntt"} in [
        {"role": r["role"], "org": r["org"]} for r in nominator.ok("GET", "/me")["roles"]
    ]
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    task = api("truongphong.cntt").task_for(pid)
    assert all(t["proposal_id"] != pid for t in nominator.ok("GET", "/tasks"))
    for verb in ("complete", "claim"):
        response = nominator.post(f"/tasks/{task['id']}/{verb}", json={"action": "approve"})
        assert response.status_code == 403, verb
    detail = nominator.ok("GET", f"/proposals/{pid}")
    assert detail["current_tasks"][0]["candidates"] == ["truongphong.cntt"]
    assert detail["status"] == "in_review" and detail["history"][-1]["action"] == "submitted"


def test_claim_and_release(api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    head = api("truongphong.cntt")
    task = head.task_for(pid)
    claimed = head.ok("POST", f"/tasks/{task['id']}/claim")
    assert claimed["task"]["claimed_by"] == "truongphong.cntt"
    assert head.task_for(pid)["claimed_by"] == "truongphong.cntt"
    released = head.ok("POST", f"/tasks/{task['id']}/release")
    assert released["task"]["claimed_by"] is None
    assert head.post(f"/tasks/{task['id']}/release").status_code == 403
    assert head.post("/tasks/987654/claim").status_code == 404
    history = nominator.ok("GET", f"/proposals/{pid}")["history"]
    assert [e["action"] for e in history][-2:] == ["claimed", "released"]
