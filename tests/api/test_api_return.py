"""Return for revision, resubmission from the stage that returned, and many rounds."""

import pytest

from tests.support.world import holders

#: the council's step is a secret ballot of every member (Api.act casts them all)
COUNCIL: dict = {}
DECISION = {"decision_no": "5/QĐ-STTTT", "decision_date": "01/12/2025", "signer": "Vũ Đức Thắng"}


def test_returned_at_department_goes_back_to_nominator_and_resumes_there(api):
    nominator, head, secretariat = (
        api("vanthu.cntt"),
        api("truongphong.cntt"),
        api("thuongtruc.tttt"),
    )
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    head.act(pid)
    reason = "Thiếu bản tóm tắt thành tích có xác nhận"
    done = secretariat.act(pid, "return", comment=reason)
    assert done["proposal"]["status"] == "returned"

    detail = nominator.ok("GET", f"/proposals/{pid}")
    assert (detail["status"], detail["round"], detail["last_reason"]) == ("returned", 2, reason)
    own = nominator.task_for(pid)
    assert (own["element"], own["role"], own["org"]) == (
        "file_proposal",
        "nominator",
        "sotttt-cntt",
    )
    assert [a["action"] for a in own["actions"]] == ["submit"]
    assert all(t["proposal_id"] != pid for t in secretariat.ok("GET", "/tasks"))

    # The nominator revises (PUT) and resubmits; review resumes at the secretariat.
    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": "Đề nghị LĐTT (bổ sung)",
        "summary": "Đã bổ sung bản tóm tắt",
        "nominees": [{"name": "Nguyễn Văn An", "gender": "male"}, {"name": "Trần Thị Bình"}],
    }
    edited = nominator.ok("PUT", f"/proposals/{pid}", json=body)
    assert edited["title"] == "Đề nghị LĐTT (bổ sung)"
    assert [n["name"] for n in edited["nominees"]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert edited["nominees"][0]["gender"] == "male"
    state = nominator.ok("POST", f"/proposals/{pid}/submit", json={"comment": "Đã bổ sung"})
    # The proposal's state, and the steps it waits on (issue 19).
    assert {k: state[k] for k in ("id", "status", "stage")} == {
        "id": pid,
        "status": "in_review",
        "stage": "department",
    }
    assert [s["stage"] for s in state["next_steps"]] == ["department"]
    assert all(t["proposal_id"] != pid for t in head.ok("GET", "/tasks"))
    assert secretariat.task_for(pid)["element"] == "secretariat_check"

    secretariat.act(pid)
    api("hoidong.tttt").act(pid, **COUNCIL)
    api("giamdoc.tttt").act(pid, **DECISION)
    final = nominator.ok("GET", f"/proposals/{pid}")
    assert final["status"] == "approved" and final["round"] == 2
    assert [e["action"] for e in final["history"]] == [
        "created",
        *["attachment_added"] * 2,  # the LĐTT dossier (tests.support.dossier)
        "submitted",
        "approved",
        "returned",
        "edited",
        "resubmitted",
        "approved",
        *["ballot_cast"] * len(holders("dept_council", "sotttt")),
        "ballot_closed",
        "decided",
    ]
    # The return belongs to the round it ended; the edit opens the next one.
    assert [e["round"] for e in final["history"]] == [1] * 6 + [2] * (len(final["history"]) - 6)


@pytest.mark.slow  # 300 rounds
def test_three_hundred_returns_keep_state_flat_and_still_complete(api, db_value):
    nominator, head = api("vanthu.cntt"), api("truongphong.cntt")
    pid = nominator.file("LDTT")
    running_state = (
        "SELECT length(state_json) FROM workflow_instance"
        " WHERE proposal_id = :pid AND status = 'running'"
    )
    sizes = {}
    for round_no in range(1, 301):
        nominator.ok("POST", f"/proposals/{pid}/submit")
        if round_no in (2, 300):
            sizes[round_no] = db_value(running_state, pid=pid)
        head.act(pid, "return", comment=f"Lần {round_no}: chưa đủ hồ sơ")

    detail = nominator.ok("GET", f"/proposals/{pid}")
    assert (detail["status"], detail["round"]) == ("returned", 301)
    assert detail["last_reason"] == "Lần 300: chưa đủ hồ sơ"
    # One running instance, whose state is as large in round 300 as in round 2.
    assert db_value("SELECT count(*) FROM workflow_instance WHERE status = 'running'") == 1
    assert abs(sizes[300] - sizes[2]) <= 32, sizes

    nominator.ok("POST", f"/proposals/{pid}/submit")
    head.act(pid)
    api("thuongtruc.tttt").act(pid)
    api("hoidong.tttt").act(pid, **COUNCIL)
    api("giamdoc.tttt").act(pid, **DECISION)
    final = nominator.ok("GET", f"/proposals/{pid}")
    assert (final["status"], final["round"]) == ("approved", 301)
    assert final["decision"] == {
        "number": "5/QĐ-STTTT",
        "date": "2025-12-01",
        "signer": "Vũ Đức Thắng",
    }
    # The detail holds the latest rounds only; the whole trail is paged at /history.
    assert final["history_rounds"]["rounds"] == list(range(301, 291, -1))
    assert {e["round"] for e in final["history"]} == set(range(292, 302))
    trail, offset = [], 0
    while offset is not None:
        page = nominator.ok("GET", f"/proposals/{pid}/history?limit=100&offset={offset}")
        assert page["total"] == 301
        trail += page["events"]
        offset = page["older_offset"]
    assert [e["round"] for e in trail] == sorted((e["round"] for e in trail), reverse=True)
    returns = [e for e in reversed(trail) if e["action"] == "returned"]
    assert len(returns) == 300
    assert [e["comment"] for e in returns] == [f"Lần {n}: chưa đủ hồ sơ" for n in range(1, 301)]
    assert [e["actor"] for e in returns] == ["truongphong.cntt"] * 300
