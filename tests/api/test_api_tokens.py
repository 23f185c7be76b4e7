"""Token authentication: issue, use, revoke, expire; no session cookies on the API."""

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from workflows.ops.demo import DEFAULT_DEMO_PASSWORD

TOKEN_URL = "/api/v1/auth/token"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def login(client, username="giamdoc.tttt", password=DEFAULT_DEMO_PASSWORD):
    return client.post(TOKEN_URL, json={"username": username, "password": password})


def test_token_issue_and_me(app, client, db_value):
    app.config["API_TOKEN_LIFETIME"] = timedelta(minutes=30)
    before = datetime.now(UTC)
    response = login(client)
    assert response.status_code == 201
    body = response.get_json()
    token = body["token"]
    assert len(token) >= 43
    expires = datetime.fromisoformat(body["expires_at"])
    assert timedelta(minutes=29) < expires - before < timedelta(minutes=31)
    # Only the SHA-256 is stored.
    digest = hashlib.sha256(token.encode()).hexdigest()
    assert db_value("SELECT count(*) FROM api_token WHERE token_hash = :h", h=digest) == 1
    assert db_value("SELECT count(*) FROM api_token WHERE token_hash = :t", t=token) == 0
    me = client.get("/api/v1/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.get_json() == {
        "username": "giamdoc.tttt",
        "full_name": "Vũ Đức Thắng",
        "roles": [
            # The Director chairs the department's council (demo data).
            {
                "role": "dept_council",
                "org": "sotttt",
                "org_name": "Sở Thông tin và Truyền thông tỉnh Điện Biên",
            },
            {
                "role": "director",
                "org": "sotttt",
                "org_name": "Sở Thông tin và Truyền thông tỉnh Điện Biên",
            },
        ],
    }


def test_wrong_password_and_unknown_user_get_the_same_401(client, db_value):
    wrong = login(client, password="sai-mat-khau")
    unknown = login(client, username="khong.ai.ca")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    assert db_value("SELECT count(*) FROM api_token") == 0
    missing = client.post(TOKEN_URL, json={"username": "giamdoc.tttt"})
    assert missing.status_code == 400 and "password" in missing.get_json()["fields"]
    typed = client.post(TOKEN_URL, json={"username": 5, "password": "x"})
    assert typed.status_code == 400 and "username" in typed.get_json()["fields"]


UNAUTHENTICATED = [
    {},
    bearer("rac-khong-phai-token"),
    {"Authorization": "Basic Zm9vOmJhcg=="},
    {"Authorization": "Bearer "},
    bearer("x" * 5000),
]
PROTECTED = [
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/tasks"),
    ("POST", "/api/v1/proposals"),
    ("GET", "/api/v1/proposals/1"),
]


def test_unauthenticated_and_garbage_tokens_are_401_with_challenge(client):
    for headers in UNAUTHENTICATED:
        for method, path in PROTECTED:
            response = client.open(path, method=method, headers=headers, json={})
            assert response.status_code == 401, (headers, path)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert response.get_json()["error"] == 401
            assert response.get_json()["code"] in ("token_required", "invalid_token")


def test_revoked_token_is_401(client):
    token = login(client).get_json()["token"]
    other = login(client).get_json()["token"]
    assert client.post("/api/v1/auth/revoke", headers=bearer(token)).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert client.post("/api/v1/auth/revoke", headers=bearer(token)).status_code == 401
    # Only the presented token was revoked.
    assert client.get("/api/v1/me", headers=bearer(other)).status_code == 200


def test_expired_token_is_401(app, client):
    token = login(client).get_json()["token"]
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    past = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=1)
    with app.extensions["tdkt_engine"].begin() as conn:
        conn.execute(
            text("UPDATE api_token SET expires_at = :past WHERE token_hash = :h"),
            {"past": past, "h": hashlib.sha256(token.encode()).hexdigest()},
        )
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    # A lifetime that has already run out issues tokens that do not work.
    app.config["API_TOKEN_LIFETIME"] = timedelta(seconds=-1)
    stale = login(client).get_json()["token"]
    assert client.get("/api/v1/me", headers=bearer(stale)).status_code == 401


def test_disabled_account_token_is_401(app, client):
    token = login(client).get_json()["token"]
    with app.extensions["tdkt_engine"].begin() as conn:
        conn.execute(text("UPDATE user_account SET active = false WHERE username = 'giamdoc.tttt'"))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_session_cookie_is_not_accepted(login_as):
    browser = login_as("giamdoc.tttt")
    response = browser.get("/api/v1/me")
    assert response.status_code == 401
    response = browser.post("/api/v1/proposals", json={"award_code": "LDTT"})
    assert response.status_code == 401
