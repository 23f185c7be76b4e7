"""Certificates and the bonus report from a real server started as `make run` starts it
(gunicorn with the repository's gunicorn.conf.py), through API v1 with a bearer token, on a
database holding the merger world with its decisions' money."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.support.bonuses import record_merger_decisions
from tests.support.live_web import bearer as token
from tests.support.live_web import fetch, live_server, web_login
from tests.support.merger import A1_OLD, A_NAME, build


@pytest.fixture(scope="module")
def server(databases, template_db, tmp_path_factory):
    ids: dict[str, int] = {}

    def prepare(session):
        ids.update(record_merger_decisions(session, build(session)))

    with live_server(
        databases, template_db, tmp_path_factory.mktemp("certificates"), prepare=prepare
    ) as live:
        yield live, ids


def test_a_certificate_and_the_money_downloaded_from_the_running_server(server):
    live, ids = server
    board = token(live, "theodoi.btdkt")
    response, content = fetch(
        live, "GET", f"/api/v1/proposals/{ids['a1_before']}/certificates.pdf", headers=board
    )
    assert response.status == 200, content[:300]
    assert response.getheader("Content-Type") == "application/pdf"
    texts = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages]
    assert len(texts) == 2  # a1_before granted two persons
    # decided on 10/2/2025 by Sở A, before its unit was renamed and moved under Sở B
    assert f"{A1_OLD}, {A_NAME}" in texts[0]
    assert "LAO ĐỘNG TIÊN TIẾN" in texts[0] and "ngày 10/02/2025" in texts[0]

    response, content = fetch(live, "GET", "/api/v1/reports/bonuses?year=2025&rollup=0",
                              headers=board)  # fmt: skip
    lines = json.loads(content)["years"][0]["lines"]
    # 2 × (0.3 × 2,340,000 = 702,000 → 710,000) = 1,420,000
    assert {(x["department"], x["award_code"]): x["amount"] for x in lines}[
        (A_NAME, "LDTT")
    ] == 1_420_000


def test_a_document_and_a_spreadsheet_downloaded_from_the_running_server(server):
    # python-docx, docxtpl and openpyxl are imported by these requests only (issue 19): the
    # first download in a worker that started without them must still work.
    live, ids = server
    cookie = {"Cookie": web_login(live, "theodoi.btdkt")}
    response, content = fetch(
        live, "GET", f"/proposals/{ids['a1_before']}/documents/quyet_dinh.docx", headers=cookie
    )
    assert response.status == 200, content[:300]
    lines = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert "QUYẾT ĐỊNH" in lines

    response, content = fetch(live, "GET", "/board/export.xlsx?year=2025", headers=cookie)
    assert response.status == 200, content[:300]
    sheet = load_workbook(io.BytesIO(content))["Danh sách hồ sơ"]
    assert any(row[0] == ids["a1_before"] for row in sheet.iter_rows(values_only=True))
