"""An import's report in the reader's language: the summary and every refused row's reason,
on the page and through API v1 (each reason a catalogue message, not a Vietnamese string)."""

from __future__ import annotations

import io

CSV = (
    "Mã cán bộ;Họ và tên;Đơn vị;Năm;Xếp loại;Danh hiệu/Hình thức;Số quyết định;Ngày quyết định\n"
    "LANG-1;Lê Văn Một;sotttt-cntt;2022;giỏi;;;\n"
    "LANG-2;Lê Văn Hai;sotttt-cntt;2022;HTTNV;LĐTT;;\n"
    "LANG-3;Lê Văn Ba;không-có-đơn-vị;2022;HTTNV;;;\n"
    "LANG-4;Lê Văn Bốn;sotttt-cntt;2022;HTTNV;LĐTT;9/QĐ;32/13/2022\n"
).encode()

ENGLISH = [
    "Xếp loại (rating) 'giỏi' is not valid",
    "Số quyết định (decision number) is missing for 'LĐTT'",
    "Unit 'không-có-đơn-vị' does not exist (or you may not import for it)",
    "Ngày quyết định '32/13/2022' is not a date written dd/mm/yyyy",
]
VIETNAMESE = [
    "Xếp loại 'giỏi' không hợp lệ",
    "thiếu Số quyết định cho 'LĐTT'",
    "Đơn vị 'không-có-đơn-vị' không có (hoặc bạn không được nhập cho đơn vị này)",
    "Ngày quyết định '32/13/2022' không phải ngày dd/mm/yyyy",
]


def _upload(client, path: str, **kwargs):
    data = {"kind": "history", "dry_run": "1", "file": (io.BytesIO(CSV), "ls.csv")}
    return client.post(path, data=data, content_type="multipart/form-data", **kwargs)


def test_the_import_page_reports_refused_rows_in_english(login_as):
    client = login_as("thuongtruc.tttt")
    client.post("/language", data={"lang": "en", "next": "/"})
    page = _upload(client, "/history/import").get_data(as_text=True).replace("&#39;", "'")
    for reason in ENGLISH:
        assert reason in page
    for reason in VIETNAMESE:
        assert reason not in page


def test_the_api_reports_refused_rows_in_the_language_asked(api):
    reader = api("thuongtruc.tttt")
    english = reader.post(
        "/history/import",
        data={"kind": "history", "dry_run": "1", "file": (io.BytesIO(CSV), "ls.csv")},
        content_type="multipart/form-data",
        headers={"Accept-Language": "en"},
    ).get_json()
    assert [r["reason"] for r in english["rejected"]] == ENGLISH
    assert english["lines"][0] == (
        "Check only (nothing written): 4 data rows: 0 accepted, 4 rejected; 0 new staff"
    )
    assert english["lines"][1:] == [f"row {n}: {r}" for n, r in enumerate(ENGLISH, start=2)]
    vietnamese = reader.post(
        "/history/import",
        data={"kind": "history", "dry_run": "1", "file": (io.BytesIO(CSV), "ls.csv")},
        content_type="multipart/form-data",
    ).get_json()
    assert [r["reason"] for r in vietnamese["rejected"]] == VIETNAMESE
    assert vietnamese["lines"][0].startswith("Thử (không ghi gì): 4 dòng dữ liệu")
