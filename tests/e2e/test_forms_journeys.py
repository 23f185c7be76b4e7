"""A slow line and an expired session, in a real browser against the server as `make run`
starts it: a double click files once, and a long return reason typed before the session
expired is there again after logging in."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.accounts import PASSWORD

TITLE = "Đề nghị LĐTT năm 2025 – bấm hai lần"
NOMINEE = "Quàng Văn Hai Lần"
REASON = (
    "Hồ sơ còn thiếu biên bản họp bình xét của đơn vị có chữ ký của chủ trì và thư ký; báo cáo "
    "thành tích chưa theo mẫu của Nghị định 152/2025, chưa nêu số liệu cụ thể về nhiệm vụ được "
    "giao và kết quả thực hiện trong năm. Đề nghị đơn vị bổ sung, hoàn thiện rồi nộp lại. " * 3
)


def attach(page, kind: str, name: str) -> None:
    """A file for the dossier's checklist item `kind`, chosen on the proposal form."""
    page.get_by_label("Tệp chọn dưới đây là giấy tờ nào").select_option(value=kind)
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    page.locator("#attachments").set_input_files(
        files=[{"name": name, "mimeType": "application/pdf", "buffer": pdf + name.encode()}]
    )


def test_double_click_files_once_and_a_lost_session_keeps_the_reason(visit):
    nominator = visit("vanthu.cntt")
    page = nominator.page
    page.get_by_role("link", name="Lập hồ sơ").click()
    page.get_by_label("Loại khen thưởng").select_option(label="Lao động tiên tiến")
    page.get_by_label("Năm xét khen thưởng").fill("2025")
    page.get_by_label("Tiêu đề hồ sơ").fill(TITLE)
    page.get_by_label("Tóm tắt thành tích của hồ sơ").fill("Hoàn thành tốt nhiệm vụ năm 2025.")
    page.locator("#nominees-0-name").fill(NOMINEE)
    # Submitting needs the dossier of an LĐTT: its minutes and its rating, one kind per upload,
    # so the minutes go with the draft and the rating with the double click.
    attach(page, "bien_ban_binh_xet", "bien-ban-binh-xet.pdf")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_have_text("Đã lưu hồ sơ.")
    page.get_by_role("link", name="Sửa hồ sơ", exact=True).click()
    attach(page, "danh_gia_xep_loai", "xep-loai-2025.pdf")
    # Two quick clicks: the first turns the buttons off (webapp/static/forms.js), and a post
    # that got through anyway would be refused by its one-time token (webapp/once.py).
    page.get_by_role("button", name="Lưu và nộp hồ sơ").dblclick()
    expect(page.locator(".alert-success")).to_have_text("Đã nộp hồ sơ.")
    nominator.goto("/")
    expect(page.locator("tr", has_text=TITLE)).to_have_count(1)

    head = visit("truongphong.cntt")
    page = head.page
    page.locator("tr", has_text=TITLE).get_by_role("link", name="Trưởng đơn vị ký xác nhận").click()
    page.get_by_label("Trả lại để chỉnh sửa", exact=True).check()
    page.get_by_label("Ý kiến / lý do", exact=False).fill(REASON)
    task_url = page.url
    # The session expires while the reason is typed.
    head.context.clear_cookies()
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    page.wait_for_url(re.compile(r"/login\?next=(/|%2F)tasks(/|%2F)\d+$"))
    expect(page.locator(".alert-warning")).to_contain_text("Phiên làm việc đã hết hạn")
    page.get_by_label("Tên đăng nhập").fill("truongphong.cntt")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(task_url)
    expect(page.locator("div.alert-warning", has_text="khôi phục")).to_be_visible()
    expect(page.get_by_label("Ý kiến / lý do", exact=False)).to_have_value(REASON)
    expect(page.get_by_label("Trả lại để chỉnh sửa", exact=True)).to_be_checked()
    head.check("forms-phien-het-han-giu-noi-dung")
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xử lý")
