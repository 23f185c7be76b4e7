"""A logout, a new password and a disable end every web session of the account, everywhere.

Sessions are signed cookies; each carries the account's session epoch (User.get_id), which
those three raise. A copied cookie (another tab, another device, a stolen one) then stops
working on every worker, with nothing kept in any worker's memory.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from models import User
from scripts.liveserver import LiveServer
from tests.support.world import PASSWORD
from webapp.cli import main

ROOT = Path(__file__).resolve().parents[2]
NEW_PASSWORD = "mot-mat-khau-moi-dai"


def logged_in(app, username: str = "vanthu.cntt"):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def copy_of(app, client):
    """A second browser holding the same session cookie."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def signed_in(client) -> bool:
    response = client.get("/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


@pytest.fixture
def cli(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TDKT_DATABASE_URL", db_url)
    runner = CliRunner()

    def run(*args, input=None):
        result = runner.invoke(main, list(args), input=input, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_a_copied_cookie_stops_working_after_logout(app):
    browser = logged_in(app)
    copied = copy_of(app, browser)
    elsewhere = logged_in(app)  # the same account on another device
    assert signed_in(copied) and signed_in(elsewhere)
    assert browser.post("/logout").status_code == 302
    assert not signed_in(browser)
    assert not signed_in(copied)
    assert not signed_in(elsewhere)
    # Other accounts' sessions are untouched, and the account can log in again.
    other = logged_in(app, "truongphong.cntt")
    assert signed_in(other)
    assert signed_in(logged_in(app))
    assert signed_in(other)


def test_a_copied_cookie_stops_working_after_a_new_password(app, cli):
    browser = logged_in(app)
    copied = copy_of(app, browser)
    token = app.test_client().post(
        "/api/v1/auth/token", json={"username": "vanthu.cntt", "password": PASSWORD}
    )
    assert token.status_code == 201
    output = cli("users", "passwd", "vanthu.cntt", input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert "mọi phiên đăng nhập đã kết thúc" in output
    assert not signed_in(copied)
    assert not signed_in(browser)
    bearer = {"Authorization": f"Bearer {token.get_json()['token']}"}
    assert app.test_client().get("/api/v1/me", headers=bearer).status_code == 401
    client = app.test_client()
    client.post("/login", data={"username": "vanthu.cntt", "password": NEW_PASSWORD})
    assert signed_in(client)


def test_a_copied_cookie_stops_working_after_a_disable_and_stays_dead_after_enable(
    app, cli, session
):
    browser = logged_in(app)
    copied = copy_of(app, browser)
    assert "Đã vô hiệu hóa tài khoản vanthu.cntt" in cli("users", "disable", "vanthu.cntt")
    assert not signed_in(copied)
    refused = app.test_client().post(
        "/login", data={"username": "vanthu.cntt", "password": PASSWORD}
    )
    assert refused.status_code == 401
    cli("users", "enable", "vanthu.cntt")
    # Enabled again, the account logs in anew; the cookies of before stay ended.
    assert not signed_in(copied)
    assert not signed_in(browser)
    assert signed_in(logged_in(app))


def test_disable_of_an_unknown_account_names_it(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TDKT_DATABASE_URL", db_url)
    result = CliRunner().invoke(main, ["users", "disable", "khong.co.ai"])
    assert result.exit_code != 0 and "Không có tài khoản 'khong.co.ai'" in result.output


@pytest.mark.parametrize("value", ["1", "1:", ":0", "1:x", "1:²", "99999999999999999999:0", ""])
def test_a_forged_session_id_is_no_session(app, session, value):
    """An old cookie ("<id>" alone) or a forged one is logged out, never a 500."""
    user = session.query(User).filter_by(username="vanthu.cntt").one()
    assert user.get_id() == f"{user.id}:0"
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = value.replace("1", str(user.id), 1) if value[:1] == "1" else value
        cookie["_fresh"] = True
    assert not signed_in(client)


class Browser:
    """Just enough of a browser for a real server: cookies and the login form's CSRF token."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            text = response.read().decode()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _eq, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            conn.close()

    def log_in(self, username: str, password: str) -> None:
        _status, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, page
        form = {"csrf_token": token.group(1), "username": username, "password": password}
        status, _page = self.request("POST", "/login", form)
        assert status == 302

    def signed_in(self) -> bool:
        return self.request("GET", "/")[0] == 200


@pytest.mark.slow
def test_a_new_password_ends_the_sessions_on_every_worker_of_a_real_server(db_url, tmp_path):
    """gunicorn with three workers as the README starts it; `tdkt users passwd` in a shell."""
    server = LiveServer(db_url, tmp_path / "server", workers=3, threads=2).start()
    try:
        browser = Browser(server.port)
        browser.log_in("giamdoc.tttt", PASSWORD)
        copied = Browser(server.port)
        copied.cookies = dict(browser.cookies)
        # Several requests, so that more than one worker has served the session.
        assert all(copied.signed_in() for _ in range(6))
        env = {**os.environ, "TDKT_DATABASE_URL": db_url, "TDKT_DATA_DIR": str(tmp_path)}
        done = subprocess.run(
            [Path(sys.executable).parent / "tdkt", "users", "passwd", "giamdoc.tttt"],
            input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert not any(copied.signed_in() for _ in range(6))
        assert not browser.signed_in()
    finally:
        server.stop()
