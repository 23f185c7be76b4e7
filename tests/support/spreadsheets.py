"""Reading downloads back: spreadsheets as rows of cell values."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook, load_workbook


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


#: what the zip bomb inflates to, in MB (the adversarial test's was 285 MB from 0.69 MB)
INFLATED_MB = 285
_BOMB_HEADER = ["Mã cán bộ", "Họ và tên", "Đơn vị", "Năm", "Xếp loại"]


def small_xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A real workbook whose sheet holds one cell of 285 MB of the same letter: the header
    row is an ordinary one, so only the size gives it away."""
    plain = zipfile.ZipFile(io.BytesIO(small_xlsx([_BOMB_HEADER])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in plain.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info.filename, plain.read(info.filename))
                continue
            sheet = plain.read(info.filename).decode()
            head, tail = sheet.split("</sheetData>")
            cell = '<row r="2"><c r="A2" t="inlineStr"><is><t>'
            with bomb.open(info.filename, "w", force_zip64=True) as part:
                part.write((head + cell).encode())
                block = b"a" * (1024 * 1024)
                for _ in range(INFLATED_MB):
                    part.write(block)
                part.write(("</t></is></c></row></sheetData>" + tail).encode())
    return out.getvalue()
