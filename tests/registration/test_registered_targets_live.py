"""Targets against reality from a real server started as `make run` starts it: the page (both
modes), its .xlsx and the API, on the hand-worked world of test_registered_targets."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from tests.registration.test_registered_targets import build
from tests.support import merger
from tests.support.accounts import PASSWORD
from tests.support.live_web import fetch, live_server, web_login
from tests.support.spreadsheets import table_rows

ROLLED = f"{merger.B_NAME}, gồm cả {merger.A_NAME} trước đây"


@pytest.fixture(scope="module")
def server(databases, template_db, tmp_path_factory):
    with live_server(
        databases, template_db, tmp_path_factory.mktemp("targets"), prepare=build
    ) as live:
        yield live


def _api(server, path: str) -> dict:
    body = json.dumps({"username": "theodoi.btdkt", "password": PASSWORD})
    response, content = fetch(
        server, "POST", "/api/v1/auth/token", body, {"Content-Type": "application/json"}
    )
    assert response.status == 201, content[:300]
    token = json.loads(content)["token"]
    response, content = fetch(server, "GET", path, headers={"Authorization": f"Bearer {token}"})
    assert response.status == 200, content[:300]
    return json.loads(content)


def test_page_spreadsheet_and_api_give_the_hand_worked_counts(server):
    movements = _api(server, "/api/v1/movements")
    movement_id = next(m["id"] for m in movements if m["code"] == merger.MOVEMENT)
    body = _api(server, f"/api/v1/movements/{movement_id}/targets?rollup=0")
    [line] = body["total"]["targets"]
    assert (line["registered"], line["proposed"], line["awarded"]) == (
        {"count": 7, "base": 30, "percent": 23.3},
        {"count": 8, "base": 30, "percent": 26.7},
        {"count": 6, "base": 30, "percent": 20.0},
    )
    assert (line["required"], line["met"]) == (5, True)
    recorded = {g["name"]: g["targets"][0]["registered"]["count"] for g in body["departments"]}
    assert recorded == {merger.A_NAME: 5, merger.B_NAME: 2}
    rolled = _api(server, f"/api/v1/movements/{movement_id}/targets")
    assert [g["name"] for g in rolled["departments"]] == [ROLLED]

    cookie = web_login(server, "theodoi.btdkt")
    response, page = fetch(
        server, "GET", f"/dashboard/movements/{movement_id}/targets", headers={"Cookie": cookie}
    )
    html = page.decode()
    assert response.status == 200 and 'id="targets-reality"' in html
    assert ROLLED in html and "23.3 %" in html and "26.7 %" in html
    response, content = fetch(
        server,
        "GET",
        f"/dashboard/movements/{movement_id}/targets.xlsx?rollup=0",
        headers={"Cookie": cookie},
    )
    assert response.status == 200
    sheet = load_workbook(io.BytesIO(content)).active
    rows = table_rows(list(sheet.iter_rows(values_only=True)), "Phạm vi")
    by_scope = {row[0]: row for row in rows}
    # scope, target, value, needed, registered, %, proposed, %, awarded, %, base
    assert by_scope[merger.A1_NEW][3:] == (2, 5, 50, 3, 30, 3, 30, 10)
    assert by_scope[merger.B_NAME][3:] == (3, 2, 10, 5, 25, 3, 15, 20)
