"""Control characters (issue 15, item 2): refused in every text field with a message naming the
field (web form, API, step forms, history import); newline and tab only where a field has
several lines. A value stored before the rule never makes an export answer 500."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text

from tests.support.spreadsheets import read_xlsx, table_rows
from workflows.history import importer

BAD = ["a\x01b", "x\x1b[31m", "\x7f", "c\x85d", "e\x0bf"]


@pytest.mark.parametrize("bad", BAD)
def test_the_api_refuses_them_naming_the_field(api, bad):
    nominator = api("vanthu.cntt")
    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": f"Đề nghị {bad}",
        "summary": "Tóm tắt",
        "nominees": [{"name": "Nguyễn Văn An", "job_title": f"Chuyên viên {bad}"}],
    }
    response = nominator.post("/proposals", json=body)
    assert response.status_code == 400, response.get_json()
    fields = response.get_json()["fields"]
    assert set(fields) == {"title", "nominees[0].job_title"}
    assert "ký tự điều khiển" in fields["title"]
    assert "U+00" in fields["title"]


def test_line_ends_and_tabs_are_kept_where_a_field_has_lines(api):
    nominator = api("vanthu.cntt")
    summary = "Dòng 1\r\nDòng 2\tcột"
    proposal_id = nominator.file("LDTT", summary=summary)
    assert nominator.ok("GET", f"/proposals/{proposal_id}")["summary"] == summary
    # …but a title is one line
    response = nominator.post("/proposals", json={**_body(), "title": "Dòng 1\nDòng 2"})
    assert response.status_code == 400
    assert "U+000A" in response.get_json()["fields"]["title"]


def _body():
    return {
        "award_code": "LDTT",
        "year": 2025,
        "title": "Đề nghị",
        "summary": "Tóm tắt",
        "nominees": [{"name": "Nguyễn Văn An"}],
    }


def test_the_web_form_refuses_them_naming_the_field(login_as, session):
    before = session.scalar(text("SELECT count(*) FROM proposal"))
    response = login_as("vanthu.cntt").post(
        "/proposals/new",
        data={
            "award_code": "LDTT",
            "year": "2025",
            "title": "Đề nghị \x01",
            "summary": "Tóm tắt",
            "nominees-0-name": "Nguyễn Văn An",
            "save": "1",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code in (200, 400)
    assert "Tiêu đề hồ sơ có ký tự điều khiển không được phép (U+0001)" in page
    assert session.scalar(text("SELECT count(*) FROM proposal")) == before


def test_the_history_import_refuses_the_row_naming_the_column(session):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Mã cán bộ", "Họ và tên", "Đơn vị", "Năm", "Xếp loại"])
    writer.writerow(["CC-001", "Nguyễn\x01 Văn", "sotttt-cntt", "2022", "HTTNV"])
    writer.writerow(["CC-002", "Trần Văn Tốt", "sotttt-cntt", "2022", "HTTNV"])
    report = importer.import_file(
        session,
        filename="ls.csv",
        data=out.getvalue().encode(),
        kind="history",
        org_ids=[session.scalar(text("SELECT id FROM organisation WHERE code = 'sotttt-cntt'"))],
    )
    assert report.accepted == [3]
    [(number, reason)] = report.rejected
    assert number == 2
    assert "Họ và tên: có ký tự điều khiển không được phép (U+0001)" in reason


def test_exports_survive_a_control_character_already_stored(api, login_as, app):
    proposal_id = api("vanthu.cntt").file("LDTT", title="Đề nghị sạch")
    # Written behind the checks' back, as a row stored before them would be.
    with app.extensions["tdkt_engine"].begin() as conn:
        conn.execute(
            text("UPDATE proposal SET title = :t WHERE id = :id"),
            {"t": "Đề nghị\x01 hỏng", "id": proposal_id},
        )
    board = login_as("theodoi.btdkt")
    rows = read_xlsx(board.get("/board/export.xlsx"))["Danh sách hồ sơ"]
    titles = {row[0]: row[1] for row in table_rows(rows, "Số hồ sơ")}
    assert titles[proposal_id] == "Đề nghị\ufffd hỏng"
    assert board.get("/dashboard/export.xlsx").status_code == 200
