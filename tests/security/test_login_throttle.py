"""Login throttling per account and per account-and-address, with locks that double.

Five wrong guesses at one account from one address lock that account from that address; fifteen
from any addresses lock it from everywhere. An address alone is never locked: behind the
README's reverse proxy every client has the proxy's address, and the right password of an
account nobody attacked must still work from it. The counters are rows in the database, so two
application instances (two workers) count the same failures; the limits are configuration and
the refusal states them, with the time to try again.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from models import LoginAttempt, LoginThrottle
from tests.support.world import PASSWORD
from webapp import create_app
from workflows.directory.users import set_password

TOKEN_URL = "/api/v1/auth/token"
RULE = "5 lần sai trong 15 phút thì tạm khóa 15 phút, lần sau gấp đôi"


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
    """Move every recorded failure and lock `minutes` into the past (instead of waiting)."""
    back = timedelta(minutes=minutes)
    with app.extensions["tdkt_sessions"]() as session:
        for row in session.scalars(select(LoginAttempt)):
            row.at -= back
        for counter in session.scalars(select(LoginThrottle)):
            counter.touched_at -= back
            if counter.since is not None:
                counter.since -= back
            if counter.locked_until is not None:
                counter.locked_until -= back
        session.commit()


def failures(db_value, **where) -> int:
    column, value = next(iter(where.items()))
    return db_value(f"SELECT count(*) FROM login_attempt WHERE {column} = :v", v=value)


def retry_minutes(response) -> int:
    """The wait the refusal names, which must agree with its Retry-After header."""
    text = response.get_data(as_text=True)
    match = re.search(
        r"Hãy thử lại sau (\d\d:\d\d) ngày (\d\d/\d\d/\d{4}) \(khoảng (\d+) phút", text
    )
    assert match, text
    minutes = int(match.group(3))
    assert minutes == -(-int(response.headers["Retry-After"]) // 60)
    return minutes


def test_a_shared_address_does_not_lock_the_accounts_nobody_attacked(app, db_value):
    """The issue's case: five wrong logins at one account from the proxy's address."""
    proxy = "192.0.2.7"
    for i in range(5):
        response = web_login(app.test_client(), "vanthu.cntt", f"sai-mat-khau-{i}", proxy)
        assert response.status_code == 401
    assert failures(db_value, ip=proxy) == 5
    # Another account's right password from the same address still works, by page and API.
    assert web_login(app.test_client(), "chutich.ubnd", PASSWORD, proxy).status_code == 302
    assert api_login(app.test_client(), "giamdoc.tttt", PASSWORD, proxy).status_code == 201
    # The attacked account is delayed, right password or not, with when to try again.
    locked = web_login(app.test_client(), "vanthu.cntt", PASSWORD, proxy)
    assert locked.status_code == 429
    page = locked.get_data(as_text=True)
    assert "Tài khoản này tạm bị khóa đăng nhập" in page and RULE in page
    assert retry_minutes(locked) == 15
    assert 14 * 60 < int(locked.headers["Retry-After"]) <= 15 * 60


def test_the_lock_doubles_each_time_it_comes_back(app, db_value):
    client = app.test_client()
    for _i in range(5):
        assert web_login(client, "vanthu.yte", "sai-mat-khau", "10.7.0.1").status_code == 401
    assert retry_minutes(web_login(client, "vanthu.yte", PASSWORD, "10.7.0.1")) == 15
    # A refusal while locked is not one more failure: the lock does not grow by itself.
    assert failures(db_value, username="vanthu.yte") == 5
    age_failures(app, 16)
    for _i in range(5):
        assert web_login(client, "vanthu.yte", "sai-mat-khau", "10.7.0.1").status_code == 401
    assert retry_minutes(web_login(client, "vanthu.yte", PASSWORD, "10.7.0.1")) == 30
    age_failures(app, 31)
    for _i in range(5):
        assert web_login(client, "vanthu.yte", "sai-mat-khau", "10.7.0.1").status_code == 401
    assert retry_minutes(web_login(client, "vanthu.yte", PASSWORD, "10.7.0.1")) == 60
    # After the lock the right password works, and a success starts that address over.
    age_failures(app, 61)
    assert web_login(client, "vanthu.yte", PASSWORD, "10.7.0.1").status_code == 302
    assert db_value("SELECT count(*) FROM login_throttle WHERE ip = '10.7.0.1'") == 0


def test_failures_from_many_addresses_lock_the_account_everywhere(app, client, db_value):
    for i in range(14):
        response = web_login(client, "vanthu.cntt", f"sai-mat-khau-{i}", f"10.0.0.{i}")
        assert response.status_code == 401
    # Fewer than five per address, fewer than fifteen in all: not locked anywhere.
    assert web_login(app.test_client(), "vanthu.cntt", PASSWORD, "10.0.1.1").status_code == 302
    # The success gave back its own guess only: one more failure makes fifteen.
    assert web_login(client, "vanthu.cntt", "sai-mat-khau-x", "10.0.0.99").status_code == 401
    locked = web_login(client, "vanthu.cntt", PASSWORD, "10.0.1.2")
    assert locked.status_code == 429
    assert retry_minutes(locked) == 15
    assert client.get("/").status_code == 302  # not logged in
    # Other accounts from those addresses are not affected.
    assert web_login(app.test_client(), "truongphong.cntt", PASSWORD, "10.0.0.1").status_code == 302
    age_failures(app, 16)
    assert web_login(client, "vanthu.cntt", PASSWORD, "10.0.1.1").status_code == 302


def test_spraying_one_guess_at_many_accounts_locks_none_of_them(app):
    names = ["vanthu.cntt", "khong.ai.ca", "giamdoc.tttt", "hoidong.tttt", "nguoi.la", "x.y"]
    for name in names:
        assert web_login(app.test_client(), name, "sai-mat-khau-1", "192.0.2.8").status_code == 401
    for name in ("vanthu.cntt", "giamdoc.tttt", "chutich.ubnd"):
        assert web_login(app.test_client(), name, PASSWORD, "192.0.2.8").status_code == 302


def test_failures_spread_wider_than_the_window_do_not_lock(app):
    client = app.test_client()
    for _i in range(4):
        assert web_login(client, "vanthu.cntt", "sai-mat-khau-1", "10.1.0.1").status_code == 401
    age_failures(app, 16)
    assert web_login(client, "vanthu.cntt", "sai-mat-khau-2", "10.1.0.1").status_code == 401
    assert web_login(client, "vanthu.cntt", PASSWORD, "10.1.0.1").status_code == 302


def test_the_api_token_endpoint_shares_the_count_and_the_lock(app, db_value):
    client = app.test_client()
    for _ in range(3):
        assert web_login(client, "giamdoc.tttt", "sai-mat-khau-1", "10.2.0.1").status_code == 401
    for _ in range(2):
        response = api_login(client, "giamdoc.tttt", "sai-mat-khau-1", "10.2.0.1")
        assert response.status_code == 401
    locked = api_login(client, "giamdoc.tttt", PASSWORD, "10.2.0.1")
    assert locked.status_code == 429
    body = locked.get_json()
    assert body["error"] == 429 and RULE in body["message"]
    assert "Hãy thử lại sau" in body["message"]
    assert body["code"] == "login_locked"
    assert int(locked.headers["Retry-After"]) > 0
    assert db_value("SELECT count(*) FROM api_token") == 0
    assert web_login(client, "giamdoc.tttt", PASSWORD, "10.2.0.1").status_code == 429
    assert api_login(client, "giamdoc.tttt", PASSWORD, "10.2.2.2").status_code == 201


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
            response = web_login(workers[i % 2], "thuongtruc.tttt", "sai-1", "10.3.0.1")
            assert response.status_code == 401
        for worker in workers:
            assert web_login(worker, "thuongtruc.tttt", PASSWORD, "10.3.0.1").status_code == 429
    finally:
        second.extensions["tdkt_engine"].dispose()


def test_the_limits_are_configuration(app, monkeypatch, db_url, tmp_path):
    app.config.update(
        LOGIN_MAX_FAILURES=2, LOGIN_WINDOW=timedelta(minutes=5), LOGIN_LOCKOUT=timedelta(minutes=1)
    )
    client = app.test_client()
    for _i in range(2):
        assert web_login(client, "hoidong.tinh", "sai-mat-khau", "10.4.0.9").status_code == 401
    locked = web_login(client, "hoidong.tinh", PASSWORD, "10.4.0.9")
    assert locked.status_code == 429
    assert "2 lần sai trong 5 phút thì tạm khóa 1 phút, lần sau gấp đôi" in locked.get_data(
        as_text=True
    )
    assert int(locked.headers["Retry-After"]) <= 60
    age_failures(app, 2)
    assert web_login(client, "hoidong.tinh", PASSWORD, "10.4.0.9").status_code == 302
    # Read from the environment by the configuration.
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TDKT_LOGIN_MAX_FAILURES", "7")
    monkeypatch.setenv("TDKT_LOGIN_WINDOW_MINUTES", "30")
    monkeypatch.setenv("TDKT_LOGIN_LOCKOUT_MINUTES", "60")
    monkeypatch.setenv("TDKT_LOGIN_ACCOUNT_MAX_FAILURES", "20")
    monkeypatch.setenv("TDKT_LOGIN_MAX_LOCKOUT_HOURS", "6")
    configured = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "x"})
    try:
        assert configured.config["LOGIN_MAX_FAILURES"] == 7
        assert configured.config["LOGIN_WINDOW"] == timedelta(minutes=30)
        assert configured.config["LOGIN_LOCKOUT"] == timedelta(hours=1)
        assert configured.config["LOGIN_ACCOUNT_MAX_FAILURES"] == 20
        assert configured.config["LOGIN_MAX_LOCKOUT"] == timedelta(hours=6)
    finally:
        configured.extensions["tdkt_engine"].dispose()


def test_a_new_password_forgets_the_locks(app, db_value):
    for _ in range(5):
        assert web_login(app.test_client(), "vanthu.yte", "sai", "10.5.0.1").status_code == 401
    assert web_login(app.test_client(), "vanthu.yte", PASSWORD, "10.5.0.1").status_code == 429
    with app.extensions["tdkt_sessions"]() as session:
        set_password(session, "vanthu.yte", "mot-mat-khau-moi-dai")
        session.commit()
    assert db_value("SELECT count(*) FROM login_throttle WHERE username = 'vanthu.yte'") == 0
    response = web_login(app.test_client(), "vanthu.yte", "mot-mat-khau-moi-dai", "10.5.0.1")
    assert response.status_code == 302


def test_counters_nobody_touched_for_days_are_forgotten(app, db_value):
    for _ in range(5):
        assert web_login(app.test_client(), "vanthu.yte", "sai", "10.8.0.1").status_code == 401
    assert db_value("SELECT count(*) FROM login_throttle WHERE username = 'vanthu.yte'") == 2
    age_failures(app, 3 * 24 * 60)
    assert web_login(app.test_client(), "nguoi.khac", "sai", "10.8.0.2").status_code == 401
    assert db_value("SELECT count(*) FROM login_throttle WHERE username = 'vanthu.yte'") == 0
    assert db_value("SELECT count(*) FROM login_attempt WHERE username = 'vanthu.yte'") == 0
    assert db_value("SELECT count(*) FROM login_throttle WHERE username = 'nguoi.khac'") == 2
