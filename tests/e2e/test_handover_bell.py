"""The bell after a return, in Chromium: the unit head returns a proposal with a reason, the
nominator sees the unread count on the bell, reads the notice with the reason, marks it read,
and turns off the mail of returns on the preferences page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.accounts import PASSWORD

TITLE = "Đề nghị Lao động tiên tiến – Trung tâm CNTT (thông báo)"
REASON = "Bổ sung báo cáo thành tích theo mẫu của Nghị định."


def test_the_nominator_sees_the_return_under_the_bell(visit, live_server):
    token = live_server.token("vanthu.ttcntt", PASSWORD)
    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": TITLE,
        "summary": "Hoàn thành tốt nhiệm vụ.",
        "nominees": [{"name": "Lò Thị Xuân", "job_title": "Kỹ sư", "gender": "female"}],
    }
    status, created = live_server.request("POST", "/api/v1/proposals", body, token)
    assert status == 201, created
    pid = created["id"]
    live_server.complete_dossier(pid, token)
    status, _ = live_server.request("POST", f"/api/v1/proposals/{pid}/submit", {}, token)
    assert status == 200

    head = visit("giamdoc.ttcntt")
    page = head.page
    row = page.locator("tr", has_text=TITLE)
    row.get_by_role("link", name="Trưởng đơn vị ký xác nhận").click()
    page.get_by_label("Trả lại để chỉnh sửa", exact=True).check()
    page.get_by_label("Ý kiến / lý do").fill(REASON)
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xử lý")

    nominator = visit("vanthu.ttcntt")
    page = nominator.page
    bell = page.get_by_role("link", name="Thông báo: 1 chưa đọc")
    expect(bell).to_be_visible()
    bell.click()
    notice = page.locator("#notifications li", has_text=f"Hồ sơ #{pid}")
    expect(notice).to_contain_text("bị trả lại")
    expect(notice).to_contain_text(REASON)
    expect(notice.locator(".badge").first).to_have_text("Bị trả lại")
    nominator.check("44-thong-bao-tra-lai")
    notice.get_by_role("button", name="Đã đọc").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã đánh dấu 1 thông báo là đã đọc.")
    expect(page.get_by_role("link", name="Thông báo: 0 chưa đọc")).to_be_visible()

    page.get_by_role("link", name="Nhận thư thông báo").click()
    returned = page.get_by_label("Hồ sơ của tôi bị trả lại")
    expect(returned).to_be_checked()
    returned.uncheck()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_have_text("Đã lưu lựa chọn nhận thư thông báo.")
    expect(page.get_by_label("Hồ sơ của tôi bị trả lại")).not_to_be_checked()
    nominator.check("45-nhan-thu-thong-bao")
