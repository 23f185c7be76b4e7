"""Reading an import file (.xlsx or .csv) into a header and numbered rows, and finding the columns
by the header spellings users write (workflows.history.importer checks and writes the rows).

An .xlsx is a zip: 0.7 MB of it can inflate to hundreds of MB (a zip bomb held a worker at
1.4 GB). So before openpyxl sees it, the archive's entries, their declared sizes and the bytes
they actually inflate to are bounded; openpyxl then reads in streaming mode (read_only), and
rows and cells are counted as they come.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

from workflows.errors import N_, ValidationFailed
from workflows.search_text import fold

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
#: cells read (empty ones included: a sheet may declare itself 16,384 columns wide)
MAX_CELLS = 500_000
#: what the parts of an .xlsx may inflate to, together: a full import of MAX_ROWS rows of ten
#: columns is about 10 MB of XML
MAX_INFLATED = 40 * 1024 * 1024
MAX_ZIP_ENTRIES = 1_000
_CHUNK = 1024 * 1024

#: header (folded, punctuation as spaces) → field; a few spellings users write
HISTORY_HEADERS = {
    "staff_code": ("ma can bo", "ma cb", "ma nhan vien", "ma cong chuc", "ma vien chuc"),
    "name": ("ho va ten", "ho ten", "ho va ten ten tap the", "ho ten ten tap the", "ten"),
    "collective": ("ten tap the", "tap the"),
    "unit": ("don vi", "ma don vi", "don vi cong tac"),
    "year": ("nam", "nam danh gia", "nam xet"),
    "rating": ("xep loai", "xep loai muc do hoan thanh nhiem vu", "muc do hoan thanh nhiem vu"),
    "award": ("danh hieu hinh thuc", "danh hieu", "hinh thuc", "danh hieu hinh thuc khen thuong"),
    "decision_no": ("so quyet dinh", "so qd"),
    "decision_date": ("ngay quyet dinh", "ngay qd", "ngay ky"),
    "disciplined": ("ky luat", "bi ky luat"),
    "under_review": ("dang xem xet ky luat thanh tra khieu nai", "dang xem xet ky luat"),
    # the person's facts the criteria read (workflows.history.person_facts); optional columns
    "recruited_on": ("ngay tuyen dung", "ngay vao co quan", "ngay bat dau cong tac"),
    "job_title": ("chuc vu", "chuc danh", "chuc vu chuc danh"),
    "is_leader": ("lanh dao", "la lanh dao", "lanh dao quan ly"),
    "gender": ("gioi tinh",),
    "task_group": ("nhom nhiem vu", "nhom nhiem vu tuong dong"),
    # a move to the row's unit (workflows.history.moves); optional columns
    "moved_on": ("ngay chuyen don vi", "ngay chuyen den", "ngay chuyen cong tac", "ngay chuyen"),
    "moved_from": ("chuyen tu don vi", "don vi cu", "chuyen tu"),
}
INITIATIVE_HEADERS = {
    "title": ("ten sang kien", "sang kien"),
    "author": ("tac gia", "tac gia ma can bo hoac ho ten", "tac gia ma can bo ho ten"),
    "unit": ("don vi", "ma don vi"),
    "year": ("nam cong nhan", "nam"),
    "decision_no": ("so quyet dinh", "so qd", "so quyet dinh cong nhan"),
    "recognised_on": ("ngay cong nhan", "ngay quyet dinh"),
    "scope": ("pham vi", "pham vi anh huong"),
}
REQUIRED = {
    "history": ("unit", "year"),
    "initiatives": ("title", "unit", "year", "decision_no", "recognised_on"),
}
FIELD_LABELS = {
    "staff_code": "Mã cán bộ",
    "name": "Họ và tên",
    "collective": "Tên tập thể",
    "unit": "Đơn vị",
    "year": "Năm",
    "rating": "Xếp loại",
    "award": "Danh hiệu/Hình thức",
    "decision_no": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "disciplined": "Kỷ luật",
    "under_review": "Đang xem xét kỷ luật/thanh tra/khiếu nại",
    "recruited_on": "Ngày tuyển dụng",
    "job_title": "Chức vụ",
    "is_leader": "Lãnh đạo",
    "gender": "Giới tính",
    "task_group": "Nhóm nhiệm vụ tương đồng",
    "moved_on": "Ngày chuyển đơn vị",
    "moved_from": "Chuyển từ đơn vị",
    "title": "Tên sáng kiến",
    "author": "Tác giả",
    "recognised_on": "Ngày công nhận",
    "scope": "Phạm vi",
}


def key(text: object) -> str:
    """A header or a word as compared: folded (no marks, lower case), punctuation as spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(text or ""))).split())


def read_table(filename: str, data: bytes, kind: str) -> tuple[list[str], list[tuple[int, list]]]:
    """Headers and numbered rows of the file; ValidationFailed when it cannot be read."""
    if len(data) > MAX_BYTES:
        wrong = N_("Tệp lớn quá %(mb)s MB", mb=MAX_BYTES // (1024 * 1024))
        raise ValidationFailed("import_file_too_large", {"file": wrong})
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        tables = _xlsx_tables(data)
    elif name.endswith(".csv"):
        tables = [_csv_table(data)]
    else:
        raise ValidationFailed("import_file_type", {"file": N_("Chỉ nhận tệp .xlsx hoặc .csv")})
    headers_of = HISTORY_HEADERS if kind == "history" else INITIATIVE_HEADERS
    # A workbook may hold both kinds, one per sheet: take the first sheet with this kind's columns.
    for rows in tables:
        if not rows:
            continue
        header = [str(c or "") for c in rows[0][1]]
        found = columns(header, headers_of)
        if all(f in found for f in REQUIRED[kind]):
            return header, rows[1:]
    missing = ", ".join(FIELD_LABELS[f] for f in REQUIRED[kind])
    wrong = N_("Không tìm thấy dòng tiêu đề có các cột: %(columns)s", columns=missing)
    raise ValidationFailed("import_header_missing", {"file": wrong})


def check_inflated_size(data: bytes) -> None:
    """Refuse a zip whose parts, declared or actually inflated, exceed MAX_INFLATED together.

    The declared sizes are checked first (nothing inflated); the actual bytes are then counted
    chunk by chunk, stopping at the limit, so a lying header costs at most MAX_INFLATED.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise _too_inflated()
            if sum(entry.file_size for entry in entries) > MAX_INFLATED:
                raise _too_inflated()
            inflated = 0
            for entry in entries:
                with archive.open(entry) as part:
                    while chunk := part.read(_CHUNK):
                        inflated += len(chunk)
                        if inflated > MAX_INFLATED:
                            raise _too_inflated()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _unreadable() from exc


def _too_inflated() -> ValidationFailed:
    wrong = N_(
        "Tệp .xlsx giải nén ra quá %(mb)s MB (tệp nén bất thường); hãy lưu lại bảng tính hoặc "
        "chia nhỏ tệp",
        mb=MAX_INFLATED // (1024 * 1024),
    )
    return ValidationFailed("import_file_too_large", {"file": wrong})


def _unreadable() -> ValidationFailed:
    wrong = N_("Không đọc được tệp .xlsx (tệp hỏng hoặc sai định dạng)")
    return ValidationFailed("import_file_unreadable", {"file": wrong})


def _xlsx_tables(data: bytes) -> list[list[tuple[int, list]]]:
    from openpyxl import load_workbook

    check_inflated_size(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise _unreadable() from exc
    tables = []
    cells = 0
    try:
        for sheet in book.worksheets:
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells += len(values)
                if number > MAX_ROWS + 1:
                    raise _too_many_rows()
                if cells > MAX_CELLS:
                    wrong = N_("Tệp có quá %(max)s ô", max=MAX_CELLS)
                    raise ValidationFailed("import_too_many_cells", {"file": wrong})
                if any(v not in (None, "") for v in values):
                    rows.append((number, list(values)))
            tables.append(rows)
    finally:
        book.close()
    return tables


def _csv_table(data: bytes) -> list[tuple[int, list]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        wrong = N_("Tệp .csv phải mã hóa UTF-8")
        raise ValidationFailed("import_csv_not_utf8", {"file": wrong}) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = []
    for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if number > MAX_ROWS + 1:
            raise _too_many_rows()
        if any(v.strip() for v in values):
            rows.append((number, values))
    return rows


def _too_many_rows() -> ValidationFailed:
    wrong = N_("Tệp có quá %(max)s dòng", max=MAX_ROWS)
    return ValidationFailed("import_too_many_rows", {"file": wrong})


def columns(header: list[str], headers_of: dict[str, tuple[str, ...]]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        folded = key(title)
        for name, aliases in headers_of.items():
            if name not in columns and (folded in aliases or folded.startswith("dang xem xet")):
                if folded.startswith("dang xem xet") and name != "under_review":
                    continue
                columns[name] = index
                break
    return columns
