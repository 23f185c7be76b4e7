"""A lower award instead of a refusal, through API v1: a lowered nominee goes on along the new
award's route in a proposal of their own while the others go on along the old one."""

from tests.support.forwarding import FORWARD

SUBMISSION = {"submission_no": "12/TTr-STTTT", "submission_date": "15/11/2025"}
CHAIRMAN = {"decision_no": "1234/QĐ-UBND", "decision_date": "20/12/2025", "signer": "Lê Thành Đô"}
DIRECTOR = {"decision_no": "88/QĐ-STTTT", "decision_date": "05/12/2025", "signer": "Vũ Đức Thắng"}
TWO = [
    {"name": "Nguyễn Văn An", "job_title": "Chuyên viên"},
    {"name": "Trần Thị Bình", "job_title": "Chuyên viên"},
]
WHY = "Thành tích chưa đủ mức Bằng khen của Chủ tịch UBND tỉnh, đủ mức Giấy khen"


def _to_board(api) -> int:
    """A provincial Bằng khen for two people, forwarded to the provincial board."""
    nominator = api("vanthu.cntt")
    pid = nominator.file("BK_TINH_CN", nominees=TWO)
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    api("hoidong.tttt").act(pid)
    api("giamdoc.tttt").act(pid, **SUBMISSION)
    return pid


def test_lowered_nominee_goes_on_the_new_route_while_the_other_goes_on(api):
    pid = _to_board(api)
    board = api("chuyenvien.btdkt")
    task = board.task_for(pid)
    assert task["element"] == "board_appraise"
    detail = board.ok("GET", f"/proposals/{pid}")
    binh = next(n for n in detail["nominees"] if n["name"] == "Trần Thị Bình")
    lowered = board.ok(
        "POST",
        f"/tasks/{task['id']}/lower",
        json={
            "nominee_ids": [binh["id"]],
            "award_code": "GK_CN",
            "reason": WHY,
            "justification": "Đơn vị xác nhận thành tích",
        },
    )
    assert lowered["split"] is True
    new = lowered["continued_in"]
    # The Director decides a Giấy khen: the new route goes back to the department.
    assert (new["award_code"], new["stage"], new["split_from"]) == ("GK_CN", "department", pid)
    assert lowered["proposal"]["stage"] == "province"

    # Linked both ways; both histories show both awards.
    old = board.ok("GET", f"/proposals/{pid}")
    assert old["split_into"] == [new["id"]]
    assert [(n["name"], n["status"]) for n in old["nominees"]] == [
        ("Nguyễn Văn An", "active"),
        ("Trần Thị Bình", "lowered"),
    ]
    event = old["history"][-1]
    assert event["action"] == "lowered" and event["comment"] == WHY
    assert (event["data"]["from_award"], event["data"]["to_award"]) == ("BK_TINH_CN", "GK_CN")
    split = board.ok("GET", f"/proposals/{new['id']}")
    assert split["split_from"] == pid and split["award_code"] == "GK_CN"
    assert [n["name"] for n in split["nominees"]] == ["Trần Thị Bình"]
    assert split["history"][-1]["action"] == "split_from"
    assert split["eligibility"] is not None

    # The old proposal goes on for An: board, then the Chairman.
    board.act(pid)
    api("chutich.ubnd").act(pid, **CHAIRMAN)
    assert board.ok("GET", f"/proposals/{pid}")["status"] == "approved"
    # Bình's goes on along the Giấy khen's route: secretariat, council, the Director.
    secretariat = api("thuongtruc.tttt")
    assert secretariat.task_for(new["id"])["element"] == "secretariat_check"
    secretariat.act(new["id"])
    api("hoidong.tttt").act(new["id"])
    director = api("giamdoc.tttt")
    assert director.task_for(new["id"])["element"] == "director_decide"
    director.act(new["id"], **DIRECTOR)
    done = board.ok("GET", f"/proposals/{new['id']}")
    assert done["status"] == "approved" and done["decision"]["number"] == "88/QĐ-STTTT"
    people = board.ok("GET", f"/proposals/{pid}")
    assert people["decision"]["number"] == "1234/QĐ-UBND"


def test_lowering_every_nominee_changes_the_proposal_itself(api, db_value):
    nominator = api("vanthu.cntt")
    pid = nominator.file("BK_TINH_CN")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    secretariat = api("thuongtruc.tttt")
    task = secretariat.task_for(pid)
    [an] = secretariat.ok("GET", f"/proposals/{pid}")["nominees"]
    body = {"nominee_ids": [an["id"]], "award_code": "GK_CN", "reason": WHY}
    body["justification"] = "Đủ thành tích Giấy khen"
    lowered = secretariat.ok("POST", f"/tasks/{task['id']}/lower", json=body)
    assert lowered["split"] is False
    assert lowered["continued_in"]["id"] == pid
    after = secretariat.ok("GET", f"/proposals/{pid}")
    assert (after["award_code"], after["round"], after["stage"]) == ("GK_CN", 2, "department")
    # The old step is gone; the round starts again at the secretariat, for the Giấy khen.
    again = secretariat.task_for(pid)
    assert again["id"] != task["id"] and again["element"] == "secretariat_check"
    gone = secretariat.post(f"/tasks/{task['id']}/complete", json={"action": "approve", **FORWARD})
    assert gone.status_code in (404, 409)
    assert db_value("SELECT count(*) FROM workflow_instance WHERE proposal_id = :p "
                    "AND status = 'running'", p=pid) == 1  # fmt: skip


def test_out_of_reach_or_unknown_is_refused_naming_the_field(api, db_value):
    pid = _to_board(api)
    board = api("chuyenvien.btdkt")
    task = board.task_for(pid)
    detail = board.ok("GET", f"/proposals/{pid}")
    first = detail["nominees"][0]["id"]
    before = db_value("SELECT count(*) FROM proposal")
    for body, field, code in (
        ({"nominee_ids": [first], "award_code": "BK_BO_CN", "reason": WHY}, "award_code",
         "award_out_of_reach"),
        ({"nominee_ids": [first], "award_code": "GK_TT", "reason": WHY}, "award_code",
         "award_out_of_reach"),
        ({"nominee_ids": [first + 999], "award_code": "GK_CN", "reason": WHY}, "nominee_ids",
         "nominee_not_in_proposal"),
        ({"nominee_ids": [first], "award_code": "GK_CN", "reason": " "}, "reason",
         "invalid_lowering"),
        ({"nominee_ids": "x", "award_code": 5}, "nominee_ids", "invalid_lowering"),
    ):  # fmt: skip
        answer = board.post(f"/tasks/{task['id']}/lower", json=body)
        assert answer.status_code == 400, answer.get_json()
        assert answer.get_json()["code"] == code
        assert field in answer.get_json()["fields"]
    # Failing the new award's criteria (LĐTT needs a rating the registry does not hold)
    # without a justification: refused, naming who fails what; nothing written.
    answer = board.post(
        f"/tasks/{task['id']}/lower",
        json={"nominee_ids": [first], "award_code": "LDTT", "reason": WHY},
    )
    assert answer.status_code == 400 and answer.get_json()["code"] == "lowered_not_eligible"
    assert db_value("SELECT count(*) FROM proposal") == before
    # Someone without the step's role: forbidden; the nominator at the unit's step cannot.
    other = api("giamdoc.tttt").post(
        f"/tasks/{task['id']}/lower",
        json={"nominee_ids": [first], "award_code": "GK_CN", "reason": WHY},
    )
    assert other.status_code in (403, 404)
