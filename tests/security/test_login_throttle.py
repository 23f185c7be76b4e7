"""Login throttling: 5 failures in 15 minutes lock a username, or a client address, for 15 minutes.

Failures are rows in the database, so two application instances (two workers) on the same
database count the same failures; the limits are configuration and the refusal states them.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from models import LoginAttempt
from tests.support.world import PASSWORD
from webapp import create_app

TOKEN_URL = "/api/v1/auth/token"


def web_login(client, username: str, password: str, ip: str):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def api_login(client, username: str, password: str, ip: str):
    return client.post(
        TOKEN_URL,
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def age_failures(app, minutes: int) -> None:
    """Move every recorded failure `minutes` into the past (instead of waiting)."""
    with app.extensions["tdkt_sessions"]() as session:
        for row in session.scalars(select(LoginAttempt)):
            row.at -= timedelta(minutes=minutes)
        session.commit()


def failures(db_value, **where) -> int:
    column, value = next(iter(where.items()))
    return db_value(f"SELECT count(*) FROM login_attempt WHERE {column} = :v", v=value)


def test_five_failures_lock_the_username_whatever_the_address(app, client, db_value):
    for i in range(5):
        response = web_login(client, "vanthu.cntt", f"sai-mat-khau-{i}", f"10.0.0.{i}")
        assert response.status_code == 401
    assert failures(db_value, username="vanthu.cntt") == 5
    locked = web_login(client, "VanThu.CNTT ", PASSWORD, "10.0.1.1")
    assert locked.status_code == 429
    page = locked.get_data(as_text=True)
    assert "5 lần sai trong 15 phút thì tạm khóa 15 phút" in page
    assert 14 * 60 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert client.get("/").status_code == 302  # not logged in
    # A refusal while locked is not one more failure: the lock does not grow by itself.
    assert failures(db_value, username="vanthu.cntt") == 5
    # Other accounts from those addresses are not affected (one failure per address).
    assert web_login(app.test_client(), "truongphong.cntt", PASSWORD, "10.0.0.1").status_code == 302
    age_failures(app, 16)
    assert web_login(client, "vanthu.cntt", PASSWORD, "10.0.1.1").status_code == 302
    # A success forgets the username's failures.
    assert failures(db_value, username="vanthu.cntt") == 0


def test_five_failures_from_one_address_lock_that_address(app, db_value):
    names = ["vanthu.cntt", "khong.ai.ca", "giamdoc.tttt", "hoidong.tttt", "nguoi.la"]
    for name in names:
        assert web_login(app.test_client(), name, "sai-mat-khau-1", "192.0.2.7").status_code == 401
    assert failures(db_value, ip="192.0.2.7") == 5
    locked = web_login(app.test_client(), "chutich.ubnd", PASSWORD, "192.0.2.7")
    assert locked.status_code == 429
    assert web_login(app.test_client(), "chutich.ubnd", PASSWORD, "192.0.2.8").status_code == 302


def test_failures_spread_wider_than_the_window_do_not_lock(app):
    client = app.test_client()
    for i in range(4):
        assert web_login(client, "vanthu.cntt", "sai-mat-khau-1", f"10.1.0.{i}").status_code == 401
    age_failures(app, 16)
    assert web_login(client, "vanthu.cntt", "sai-mat-khau-2", "10.1.0.9").status_code == 401
    assert web_login(client, "vanthu.cntt", PASSWORD, "10.1.0.9").status_code == 302


def test_the_api_token_endpoint_shares_the_count_and_the_lock(app, db_value):
    client = app.test_client()
    for i in range(3):
        assert web_login(client, "giamdoc.tttt", "sai-mat-khau-1", f"10.2.0.{i}").status_code == 401
    for i in range(2):
        response = api_login(client, "giamdoc.tttt", "sai-mat-khau-1", f"10.2.1.{i}")
        assert response.status_code == 401
    locked = api_login(client, "giamdoc.tttt", PASSWORD, "10.2.2.1")
    assert locked.status_code == 429
    body = locked.get_json()
    assert body["error"] == 429 and "5 lần sai trong 15 phút" in body["message"]
    assert body["code"] == "login_locked"
    assert int(locked.headers["Retry-After"]) > 0
    assert db_value("SELECT count(*) FROM api_token") == 0
    assert web_login(client, "giamdoc.tttt", PASSWORD, "10.2.2.2").status_code == 429


def test_two_workers_on_one_database_count_together(app, db_url, tmp_path):
    second = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "another-worker",
            "WTF_CSRF_ENABLED": False,
            "ATTACHMENTS_DIR": str(tmp_path / "attachments"),
        }
    )
    try:
        workers = [app.test_client(), second.test_client()]
        for i in range(5):
            response = web_login(workers[i % 2], "thuongtruc.tttt", "sai-1", f"10.3.0.{i}")
            assert response.status_code == 401
        for worker in workers:
            assert web_login(worker, "thuongtruc.tttt", PASSWORD, "10.3.1.1").status_code == 429
    finally:
        second.extensions["tdkt_engine"].dispose()


def test_the_limits_are_configuration(app, monkeypatch, db_url, tmp_path):
    app.config.update(
        LOGIN_MAX_FAILURES=2, LOGIN_WINDOW=timedelta(minutes=5), LOGIN_LOCKOUT=timedelta(minutes=1)
    )
    client = app.test_client()
    for i in range(2):
        assert web_login(client, "hoidong.tinh", "sai-mat-khau", f"10.4.0.{i}").status_code == 401
    locked = web_login(client, "hoidong.tinh", PASSWORD, "10.4.0.9")
    assert locked.status_code == 429
    assert "2 lần sai trong 5 phút thì tạm khóa 1 phút" in locked.get_data(as_text=True)
    assert int(locked.headers["Retry-After"]) <= 60
    age_failures(app, 2)
    assert web_login(client, "hoidong.tinh", PASSWORD, "10.4.0.9").status_code == 302
    # Read from the environment by the configuration.
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TDKT_LOGIN_MAX_FAILURES", "7")
    monkeypatch.setenv("TDKT_LOGIN_WINDOW_MINUTES", "30")
    monkeypatch.setenv("TDKT_LOGIN_LOCKOUT_MINUTES", "60")
    configured = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "x"})
    try:
        assert configured.config["LOGIN_MAX_FAILURES"] == 7
        assert configured.config["LOGIN_WINDOW"] == timedelta(minutes=30)
        assert configured.config["LOGIN_LOCKOUT"] == timedelta(hours=1)
    finally:
        configured.extensions["tdkt_engine"].dispose()


def test_a_success_resets_the_username_but_not_the_address(app):
    client = app.test_client()
    for i in range(4):
        assert web_login(client, "vanthu.yte", "sai-mat-khau", f"10.5.0.{i}").status_code == 401
    assert web_login(app.test_client(), "vanthu.yte", PASSWORD, "10.5.1.0").status_code == 302
    for i in range(4):
        assert web_login(client, "vanthu.yte", "sai-mat-khau", f"10.5.2.{i}").status_code == 401
    assert web_login(app.test_client(), "vanthu.yte", PASSWORD, "10.5.3.0").status_code == 302
    # The address that failed 4 times and then logged in keeps its 4 failures: one more locks it.
    address = "10.6.0.1"
    for name in ("a.b", "c.d", "e.f", "g.h"):
        assert web_login(app.test_client(), name, "sai-mat-khau", address).status_code == 401
    assert web_login(app.test_client(), "giamdoc.yte", PASSWORD, address).status_code == 302
    assert web_login(app.test_client(), "x.y", "sai-mat-khau", address).status_code == 401
    assert web_login(app.test_client(), "giamdoc.yte", PASSWORD, address).status_code == 429
