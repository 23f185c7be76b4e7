"""The dashboard and its export in both modes, from a real server started as `make run`
starts it (gunicorn with the repository's gunicorn.conf.py), on a database holding a merger."""

from __future__ import annotations

import http.client
import io
import re
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from models.database import make_engine, make_session_factory
from scripts.liveserver import LiveServer
from tests.support.accounts import PASSWORD
from tests.support.merger import A_NAME, A_SHORT, B_NAME, B_SHORT, build
from tests.support.spreadsheets import table_rows

ROLLED = f"{B_NAME}, gồm cả {A_NAME} trước đây"


@pytest.fixture(scope="module")
def server(databases, template_db, tmp_path_factory):
    url = databases.create(template=template_db)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        build(session)
        session.commit()
    engine.dispose()
    live = LiveServer(url, tmp_path_factory.mktemp("asof"), workers=1, threads=2)
    live.start()
    yield live
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


def login(server, username: str) -> str:
    response, page = fetch(server, "GET", "/login")
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
    form = urlencode({"username": username, "password": PASSWORD, "csrf_token": token})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    response, _ = fetch(server, "POST", "/login", form, headers)
    assert response.status == 302, response.status
    return response.getheader("Set-Cookie").split(";", 1)[0]


def departments(server, cookie: str, rollup: int) -> dict[str, int]:
    response, content = fetch(
        server,
        "GET",
        f"/dashboard/export.xlsx?year=2025&rollup={rollup}",
        headers={"Cookie": cookie},
    )
    assert response.status == 200, response.status
    sheet = load_workbook(io.BytesIO(content))["Theo sở, ban, ngành"]
    rows = table_rows(list(sheet.iter_rows(values_only=True)), "Sở, ban, ngành")
    return {row[0]: row[1] for row in rows}


def test_dashboard_and_export_rolled_up_and_as_recorded(server):
    cookie = login(server, "theodoi.btdkt")
    response, page = fetch(
        server, "GET", "/dashboard/?year=2025&rollup=1", headers={"Cookie": cookie}
    )
    assert response.status == 200
    assert f"{B_SHORT}, gồm cả {A_SHORT} trước đây" in page.decode()

    recorded, rolled = departments(server, cookie, 0), departments(server, cookie, 1)
    assert (recorded[A_NAME], recorded[B_NAME]) == (1, 3)
    assert rolled[ROLLED] == 4 and A_NAME not in rolled
    assert sum(rolled.values()) == sum(recorded.values())
