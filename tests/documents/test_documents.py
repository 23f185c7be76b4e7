"""The official documents, generated through the proposal page and read back with
python-docx: motto, number, date line, nominee rows, tally and amounts."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from pypdf import PdfReader

from tests.support.docx_text import rows, texts
from tests.support.world import holders
from workflows.documents.vn import date_line, with_symbol

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COUNCIL = {"members_total": 9, "members_present": 8, "votes_for": 7, "votes_against": 1}
NOMINEES = [
    {"name": "Nguyễn Văn An", "job_title": "Chuyên viên", "unit_name": "Phòng CNTT"},
    {"name": "Lò Thị <Bình> & Co", "job_title": "Phó Trưởng phòng", "unit_name": "Phòng CNTT"},
]


def read(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == DOCX
    return Document(io.BytesIO(response.data))


def official_heading(lines: list[str]) -> None:
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "Độc lập - Tự do - Hạnh phúc" in lines
    assert not any("{{" in line or "{%" in line for line in lines), "unfilled tag"


def to_council(api, award="LDTT") -> int:
    nominator = api("vanthu.cntt")
    pid = nominator.file(award, nominees=NOMINEES)
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    api("hoidong.tttt").act(pid, **COUNCIL)
    return pid


def test_decision_of_the_director_with_annex_and_amounts(api, login_as):
    pid = to_council(api)
    client = login_as("vanthu.cntt")
    page = client.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Chưa có quyết định khen thưởng" in page  # the button waits for the decision
    assert client.get(f"/proposals/{pid}/documents/quyet_dinh.docx").status_code == 404

    api("giamdoc.tttt").act(
        pid, decision_no="45/QĐ-STTTT", decision_date="15/12/2025", signer="Vũ Đức Thắng"
    )
    page = client.get(f"/proposals/{pid}").get_data(as_text=True)
    assert f'href="/proposals/{pid}/documents/quyet_dinh.docx"' in page
    response = client.get(f"/proposals/{pid}/documents/quyet_dinh.docx")
    assert f"quyet-dinh-ho-so-{pid}.docx" in response.headers["Content-Disposition"]
    doc = read(response)
    lines = texts(doc)
    official_heading(lines)
    for expected in (
        "UBND TỈNH ĐIỆN BIÊN",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "Số: 45/QĐ-STTTT",
        "Điện Biên, ngày 15 tháng 12 năm 2025",
        "QUYẾT ĐỊNH",
        "GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "QUYẾT ĐỊNH:",
        "Nơi nhận:",
        "GIÁM ĐỐC",
        "Vũ Đức Thắng",
    ):
        assert expected in lines, expected
    # 0.3 × 2 340 000 = 702 000, rounded up to 710 000 each; two people: 1 420 000.
    article_2 = next(line for line in lines if line.startswith("Điều 2."))
    assert "710.000 đồng" in article_2 and "1.420.000 đồng" in article_2
    annex = rows(doc.tables[-1])
    assert annex[0] == ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Hình thức", "Số tiền (đồng)"]
    assert annex[1:] == [
        ["1", "Nguyễn Văn An", "Chuyên viên", "Phòng CNTT", "Lao động tiên tiến", "710.000"],
        [
            "2",
            "Lò Thị <Bình> & Co",
            "Phó Trưởng phòng",
            "Phòng CNTT",
            "Lao động tiên tiến",
            "710.000",
        ],
        ["", "Tổng cộng", "", "", "", "1.420.000"],
    ]
    assert "(Kèm theo Quyết định số 45/QĐ-STTTT ngày 15/12/2025" in " ".join(lines)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14


def test_council_minutes_with_the_tally(api, login_as):
    pid = to_council(api)
    doc = read(login_as("hoidong.tttt").get(f"/proposals/{pid}/documents/bien_ban.docx"))
    lines = texts(doc)
    official_heading(lines)
    assert "BIÊN BẢN" in lines and "Điện Biên, ngày" in " ".join(lines)
    # Every member of the demo council of Sở TT&TT voted yes for both (secret ballot).
    members = str(len(holders("dept_council", "sotttt")))
    tally = rows(doc.tables[1])
    assert tally[:3] == [
        ["Tổng số thành viên Hội đồng", members],
        ["Số thành viên có mặt (bỏ phiếu)", members],
        ["Túc số", "Đủ"],
    ]
    assert [r[0] for r in tally[3:]] == ["Nguyễn Văn An", "Lò Thị <Bình> & Co"]
    assert all(
        r[1].startswith(f"Đồng ý {members} (100") and r[1].endswith("thông qua") for r in tally[3:]
    )
    assert f"Số thành viên Hội đồng: {members}; có mặt: {members}; vắng mặt: 0." in lines
    assert "Không được Hội đồng thông qua:" not in lines
    # The secretary is the secretariat's holder (thuongtruc.tttt), not the last voter.
    assert "THƯ KÝ HỘI ĐỒNG" in lines and "Phạm Thị Thu" in lines
    nominees = rows(doc.tables[2])
    assert [r[1] for r in nominees[1:]] == ["Nguyễn Văn An", "Lò Thị <Bình> & Co"]
    assert "CHỦ TỊCH HỘI ĐỒNG" in lines and "Vũ Đức Thắng" in lines  # the Director chairs


def test_submission_and_the_chairmans_decision(api, login_as):
    pid = to_council(api, "BK_TINH_CN")
    client = login_as("theodoi.btdkt")
    assert client.get(f"/proposals/{pid}/documents/to_trinh.docx").status_code == 404
    api("giamdoc.tttt").act(pid, submission_no="12/TTr-STTTT", submission_date="05/01/2026")

    doc = read(client.get(f"/proposals/{pid}/documents/to_trinh.docx"))
    lines = texts(doc)
    official_heading(lines)
    for expected in (
        "Số: 12/TTr-STTTT",
        "Điện Biên, ngày 05 tháng 01 năm 2026",
        "TỜ TRÌNH",
        "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Điện Biên",
        "Nơi nhận:",
        "Vũ Đức Thắng",
    ):
        assert expected in lines, expected
    assert rows(doc.tables[1])[1:] == [
        [
            "1",
            "Nguyễn Văn An",
            "Chuyên viên",
            "Phòng CNTT",
            # the law's name of the award, not the catalogue's "(cá nhân)"
            "Bằng khen của Chủ tịch UBND tỉnh",
        ],
        [
            "2",
            "Lò Thị <Bình> & Co",
            "Phó Trưởng phòng",
            "Phòng CNTT",
            # the law's name of the award, not the catalogue's "(cá nhân)"
            "Bằng khen của Chủ tịch UBND tỉnh",
        ],
    ]

    api("chuyenvien.btdkt").act(pid)
    api("chutich.ubnd").act(
        pid, decision_no="310/QĐ-UBND", decision_date="10/03/2026", signer="Nguyễn Văn Thành"
    )
    doc = read(client.get(f"/proposals/{pid}/documents/quyet_dinh.docx"))
    lines = texts(doc)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "TỈNH ĐIỆN BIÊN",
        "Số: 310/QĐ-UBND",
        "Điện Biên, ngày 10 tháng 3 năm 2026",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN",
        "CHỦ TỊCH",
        "Nguyễn Văn Thành",
    ):
        assert expected in lines, expected
    # Bằng khen, person, from 1/7/2025: 1.5 × 2 340 000 = 3 510 000 (already a multiple).
    assert [r[-1] for r in rows(doc.tables[-1])[1:]] == ["3.510.000", "3.510.000", "7.020.000"]
    # The provincial route: the board appraised it; the decision goes back to the department.
    assert "Theo đề nghị của Trưởng Ban Thi đua – Khen thưởng tỉnh Điện Biên." in lines
    assert "- Sở Thông tin và Truyền thông;" in lines
    assert not any("Phòng Công nghệ thông tin" in line for line in lines)
    assert not any("Hội đồng Thi đua – Khen thưởng Sở" in line for line in lines)
    signed_text_is_clean(lines)


def signed_text_is_clean(lines: list[str]) -> None:
    """What an office signs: each act cited once, no remark meant for staff, no label."""
    text = "\n".join(lines)
    assert text.count("Căn cứ Luật Thi đua, khen thưởng") == 1, text
    assert "Luật TĐKT" not in text
    bases = [line for line in lines if line.startswith("Căn cứ")]
    assert len(bases) == len(set(bases))
    for remark in ("chưa đối chiếu", "chờ văn bản", "báo chí", "chưa được xác nhận", "(cá nhân)"):
        assert remark not in text, remark


def test_a_decision_under_unconfirmed_rules_prints_no_remark(api, login_as):
    # From 1/7/2026 the base salary and the coefficient are marked unconfirmed in the data;
    # the staff see that, the signed decision does not.
    pid = to_council(api)
    api("giamdoc.tttt").act(
        pid, decision_no="46", decision_date="15/07/2026", signer="Vũ Đức Thắng"
    )
    client = login_as("vanthu.cntt")
    lines = texts(read(client.get(f"/proposals/{pid}/documents/quyet_dinh.docx")))
    signed_text_is_clean(lines)
    assert "Theo đề nghị của Hội đồng Thi đua – Khen thưởng Sở Thông tin và Truyền thông." in lines
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in "\n".join(lines)
    text = pdf_text(client.get(f"/proposals/{pid}/documents/quyet_dinh.pdf"))
    for expected in ("QUYẾT ĐỊNH", "Số: 46/QĐ-STTTT", "Điện Biên, ngày 15 tháng 7 năm 2026"):
        assert expected in text, expected
    for remark in ("chưa đối chiếu", "chờ văn bản", "báo chí", "(cá nhân)"):
        assert remark not in text, remark
    assert text.count("Căn cứ Luật Thi đua, khen thưởng") == 1


def test_documents_only_for_readers_of_the_proposal(api, login_as):
    pid = to_council(api)
    assert (
        login_as("vanthu.yte").get(f"/proposals/{pid}/documents/bien_ban.docx").status_code == 404
    )
    assert login_as("vanthu.cntt").get(f"/proposals/{pid}/documents/khac.docx").status_code == 404


def pdf_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    pages = PdfReader(io.BytesIO(response.data)).pages
    # Lines wrap where the layout breaks them: compare words, not lines.
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_every_reader_gets_the_pdf_without_an_office_suite(api, login_as, monkeypatch):
    # No LibreOffice on PATH: the PDF is drawn in Python, so the button is always there.
    monkeypatch.setenv("PATH", "/nonexistent")
    pid = to_council(api)
    client = login_as("vanthu.cntt")
    page = client.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "LibreOffice" not in page
    assert f'href="/proposals/{pid}/documents/bien_ban.pdf"' in page
    text = pdf_text(client.get(f"/proposals/{pid}/documents/bien_ban.pdf"))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "BIÊN BẢN",
        "Kết quả bỏ phiếu kín:",
        "Nguyễn Văn An",
        "Lò Thị <Bình> & Co",
        "THƯ KÝ HỘI ĐỒNG",
        "CHỦ TỊCH HỘI ĐỒNG",
    ):
        assert expected in text, expected
    assert "Điện Biên, ngày" in text


def test_date_line_and_number_symbol():
    # Nghị định 30/2020: a 0 before days below 10 and before months 1 and 2.
    assert date_line("Điện Biên", date(2026, 1, 5)) == ("Điện Biên, ngày 05 tháng 01 năm 2026")
    assert date_line("Điện Biên", date(2026, 3, 9)) == ("Điện Biên, ngày 09 tháng 3 năm 2026")
    assert with_symbol("12", "TTr", "Sở Thông tin và Truyền thông tỉnh Điện Biên") == (
        "12/TTr-STTTT"
    )
    assert with_symbol("7", "QĐ", "Sở Giáo dục và Đào tạo tỉnh Điện Biên") == "7/QĐ-SGDĐT"
    assert with_symbol("45/QĐ-STTTT", "QĐ", "Sở Y tế") == "45/QĐ-STTTT"


def test_the_number_stands_left_and_the_place_and_date_right(api, login_as):
    """Decree 30/2020's heading: "Số: …" under the issuer, "Điện Biên, ngày …" under the motto,
    on one line; the date was once drawn from the left margin, over the number."""
    pid = to_council(api)
    client = login_as("vanthu.cntt")
    response = client.get(f"/proposals/{pid}/documents/bien_ban.pdf")
    starts: dict[str, float] = {}

    def seen(text, cm, tm, font, size):
        for key in ("Số:", "Điện Biên, ngày"):
            if text.startswith(key) and key not in starts:
                starts[key] = tm[4]

    PdfReader(io.BytesIO(response.data)).pages[0].extract_text(visitor_text=seen)
    assert set(starts) == {"Số:", "Điện Biên, ngày"}, starts
    assert starts["Điện Biên, ngày"] > starts["Số:"] + 150  # points: the right-hand column
