"""Importing history and initiatives from .csv and .xlsx: good rows written, bad rows reported."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models import AwardRecord, Initiative, Person, YearRecord
from workflows.errors import ValidationFailed
from workflows.history import importer

HEADER = [
    "Mã cán bộ",
    "Họ và tên / Tên tập thể",
    "Đơn vị",
    "Năm",
    "Xếp loại",
    "Danh hiệu/Hình thức",
    "Số quyết định",
    "Ngày quyết định",
    "Kỷ luật",
    "Đang xem xét kỷ luật/thanh tra/khiếu nại",
]
GOOD = [
    # a new person, by code: 2022 HTXSNV with LĐTT
    [
        "IMP-001",
        "Nguyễn Văn Nhập",
        "sotttt-cntt",
        "2022",
        "HTXSNV",
        "LĐTT",
        "88/QĐ-STTTT",
        "20/12/2022",
        "không",
        "không",
    ],
    # an existing person by name without marks, the unit by its name, full-word rating
    [
        "",
        "lo van minh",
        "Phòng Công nghệ thông tin",
        "2022",
        "Hoàn thành tốt nhiệm vụ",
        "",
        "",
        "",
        "",
        "",
    ],
    # the collective itself, by the unit's name
    [
        "",
        "Phòng Công nghệ thông tin",
        "sotttt-cntt",
        "2022",
        "HTTNV",
        "Tập thể lao động tiên tiến",
        "88/QĐ-STTTT",
        "20/12/2022",
        "",
        "",
    ],
]
BAD = [
    (
        ["IMP-002", "Trần Văn Sai", "sotttt-cntt", "2022", "tốt lắm", "", "", "", "", ""],
        "Xếp loại 'tốt lắm' không hợp lệ",
    ),
    (
        ["IMP-003", "Trần Văn Sai", "khong-co", "2022", "HTTNV", "", "", "", "", ""],
        "Đơn vị 'khong-co' không có",
    ),
    (
        ["IMP-004", "Trần Văn Sai", "sotttt-cntt", "20x2", "HTTNV", "", "", "", "", ""],
        "Năm '20x2' không hợp lệ",
    ),
    (
        [
            "IMP-005",
            "Trần Văn Sai",
            "sotttt-cntt",
            "2022",
            "HTTNV",
            "LĐTT",
            "1/QĐ",
            "31/02/2022",
            "",
            "",
        ],
        "Ngày quyết định '31/02/2022' không phải ngày dd/mm/yyyy",
    ),
    (
        [
            "IMP-006",
            "Trần Văn Sai",
            "sotttt-cntt",
            "2022",
            "HTTNV",
            "Huân chương",
            "2/QĐ",
            "",
            "",
            "",
        ],
        "Danh hiệu/Hình thức 'Huân chương' không có trong danh mục",
    ),
    (
        ["IMP-007", "Trần Văn Sai", "sotttt-cntt", "2022", "HTTNV", "", "", "", "hơi hơi", ""],
        "Kỷ luật 'hơi hơi' không hợp lệ",
    ),
    # another department's unit: the importer of Sở TT&TT may not write for it
    (
        ["IMP-008", "Trần Văn Sai", "soyte-vp", "2022", "HTTNV", "", "", "", "", ""],
        "Đơn vị 'soyte-vp' không có",
    ),
]


def _csv(rows, delimiter=";", bom=True) -> bytes:
    lines = [delimiter.join(HEADER)] + [delimiter.join(r) for r in rows]
    return (("\ufeff" if bom else "") + "\n".join(lines) + "\n").encode("utf-8")


def _xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _scope(org) -> list[int]:
    department = org("sotttt")
    return [department.id, *(u.id for u in department.children)]


def _import(session, org, filename, data, kind="history", dry_run=False):
    return importer.import_file(
        session, filename=filename, data=data, kind=kind, org_ids=_scope(org), dry_run=dry_run
    )


def _counts(session):
    return [
        session.scalar(select(func.count()).select_from(m))
        for m in (Person, YearRecord, AwardRecord, Initiative)
    ]


def _check_good_rows_written(session, org):
    new = session.scalar(select(Person).where(Person.staff_code == "IMP-001"))
    assert (new.full_name, new.org.code) == ("Nguyễn Văn Nhập", "sotttt-cntt")
    year = session.scalar(select(YearRecord).where(YearRecord.person_id == new.id))
    assert (year.year, year.rating, year.source) == (2022, "xuat_sac", "import")
    award = session.scalar(select(AwardRecord).where(AwardRecord.person_id == new.id))
    assert (award.award_code, award.decision_no, award.decision_date) == (
        "LDTT",
        "88/QĐ-STTTT",
        date(2022, 12, 20),
    )
    minh = session.scalar(select(Person).where(Person.staff_code == "TTTT-CNTT-02"))
    rating = session.scalar(
        select(YearRecord.rating).where(YearRecord.person_id == minh.id, YearRecord.year == 2022)
    )
    assert rating == "tot"
    unit = org("sotttt-cntt")
    collective = session.scalar(
        select(AwardRecord).where(AwardRecord.org_id == unit.id, AwardRecord.year == 2022)
    )
    assert collective.award_code == "TTLDTT" and collective.person_id is None
    # no rejected row left anything behind
    assert session.scalar(select(Person).where(Person.full_name == "Trần Văn Sai")) is None


@pytest.mark.parametrize("fmt", ["csv;", "csv,", "xlsx"])
def test_good_rows_are_written_bad_rows_reported_and_reimport_changes_nothing(session, org, fmt):
    rows = GOOD + [r for r, _ in BAD]
    if fmt == "xlsx":
        name, data = "ls.xlsx", _xlsx({"Hồ sơ": [HEADER, *rows]})
    else:
        name, data = "ls.csv", _csv(rows, delimiter=fmt[-1], bom=fmt.endswith(";"))
    report = _import(session, org, name, data)
    # rows are numbered as the spreadsheet shows them: the header is row 1
    assert report.accepted == [2, 3, 4]
    assert [n for n, _ in report.rejected] == list(range(5, 5 + len(BAD)))
    for (number, reason), (_, expected) in zip(report.rejected, BAD, strict=True):
        assert expected in reason, (number, reason)
    assert report.created_people == 1
    session.commit()
    _check_good_rows_written(session, org)
    before = _counts(session)
    again = _import(session, org, name, data)
    session.commit()
    assert again.accepted == [2, 3, 4] and again.created_people == 0
    assert _counts(session) == before


def test_a_dry_run_reports_and_writes_nothing(session, org):
    before = _counts(session)
    report = _import(session, org, "ls.csv", _csv(GOOD + [BAD[0][0]]), dry_run=True)
    session.commit()
    assert (len(report.accepted), len(report.rejected)) == (3, 1)
    assert _counts(session) == before
    assert report.lines()[0].startswith("Thử (không ghi gì): 4 dòng dữ liệu")


def test_initiatives_from_the_second_sheet(session, org):
    header = [
        "Tên sáng kiến",
        "Tác giả",
        "Đơn vị",
        "Năm công nhận",
        "Số quyết định",
        "Ngày công nhận",
        "Phạm vi",
    ]
    rows = [
        [
            "Bản đồ số hạ tầng viễn thông",
            "TTTT-CNTT-04",
            "sotttt-cntt",
            2025,
            "60/QĐ-HĐSK",
            "01/11/2025",
            "cơ sở",
        ],
        [
            "Cổng dữ liệu mở",
            "Lò Văn Minh",
            "sotttt-cntt",
            2025,
            "61/QĐ-HĐSK",
            "02/11/2025",
            "Cấp tỉnh",
        ],
        ["Không phạm vi", "TTTT-CNTT-04", "sotttt-cntt", 2025, "62/QĐ-HĐSK", "03/11/2025", "xã"],
        ["Không số", "TTTT-CNTT-04", "sotttt-cntt", 2025, "", "03/11/2025", "cơ sở"],
    ]
    data = _xlsx({"Hồ sơ": [HEADER], "Sáng kiến": [header, *rows]})
    report = _import(session, org, "sk.xlsx", data, kind="initiatives")
    assert report.accepted == [2, 3]
    assert [n for n, _ in report.rejected] == [4, 5]
    assert "Phạm vi 'xã' không hợp lệ" in report.rejected[0][1]
    assert "Số quyết định công nhận là bắt buộc" in report.rejected[1][1]
    session.commit()
    scope = session.scalar(select(Initiative.scope).where(Initiative.title == "Cổng dữ liệu mở"))
    assert scope == "tinh"
    before = _counts(session)
    _import(session, org, "sk.xlsx", data, kind="initiatives")
    session.commit()
    assert _counts(session) == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.txt", b"x", "Chỉ nhận tệp .xlsx hoặc .csv"),
        ("a.xlsx", b"not a zip", "Không đọc được tệp .xlsx"),
        ("a.csv", "Năm;Xếp loại\n".encode("utf-16"), "UTF-8"),
        ("a.csv", "Cột lạ;Khác\n1;2\n".encode(), "Không tìm thấy dòng tiêu đề có các cột"),
    ],
)
def test_an_unreadable_file_is_refused_as_a_whole(session, org, name, data, message):
    before = _counts(session)
    with pytest.raises(ValidationFailed) as refused:
        _import(session, org, name, data)
    assert message in refused.value.fields["file"]
    assert _counts(session) == before
