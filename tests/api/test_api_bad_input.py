"""Bad input: a clear 400 naming the field, and nothing written."""

import pytest

GOOD = {
    "award_code": "LDTT",
    "year": 2025,
    "title": "Đề nghị Lao động tiên tiến",
    "summary": "Hoàn thành tốt nhiệm vụ",
    "nominees": [{"name": "Nguyễn Văn An"}],
}


def with_(**changes) -> dict:
    body = {**GOOD, **changes}
    return {k: v for k, v in body.items() if v is not ...}


BAD_BODIES = [
    ("missing award", with_(award_code=...), "award_code"),
    ("missing title", with_(title=...), "title"),
    ("missing summary", with_(summary=...), "summary"),
    ("missing nominees", with_(nominees=...), "nominees"),
    ("missing year", with_(year=...), "year"),
    ("unknown award", with_(award_code="HUAN_CHUONG_VANG"), "award_code"),
    ("year too early", with_(year=1999), "year"),
    ("year too late", with_(year=2101), "year"),
    ("year as text", with_(year="năm nay"), "year"),
    ("year as bool", with_(year=True), "year"),
    ("nominees not a list", with_(nominees={"name": "A"}), "nominees"),
    ("nominees empty", with_(nominees=[]), "nominees"),
    ("nominee not an object", with_(nominees=["Nguyễn Văn An"]), "nominees[0]"),
    ("nominee without name", with_(nominees=[{"job_title": "Kế toán"}]), "nominees[0].name"),
    ("nominee name too long", with_(nominees=[{"name": "A" * 121}]), "nominees[0].name"),
    ("nominee bad gender", with_(nominees=[{"name": "A", "gender": "x"}]), "nominees[0].gender"),
    (
        "nominee unknown account",
        with_(nominees=[{"name": "A", "username": "khong.ton.tai"}]),
        "nominees[0].username",
    ),
    ("title too long", with_(title="T" * 256), "title"),
    ("title not text", with_(title=["T"]), "title"),
    ("summary too long", with_(summary="S" * 10_001), "summary"),
    ("org not text", with_(org=12), "org"),
    ("org not the caller's", with_(org="soyte-vp"), "org"),
]


@pytest.mark.parametrize(
    ("body", "field"), [b[1:] for b in BAD_BODIES], ids=[b[0] for b in BAD_BODIES]
)
def test_bad_proposal_body(api, row_counts, body, field):
    nominator = api("vanthu.cntt")
    before = row_counts()
    response = nominator.post("/proposals", json=body)
    assert response.status_code == 400, response.get_json()
    answer = response.get_json()
    assert answer["error"] == 400 and answer["code"], answer
    assert field in answer["fields"], answer
    assert field in answer["message"]
    assert row_counts() == before


RAW_BODIES = [
    ("not JSON", b"award_code=LDTT&year=2025"),
    ("truncated JSON", b'{"award_code": "LDTT", '),
    ("JSON array", b'[{"award_code": "LDTT"}]'),
    ("JSON string", b'"LDTT"'),
    ("JSON null", b"null"),
    ("empty", b""),
    ("not UTF-8", b'{"title": "\xff\xfe"}'),
    ("NaN", b'{"year": NaN}'),
    ("deeply nested", b"[" * 100_000 + b"]" * 100_000),
]


@pytest.mark.parametrize("raw", [r[1] for r in RAW_BODIES], ids=[r[0] for r in RAW_BODIES])
def test_malformed_body_is_a_400_naming_body(api, row_counts, raw):
    nominator = api("vanthu.cntt")
    before = row_counts()
    for method, path in (("POST", "/proposals"), ("POST", "/tasks/1/complete")):
        response = nominator._call(method, path, data=raw, content_type="application/json")
        assert response.status_code == 400, (path, response.get_json())
        assert "body" in response.get_json()["fields"]
    assert row_counts() == before


def test_edit_and_submit_bad_input_write_nothing(api, row_counts):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    summary = nominator.ok("GET", f"/proposals/{pid}")["summary"]
    before = row_counts()
    response = nominator.put(f"/proposals/{pid}", json=with_(summary="S" * 10_001))
    assert response.status_code == 400 and "summary" in response.get_json()["fields"]
    response = nominator.put(f"/proposals/{pid}", json=with_(award_code="CSTDCS"))
    assert response.status_code == 400 and "award_code" in response.get_json()["fields"]
    response = nominator.post(f"/proposals/{pid}/submit", json={"comment": 42})
    assert response.status_code == 400 and "comment" in response.get_json()["fields"]
    assert row_counts() == before
    assert nominator.ok("GET", f"/proposals/{pid}")["summary"] == summary


def test_bad_task_completions(api, row_counts, db_value):
    """A council member's ballot: every malformed ballot is refused naming its field, and
    nothing is written (no count, no voter, no audit event)."""
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    council = api("hoidong.tttt")
    task = council.task_for(pid)
    assert task["form"] == "ballot"
    assert [a["action"] for a in task["actions"]] == ["vote", "absent"]
    [nominee] = [str(n["id"]) for n in council.ok("GET", f"/proposals/{pid}")["nominees"]]
    url = f"/tasks/{task['id']}/complete"
    cases = [
        ({"action": "approve"}, "action"),
        ({"comment": "đồng ý"}, "action"),
        ({"action": ["vote"]}, "action"),
        ({"action": "vote"}, f"choices.{nominee}"),
        ({"action": "vote", "choices": "yes"}, "choices"),
        ({"action": "vote", "choices": [nominee]}, "choices"),
        ({"action": "vote", "choices": {nominee: "có"}}, f"choices.{nominee}"),
        ({"action": "vote", "choices": {nominee: None}}, f"choices.{nominee}"),
        ({"action": "vote", "choices": {}}, f"choices.{nominee}"),
        ({"action": "vote", "choices": {nominee: "yes", "987654": "yes"}}, "choices.987654"),
        ({"action": "vote", "choices": {nominee: "yes", "abc": "no"}}, "choices.abc"),
    ]
    before = row_counts()
    voters = "SELECT count(*) FROM ballot_voter"
    assert db_value(voters) == 0
    for payload, field in cases:
        response = council.post(url, json=payload)
        assert response.status_code == 400, (payload, response.get_json())
        assert field in response.get_json()["fields"], (payload, response.get_json())
    assert row_counts() == before
    for bad_id in ("987654", "0", "99999999999999999999999", "abc"):
        response = council.post(f"/tasks/{bad_id}/complete", json={"action": "vote"})
        assert response.status_code == 404, bad_id
        assert response.get_json()["error"] == 404
    for bad_id in ("0", "007", "99999999999999999999999", "-3"):
        assert council.get(f"/proposals/{bad_id}").status_code == 404, bad_id
    assert row_counts() == before and db_value(voters) == 0
    council.ok("POST", url, json={"action": "vote", "choices": {nominee: "yes"}})
    assert db_value(voters) == 1


def test_bad_query_parameters(api):
    board = api("theodoi.btdkt")
    for query, field in [
        ("status=done", "status"),
        ("stage=national", "stage"),
        ("per_page=201", "per_page"),
        ("per_page=0", "per_page"),
        ("page=-1", "page"),
        ("page=²", "page"),
        ("year=abc", "year"),
        ("org=khong-co", "org"),
        ("award=KHONG_CO", "award"),
    ]:
        response = board.get(f"/proposals?{query}")
        assert response.status_code == 400, query
        assert field in response.get_json()["fields"], query
    assert board.get("/tasks?proposal_id=x").status_code == 400


def test_too_large_body_is_a_json_413(api, app, row_counts):
    nominator = api("vanthu.cntt")
    before = row_counts()
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = with_(summary="S" * (limit + 10))
    response = nominator.post("/proposals", json=body)
    assert response.status_code == 413
    assert response.get_json()["error"] == 413
    assert response.get_json()["code"] == "request_entity_too_large"
    assert row_counts() == before


def test_unknown_api_path_and_method_are_json(api):
    user = api("vanthu.cntt")
    response = user.get("/no-such-thing")
    assert response.status_code == 404 and response.get_json()["error"] == 404
    assert response.get_json()["code"] == "not_found"
    response = user._call("DELETE", "/proposals")
    assert response.status_code == 405 and response.get_json()["error"] == 405
    assert response.get_json()["code"] == "method_not_allowed"
