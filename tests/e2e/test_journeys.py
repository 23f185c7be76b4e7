"""The three journeys, as the people do them, in Chromium at 1366×768.

A nominator files a proposal (two nominees: one picked from the unit's people, one pasted from
a spreadsheet), saves a draft, attaches a file and submits; each reviewer opens the task from
the inbox and acts, the secretariat returns it, the nominator revises and resubmits, the
Director decides; the board finds it with the filters, opens its page with the process
picture and downloads the decision as PDF. Screenshots: docs/screenshots/NN-*.png.
"""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.support.accounts import council_members
from tests.support.browser import text_of
from tests.support.forwarding import JUSTIFICATION

TITLE = "Đề nghị công nhận Lao động tiên tiến năm 2025 – Phòng CNTT"
PASTED = (
    "Họ tên\tChức vụ\tĐơn vị\tGiới tính\tLãnh đạo\n"
    "Nguyễn Văn Ánh\tChuyên viên\tPhòng Công nghệ thông tin\tNam\t\n"
)
#: a file that passes the attachment check (PDF by extension and by its first bytes)
MINUTES_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
RETURN_REASON = "Bổ sung biên bản họp bình xét của đơn vị."


def open_task(page: Page, name: str) -> None:
    """From the inbox, the task of our proposal: its link in the row of the title."""
    row = page.locator("tr", has_text=TITLE).filter(has=page.get_by_role("link", name=name))
    row.get_by_role("link", name=name).click()
    expect(page.locator("h1")).to_have_text(name)


def decide(page: Page, action: str, **fields: str) -> None:
    page.get_by_label(action, exact=True).check()
    for label, value in fields.items():
        page.get_by_label(label, exact=False).fill(value)
    # Shown only while a nominee fails a criterion of the award (workflows.eligibility.checks).
    justification = page.get_by_label("Lý do chuyển tiếp dù không đạt tiêu chí")
    if action == "Đồng ý" and justification.count():
        justification.fill(JUSTIFICATION)
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()


def test_filing_review_with_a_return_and_the_board(visit):
    # -- the nominator files and submits --------------------------------------------------
    guest = visit(None)
    guest.goto("/login")
    guest.check("01-dang-nhap")

    nominator = visit("vanthu.cntt")
    page = nominator.page
    nominator.check("02-hop-viec-nguoi-lap")
    page.get_by_role("link", name="Lập hồ sơ").click()
    page.get_by_label("Loại khen thưởng").select_option(label="Lao động tiên tiến")
    page.get_by_label("Năm xét khen thưởng").fill("2025")
    page.get_by_label("Tiêu đề hồ sơ").fill(TITLE)
    page.get_by_label("Tóm tắt thành tích của hồ sơ").fill("Hoàn thành tốt nhiệm vụ năm 2025.")
    # Picked from the unit's people: the row is filled on the server, typed text is kept.
    page.get_by_label("Chọn người trong đơn vị").select_option(
        label="Nguyễn Thị Lan (Phòng Công nghệ thông tin)"
    )
    page.get_by_role("button", name="Thêm người đã chọn").click()
    expect(page.locator("#nominees-0-name")).to_have_value("Nguyễn Thị Lan")
    expect(page.get_by_label("Tiêu đề hồ sơ")).to_have_value(TITLE)
    page.get_by_label("Dán từ bảng tính").fill(PASTED)
    page.get_by_role("button", name="Thêm các dòng đã dán").click()
    expect(page.locator("#nominees-1-name")).to_have_value("Nguyễn Văn Ánh")
    expect(page.locator("#nominees-1-gender")).to_have_value("male")
    # Every field and button is reached with Tab, up to the submit button.
    assert tab_reaches(page, "#title", "#save_submit"), "Tab never reached “Lưu và nộp hồ sơ”"
    nominator.check("03-lap-ho-so")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_have_text("Đã lưu hồ sơ.")
    expect(page.locator("dl .badge")).to_have_text("Đang soạn")
    proposal_url = page.url
    nominator.check("04-ho-so-nhap")

    # The page lists what the dossier of an LĐTT needs; submitting without it is refused,
    # naming what is missing.
    checklist = page.locator(".dossier-checklist")
    expect(checklist.locator("[data-item=bien_ban_binh_xet]")).to_contain_text("Còn thiếu")
    page.get_by_label("Tệp chọn dưới đây là giấy tờ nào").select_option(value="bien_ban_binh_xet")
    page.locator("input[type=file][name=attachments]").first.set_input_files(
        files=[
            {"name": "bien-ban-binh-xet.pdf", "mimeType": "application/pdf", "buffer": MINUTES_PDF}
        ]
    )
    page.get_by_role("button", name="Tải lên").click()
    expect(checklist.locator("[data-item=bien_ban_binh_xet]")).to_contain_text("Đã đính kèm")
    expect(checklist.locator("[data-item=danh_gia_xep_loai]")).to_contain_text("Còn thiếu")
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text(
        "Hồ sơ còn thiếu: Kết quả đánh giá, xếp loại mức độ hoàn thành nhiệm vụ trong năm"
    )

    page.get_by_role("link", name="Sửa hồ sơ", exact=True).click()
    page.get_by_label("Tệp chọn dưới đây là giấy tờ nào").select_option(value="danh_gia_xep_loai")
    page.locator("#attachments").set_input_files(
        files=[{"name": "xep-loai-2025.pdf", "mimeType": "application/pdf", "buffer": MINUTES_PDF}]
    )
    page.get_by_role("button", name="Lưu và nộp hồ sơ").click()
    expect(page.locator(".alert-success")).to_have_text("Đã nộp hồ sơ.")
    expect(page.get_by_role("link", name="bien-ban-binh-xet.pdf")).to_be_visible()
    assert "Nguyễn Văn Ánh" in text_of(page, "table.nominee-table")
    nominator.check("05-ho-so-da-nop")

    # -- the unit head approves ---------------------------------------------------------------
    head = visit("truongphong.cntt")
    page = head.page
    row = page.locator("tr", has_text=TITLE)
    expect(row.locator(".task-asks")).to_contain_text("Xem xét hồ sơ của đơn vị")
    head.check("06-hop-viec-truong-phong")
    open_task(page, "Trưởng đơn vị ký xác nhận")
    head.check("07-buoc-xet-duyet")
    decide(page, "Đồng ý")
    expect(page.locator(".alert-success")).to_contain_text("Đã xử lý")

    # -- the secretariat returns it; a return without a reason is refused next to the field --
    secretariat = visit("thuongtruc.tttt")
    page = secretariat.page
    open_task(page, "Thường trực Hội đồng kiểm tra hồ sơ")
    with secretariat.refused():
        decide(page, "Trả lại để chỉnh sửa")
    expect(
        page.locator("#comment + .invalid-feedback, #comment ~ .invalid-feedback")
    ).to_be_visible()
    secretariat.check("08-tra-lai-thieu-ly-do")
    decide(page, "Trả lại để chỉnh sửa", **{"Ý kiến / lý do": RETURN_REASON})
    expect(page.locator(".alert-success")).to_contain_text("Đã xử lý")

    # -- the nominator revises and resubmits -------------------------------------------------
    page = nominator.page
    nominator.goto("/")
    open_task_redirect = page.locator("tr", has_text=TITLE).get_by_role(
        "link", name="Lập / chỉnh sửa hồ sơ đề nghị"
    )
    open_task_redirect.click()
    page.get_by_role("link", name="Sửa hồ sơ", exact=True).click()
    expect(page.locator(".alert-warning")).to_contain_text(RETURN_REASON)
    page.get_by_label("Tóm tắt thành tích của hồ sơ").fill(
        "Hoàn thành tốt nhiệm vụ năm 2025. Đã bổ sung biên bản họp bình xét."
    )
    nominator.check("09-chinh-sua-sau-tra-lai")
    page.get_by_role("button", name="Lưu và nộp hồ sơ").click()
    expect(page.locator(".alert-success")).to_have_text("Đã nộp hồ sơ.")

    # -- the department: secretariat, council, Director ----------------------------------------
    page = secretariat.page
    secretariat.goto("/")
    open_task(page, "Thường trực Hội đồng kiểm tra hồ sơ")
    decide(page, "Đồng ý")
    # Each member of the council casts a secret ballot on their own page.
    for k, member in enumerate(council_members()):
        council = visit(member)
        page = council.page
        open_task(page, "Hội đồng TĐKT Sở bình xét")
        radios = page.get_by_role("radio", name="Đồng ý", exact=True)
        for i in range(radios.count()):
            radios.nth(i).check()
        if k == 0:
            council.check("10-hoi-dong-binh-xet")
        page.get_by_role("button", name="Bỏ phiếu").click()
        expect(page.locator(".alert-success")).to_contain_text("Đã bỏ phiếu")
    director = visit("giamdoc.tttt")
    page = director.page
    open_task(page, "Giám đốc Sở quyết định khen thưởng")
    # Today and the signer are filled in; the date has the browser's picker.
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()
    expect(page.get_by_label("Ngày quyết định")).to_have_value(today)
    expect(page.get_by_label("Ngày quyết định")).to_have_attribute("type", "date")
    expect(page.get_by_label("Người ký")).to_have_value("Vũ Đức Thắng")
    page.get_by_label("Số quyết định").fill("125/QĐ-STTTT")
    director.check("11-giam-doc-quyet-dinh")
    decide(page, "Đồng ý")
    expect(page.locator(".alert-success")).to_contain_text("Đã xử lý")

    # -- the board finds it by its filters, without typing the marks ----------------------------
    board = visit("theodoi.btdkt")
    page = board.page
    # The board acts on nothing: it lands on its dashboard, not on an empty inbox.
    assert page.url.endswith("/dashboard/")
    page.get_by_role("link", name="Danh sách hồ sơ").click()
    page.get_by_label("Tìm theo tiêu đề, họ tên").fill("nguyen van anh")
    page.get_by_label("Trạng thái").select_option(label="Đã quyết định khen thưởng")
    page.get_by_label("Năm", exact=True).fill("2025")
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(TITLE)
    board.check("12-ban-tdkt-loc-danh-sach")
    rows.first.get_by_role("link", name=TITLE).click()
    assert page.url == proposal_url
    expect(page.locator(".bpmn-figure svg")).to_be_visible()
    expect(page.locator("dl .badge")).to_have_text("Đã quyết định khen thưởng")
    assert "125/QĐ-STTTT" in text_of(page, "dl")
    assert RETURN_REASON in text_of(page, ".timeline")
    board.check("13-ho-so-va-quy-trinh")

    # -- the decision as PDF, made by the server as started (no office suite) -------------------
    link = page.get_by_role("link", name="Quyết định (PDF)")
    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href") or "")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.body())).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "QUYẾT ĐỊNH",
        "Số: 125/QĐ-STTTT",
        "Căn cứ Luật Thi đua, khen thưởng",
        "Theo đề nghị của Hội đồng Thi đua – Khen thưởng Sở Thông tin và Truyền thông.",
        "Nguyễn Văn Ánh",
        "Vũ Đức Thắng",
    ):
        assert expected in text, expected
    assert text.count("Căn cứ Luật Thi đua, khen thưởng") == 1


def tab_reaches(page: Page, start: str, target: str, limit: int = 200) -> bool:
    page.locator(start).focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector({target!r})"):
            return True
    return False
