"""Reading downloads back: spreadsheets as rows of cell values."""

from __future__ import annotations

import io

from openpyxl import load_workbook


def read_xlsx(response) -> dict[str, list[tuple]]:
    """Sheet name -> rows of cell values, from a download."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    book = load_workbook(io.BytesIO(response.data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def table_rows(rows: list[tuple], first_header: str) -> list[tuple]:
    """The rows under the header row that starts with `first_header` (captions skipped)."""
    for i, row in enumerate(rows):
        if row and row[0] == first_header:
            return rows[i + 1 :]
    raise AssertionError(f"no header {first_header!r} in {rows[:6]}")
