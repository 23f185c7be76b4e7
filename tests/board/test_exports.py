"""Spreadsheets opened again with openpyxl: headers, cells, number formats, who gets what."""

from __future__ import annotations

import io
import re
from datetime import datetime

from openpyxl import load_workbook

from tests.support.spreadsheets import read_xlsx, table_rows

LIST_HEADER = (
    "Số hồ sơ",
    "Tiêu đề",
    "Đơn vị lập",
    "Sở, ban, ngành",
    "Loại khen thưởng",
    "Năm",
    "Phong trào thi đua",
    "Trạng thái",
    "Cấp xét",
    "Vòng xét",
    "Đang chờ",
    "Số cá nhân / tập thể",
    "Ngày nộp",
    "Cập nhật",
    "Số quyết định",
    "Ngày quyết định",
)
MOVEMENT = "Phong trào thi đua Ngành Thông tin và Truyền thông tỉnh Điện Biên năm 2025"


def test_board_list_export_keeps_the_filters_and_the_visibility(api, login_as, decided):
    cntt = api("vanthu.cntt").file("LDTT", title="Đề nghị LĐTT Phòng CNTT")
    api("vanthu.yte").file("LDTT", title="Đề nghị LĐTT Sở Y tế")
    decided_id = decided("sotttt-cntt", "TTLDTT", ["Phòng Công nghệ thông tin"])

    response = login_as("theodoi.btdkt").get("/board/export.xlsx?org=sotttt-cntt&year=2025")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(
        r'attachment; filename="danh-sach-ho-so-\d{4}-\d\d-\d\d\.xlsx"', disposition
    )
    book = load_workbook(io.BytesIO(response.data))
    sheet = book["Danh sách hồ sơ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == ("Phạm vi: toàn tỉnh",) + (None,) * 15
    assert rows[3][0] == "Bộ lọc: đơn vị sotttt-cntt, năm 2025"
    body = {row[0]: row for row in table_rows(rows, "Số hồ sơ")}
    assert set(body) == {cntt, decided_id}  # Sở Y tế's proposal is filtered out
    draft = body[cntt]
    assert draft[:12] == (
        cntt,
        "Đề nghị LĐTT Phòng CNTT",
        "Phòng Công nghệ thông tin",
        "Sở Thông tin và Truyền thông tỉnh Điện Biên",
        "Lao động tiên tiến",
        "2025",
        MOVEMENT,  # filed for 2025 without naming one: the one open movement of the year
        "Đang soạn",
        "Cấp đơn vị",
        1,
        "Lập / chỉnh sửa hồ sơ đề nghị – Phòng CNTT",
        1,
    )
    assert isinstance(draft[13], datetime)
    approved = body[decided_id]
    assert approved[7] == "Đã quyết định khen thưởng" and approved[14] == "1/QĐ-TEST"
    assert approved[15] == datetime(2025, 12, 20)
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Số hồ sơ")
    assert tuple(c.value for c in sheet[header_row]) == LIST_HEADER
    approved_row = next(
        r for r in range(header_row + 1, sheet.max_row + 1) if sheet.cell(r, 1).value == decided_id
    )
    assert sheet.cell(approved_row, 16).number_format == "dd/mm/yyyy"
    assert sheet.cell(approved_row, 14).number_format == "dd/mm/yyyy hh:mm"

    # a nominator's export holds only what the nominator may see
    own = read_xlsx(login_as("vanthu.yte").get("/board/export.xlsx"))["Danh sách hồ sơ"]
    assert [r[1] for r in table_rows(own, "Số hồ sơ")] == ["Đề nghị LĐTT Sở Y tế"]


STATS_HEADER = (
    "Sở, ban, ngành",
    "Đơn vị",
    "Danh hiệu / hình thức khen thưởng",
    "Loại",
    "Cá nhân",
    "Nam",
    "Nữ",
    "Chưa rõ giới tính",
    "Lãnh đạo, quản lý",
    "Người lao động trực tiếp",
    "Tập thể",
    "Số lao động của đơn vị",
    "Tỷ lệ cá nhân / số lao động",
)
SO = "Sở Thông tin và Truyền thông tỉnh Điện Biên"


def craft_statistics(decided, set_headcounts):
    set_headcounts({"sotttt-cntt": 10, "sotttt-bcvt": 8})
    an = {"name": "Nguyễn Văn An", "gender": "male", "is_leader": True}
    decided(
        "sotttt-cntt",
        "LDTT",
        [an, {"name": "Lò Thị Bình", "gender": "female"}, "Quàng Văn Chi"],
    )
    decided("sotttt-cntt", "LDTT", [an], movement=None)  # the same person again: once
    decided("sotttt-cntt", "LDTT", ["Tòng Văn Dũng"], year=2024)  # another year
    decided(
        "sotttt-cntt", "GK_CN", [{"name": "Lò Thị Bình", "gender": "female", "is_leader": True}]
    )
    decided("sotttt-cntt", "TTLDTT", ["Phòng Công nghệ thông tin"])
    decided("sotttt-bcvt", "LDTT", [{"name": "Điêu Văn Em", "gender": "male"}])
    decided("sotttt-bcvt", "LDTT", [{"name": "Lường Văn Phong", "gender": "male"}])
    decided("sotttt-bcvt", "LDTT", ["Hà Văn Giang"], status="rejected")
    decided("soyte-vp", "LDTT", [{"name": "Mùa Thị Hoa", "gender": "female"}])


def test_annual_statistics_per_unit_by_gender_and_leaders(login_as, decided, set_headcounts):
    craft_statistics(decided, set_headcounts)
    response = login_as("giamdoc.tttt").get("/dashboard/statistics.xlsx?year=2025")
    assert 'filename="thong-ke-khen-thuong-2025-' in response.headers["Content-Disposition"]
    sheets = read_xlsx(response)
    assert list(sheets) == ["Thống kê 2025"]
    rows = sheets["Thống kê 2025"]
    assert rows[0][0] == "Thống kê danh hiệu thi đua, hình thức khen thưởng năm 2025 theo đơn vị"
    assert rows[3] == STATS_HEADER
    assert rows[4:] == [
        # BC-VT: 2 men, neither a leader; 2 of 8 = 25%
        (SO, "Phòng Bưu chính – Viễn thông", "Lao động tiên tiến", "Danh hiệu thi đua",
         2, 2, 0, 0, 0, 2, 0, 8, 0.25),
        # CNTT: An (man, leader), Bình (woman), Chi (gender not given); 3 of 10 = 30%
        (SO, "Phòng Công nghệ thông tin", "Lao động tiên tiến", "Danh hiệu thi đua",
         3, 1, 1, 1, 1, 2, 0, 10, 0.3),
        (SO, "Phòng Công nghệ thông tin", "Tập thể lao động tiên tiến", "Danh hiệu thi đua",
         0, 0, 0, 0, 0, 0, 1, 10, None),
        # Bình, a woman leader; 1 of 10 = 10%
        (SO, "Phòng Công nghệ thông tin", "Giấy khen của Giám đốc Sở (cá nhân)",
         "Hình thức khen thưởng", 1, 0, 1, 0, 1, 0, 0, 10, 0.1),
        # 2 + 3 + 0 + 1 = 6 persons; men 2 + 1 = 3, women 1 + 1 = 2, leaders 1 + 1 = 2
        ("Tổng cộng (lượt)", None, None, None, 6, 3, 2, 1, 2, 4, 1, None, None),
    ]  # fmt: skip

    board = read_xlsx(login_as("theodoi.btdkt").get("/dashboard/statistics.xlsx?year=2025"))
    units = {row[1] for row in table_rows(board["Thống kê 2025"], "Sở, ban, ngành")}
    assert "Văn phòng Sở Y tế" in units  # the board reports the whole province
    head = read_xlsx(login_as("truongphong.cntt").get("/dashboard/statistics.xlsx?year=2025"))
    units = {row[1] for row in table_rows(head["Thống kê 2025"], "Sở, ban, ngành")}
    assert units == {"Phòng Công nghệ thông tin", None}  # None: the total row


def test_statistics_number_formats(login_as, decided, set_headcounts):
    craft_statistics(decided, set_headcounts)
    response = login_as("giamdoc.tttt").get("/dashboard/statistics.xlsx?year=2025")
    sheet = load_workbook(io.BytesIO(response.data))["Thống kê 2025"]
    assert sheet.cell(5, 5).number_format == "#,##0"
    assert sheet.cell(5, 13).number_format == "0.0%"
    assert sheet.freeze_panes == "A5"
