"""A real server on a copy of the test template, and the web pages spoken to by hand: plain
HTTP requests, the session cookie carried by hand (it may be Secure: the tests speak plain
HTTP). Shared by the live tests that read pages and spreadsheets rather than the API."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from models.database import make_engine, make_session_factory
from scripts.liveserver import LiveServer
from tests.support.accounts import PASSWORD


@contextmanager
def live_server(
    databases,
    template_db,
    data_dir: Path,
    *,
    env: dict[str, str] | None = None,
    prepare: Callable | None = None,
) -> Iterator[LiveServer]:
    """gunicorn as `make run` starts it, one worker, on a fresh copy of the template;
    `prepare(session)` writes what the module needs first (committed before the start)."""
    url = databases.create(template=template_db)
    if prepare is not None:
        engine = make_engine(url)
        with make_session_factory(engine)() as session:
            prepare(session)
            session.commit()
        engine.dispose()
    live = LiveServer(url, data_dir, workers=1, threads=2, env=env)
    live.start()
    try:
        yield live
    finally:
        live.stop()
        databases.drop(url)


def fetch(server, method: str, path: str, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def web_login(server, username: str) -> str:
    """The session cookie after logging in through the login page."""
    response, page = fetch(server, "GET", "/login")
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
    form = urlencode({"username": username, "password": PASSWORD, "csrf_token": token})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    response, _ = fetch(server, "POST", "/login", form, headers)
    assert response.status == 302, response.status
    return response.getheader("Set-Cookie").split(";", 1)[0]


def bearer(server, username: str) -> dict[str, str]:
    """The Authorization header of an API token issued by the server to `username`."""
    body = json.dumps({"username": username, "password": PASSWORD})
    response, content = fetch(
        server, "POST", "/api/v1/auth/token", body, {"Content-Type": "application/json"}
    )
    assert response.status == 201, content
    return {"Authorization": f"Bearer {json.loads(content)['token']}"}
