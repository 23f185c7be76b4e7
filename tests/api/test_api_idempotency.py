"""Idempotency-Key on the API's acting POSTs: a retry answers the first result and acts no more;
the same key with another request is refused; concurrent requests with one key act once."""

import http.client
import io
import json
import threading

from werkzeug.serving import make_server

from tests.support.forwarding import FORWARD

BODY = {
    "award_code": "LDTT",
    "year": 2025,
    "title": "Đề nghị LĐTT – thử lại",
    "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
    "nominees": [{"name": "Nguyễn Văn Thử Lại"}],
}


def _proposals(db_value, title: str) -> int:
    return db_value("SELECT count(*) FROM proposal WHERE title = :t", t=title)


def test_a_retried_create_answers_the_first_result(api, db_value):
    nominator = api("vanthu.cntt")
    key = {"Idempotency-Key": "c0ffee-1"}
    first = nominator.post("/proposals", json=BODY, headers=key)
    again = nominator.post("/proposals", json=BODY, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _proposals(db_value, BODY["title"]) == 1
    # Without a key, or with another, it is a new request.
    assert (
        nominator.post("/proposals", json=BODY, headers={"Idempotency-Key": "2"}).status_code == 201
    )
    assert _proposals(db_value, BODY["title"]) == 2


def test_the_same_key_with_another_body_is_refused(api, db_value):
    nominator = api("vanthu.cntt")
    key = {"Idempotency-Key": "once-only"}
    assert nominator.post("/proposals", json=BODY, headers=key).status_code == 201
    other = nominator.post("/proposals", json={**BODY, "title": "Khác"}, headers=key)
    assert other.status_code == 422
    answer = other.get_json()
    assert answer["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in answer["message"]
    assert _proposals(db_value, "Khác") == 0


def test_keys_are_per_user(api):
    key = {"Idempotency-Key": "shared-key"}
    assert api("vanthu.cntt").post("/proposals", json=BODY, headers=key).status_code == 201
    # The same key from another user is theirs: not a replay of the first user's answer.
    other = api("truongphong.cntt").get("/proposals", headers=key)
    assert "Idempotent-Replayed" not in other.headers
    refused = api("truongphong.cntt").post("/proposals", json=BODY, headers=key)
    assert refused.status_code == 403 and "Idempotent-Replayed" not in refused.headers


def test_a_refused_request_does_not_use_up_its_key(api):
    nominator = api("vanthu.cntt")
    key = {"Idempotency-Key": "fix-and-retry"}
    assert nominator.post("/proposals", json={**BODY, "title": ""}, headers=key).status_code == 400
    assert nominator.post("/proposals", json=BODY, headers=key).status_code == 201


def test_submit_complete_and_upload_replay(api, db_value):
    nominator, head = api("vanthu.cntt"), api("truongphong.cntt")
    pid = nominator.file("LDTT")  # with its dossier's files (tests.support.dossier)
    count = "SELECT count(*) FROM attachment WHERE proposal_id = :p"
    before = db_value(count, p=pid)
    files = {"attachments": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "bien-ban.pdf")}
    key = {"Idempotency-Key": "upload-1"}
    path = f"/proposals/{pid}/attachments"
    first = nominator.post(path, data=dict(files), headers=key, content_type="multipart/form-data")
    assert first.status_code == 201, first.get_json()
    files = {"attachments": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "bien-ban.pdf")}
    again = nominator.post(path, data=files, headers=key, content_type="multipart/form-data")
    assert again.status_code == 201 and again.get_json() == first.get_json()
    assert db_value(count, p=pid) == before + 1

    key = {"Idempotency-Key": "submit-1"}
    assert nominator.post(f"/proposals/{pid}/submit", headers=key).status_code == 200
    again = nominator.post(f"/proposals/{pid}/submit", headers=key)
    assert again.status_code == 200, "a retried submit is not a 409"

    task = head.task_for(pid)
    key = {"Idempotency-Key": "approve-1"}
    payload = {"action": "approve", **FORWARD}
    done = head.post(f"/tasks/{task['id']}/complete", json=payload, headers=key)
    again = head.post(f"/tasks/{task['id']}/complete", json=payload, headers=key)
    assert done.status_code == again.status_code == 200
    assert again.get_json() == done.get_json()
    approvals = db_value(
        "SELECT count(*) FROM audit_event WHERE proposal_id = :p AND action = 'approved'", p=pid
    )
    assert approvals == 1


def _post(port: int, path: str, token: str, body: dict, key: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": key,
        }
        conn.request("POST", path, body=json.dumps(body).encode(), headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_concurrent_requests_with_one_key_act_once(app, api, db_value):
    nominator = api("vanthu.cntt")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    statuses: list[int] = []
    barrier = threading.Barrier(3)

    def fire():
        barrier.wait()
        statuses.append(
            _post(server.server_port, "/api/v1/proposals", nominator.token, BODY, "race-key")
        )

    try:
        workers = [threading.Thread(target=fire) for _ in range(3)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=60)
    finally:
        server.shutdown()
        server.server_close()
        serving.join(timeout=10)
    assert statuses == [201, 201, 201]
    assert _proposals(db_value, BODY["title"]) == 1


def test_openapi_documents_the_header(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in (
        "/api/v1/proposals",
        "/api/v1/proposals/{proposal_id}/submit",
        "/api/v1/tasks/{task_id}/complete",
        "/api/v1/proposals/{proposal_id}/attachments",
    ):
        post = spec["paths"][path]["post"]
        assert any(p.get("name") == "Idempotency-Key" for p in post.get("parameters", [])), path
        assert "422" in post["responses"], path
