"""A phone (375×812) and the English interface, in Chromium; the same checks on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.accounts import PASSWORD
from tests.support.browser import PHONE, text_of

DATE = re.compile(r"\b\d\d/\d\d/\d{4}\b")


@pytest.fixture(scope="module")
def filed(live_server) -> int:
    """A submitted proposal of Phòng Bưu chính – Viễn thông, filed through the API."""
    token = live_server.token("vanthu.bcvt", PASSWORD)
    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": "Đề nghị Lao động tiên tiến – Phòng Bưu chính, Viễn thông",
        "summary": "Hoàn thành tốt nhiệm vụ.",
        "nominees": [
            {"name": "Đặng Thị Hoa", "job_title": "Chuyên viên", "gender": "female"},
            {"name": "Quàng Văn Đức", "job_title": "Phó trưởng phòng", "is_leader": True},
        ],
    }
    status, created = live_server.request("POST", "/api/v1/proposals", body, token)
    assert status == 201, created
    live_server.complete_dossier(created["id"], token)
    status, _ = live_server.request("POST", f"/api/v1/proposals/{created['id']}/submit", {}, token)
    assert status == 200
    return created["id"]


def test_on_a_phone_the_menu_folds_and_nothing_overflows(visit, filed):
    clerk = visit("vanthu.bcvt", PHONE)
    page = clerk.page
    toggler = page.get_by_role("button", name="Mở menu")
    expect(toggler).to_be_visible()
    expect(page.get_by_role("link", name="Danh sách hồ sơ")).to_be_hidden()
    clerk.check("20-dien-thoai-hop-viec")
    toggler.click()
    expect(page.get_by_role("link", name="Danh sách hồ sơ")).to_be_visible()
    clerk.check("21-dien-thoai-menu", full_page=False)
    clerk.goto(f"/proposals/{filed}")
    expect(page.locator("table.nominee-table")).to_contain_text("Quàng Văn Đức")
    clerk.check("22-dien-thoai-ho-so")
    clerk.goto("/proposals/new")
    clerk.check("23-dien-thoai-lap-ho-so")
    head = visit("truongphong.bcvt", PHONE)
    head.page.locator("tr", has_text="Phòng Bưu chính, Viễn thông").get_by_role(
        "link", name="Trưởng đơn vị ký xác nhận"
    ).click()
    head.check("24-dien-thoai-buoc-xet-duyet")


def test_english_interface_keeps_vietnamese_dates_and_switches_back(visit, filed):
    officer = visit("chuyenvien.btdkt")
    page = officer.page
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Inbox")
    officer.check("30-english-inbox")
    page.get_by_role("link", name="Proposals").click()
    page.get_by_label("Search title or name").fill("dang thi hoa")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    assert DATE.search(text_of(page, "table tbody")), "dates stay dd/mm/yyyy in English"
    officer.check("31-english-board")
    rows.first.get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text(f"Proposal #{filed}:")
    expect(page.locator("#nominees-h")).to_have_text("Nominees (2)")
    officer.check("32-english-proposal")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("h1")).to_have_text("Emulation and commendation dashboard")
    officer.check("33-english-dashboard")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_contain_text("Bảng điều khiển")


def test_the_other_pages_pass_the_same_checks(visit, filed):
    """Pages no journey above walks through: notifications, the dashboard, administration."""
    clerk = visit("vanthu.bcvt")
    clerk.goto("/notifications/")
    clerk.check("40-thong-bao")
    director = visit("giamdoc.tttt")
    director.goto("/dashboard/")
    director.check("41-bang-dieu-khien-giam-doc")
    admin = visit("quantri")
    for path, shot in (("/admin/calendar", "42-quan-tri-lich"), ("/admin/mail", "43-quan-tri-thu")):
        admin.goto(path)
        admin.check(shot)
