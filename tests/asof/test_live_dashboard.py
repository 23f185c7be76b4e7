"""The dashboard and its export in both modes, from a real server started as `make run`
starts it (gunicorn with the repository's gunicorn.conf.py), on a database holding a merger."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.support.live_web import fetch, live_server, web_login
from tests.support.merger import A_NAME, A_SHORT, B_NAME, B_SHORT, build
from tests.support.spreadsheets import table_rows

ROLLED = f"{B_NAME}, gồm cả {A_NAME} trước đây"


@pytest.fixture(scope="module")
def server(databases, template_db, tmp_path_factory):
    with live_server(
        databases, template_db, tmp_path_factory.mktemp("asof"), prepare=build
    ) as live:
        yield live


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
    cookie = web_login(server, "theodoi.btdkt")
    response, page = fetch(
        server, "GET", "/dashboard/?year=2025&rollup=1", headers={"Cookie": cookie}
    )
    assert response.status == 200
    assert f"{B_SHORT}, gồm cả {A_SHORT} trước đây" in page.decode()

    recorded, rolled = departments(server, cookie, 0), departments(server, cookie, 1)
    assert (recorded[A_NAME], recorded[B_NAME]) == (1, 3)
    assert rolled[ROLLED] == 4 and A_NAME not in rolled
    assert sum(rolled.values()) == sum(recorded.values())
