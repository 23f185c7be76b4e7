"""The whole story through the app as the README starts it: `tdkt init` and `tdkt demo` on a fresh
SQLite file in the default data directory, `tdkt serve`, and Chromium (Playwright, Debian's
/usr/bin/chromium). vanthu.cntt files today for Phòng CNTT, a unit of Sở KH&CN since 1/3/2025;
the department's steps are Sở KH&CN's (thuongtruc.khcn, its council, giamdoc.khcn), and the
decision names Sở KH&CN's council."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.support.forwarding import JUSTIFICATION
from tests.support.readme_served import clean_env, free_ports, set_up, tdkt_serve
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD

#: tdkt on an SQLite file of its own, as the README starts it: the SQLite run runs it
pytestmark = pytest.mark.embedded

#: this feature's ports (one machine, several people's servers)
PORTS = range(5120, 5130)
CHROMIUM = os.environ.get("TDKT_CHROMIUM", "/usr/bin/chromium")
TITLE = "Đề nghị Lao động tiên tiến năm 2025 – Phòng CNTT (Sở KH&CN)"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
COUNCIL = ["hoidong.khcn", "congdoan.khcn", "thanhtra.khcn", "giamdoc.khcn", "giamdoc.tttt"]


def a_port() -> int:
    found = free_ports(PORTS)
    if not found:
        pytest.fail(f"no free port in {PORTS}")
    return found[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("story-served")
    env = clean_env()
    set_up(workdir, env)
    with tdkt_serve(workdir, a_port(), env) as base:
        yield base


def as_user(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context(base_url=base, locale="vi-VN").new_page()
    page.set_default_timeout(15_000)
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


def open_task(page: Page, name: str) -> None:
    page.goto("/")
    row = page.locator("tr", has_text=TITLE).filter(has=page.get_by_role("link", name=name))
    row.get_by_role("link", name=name).click()
    expect(page.locator("h1")).to_have_text(name)


def approve(page: Page, **fields: str) -> None:
    page.get_by_label("Đồng ý", exact=True).check()
    for label, value in fields.items():
        page.get_by_label(label, exact=False).fill(value)
    justification = page.get_by_label("Lý do chuyển tiếp dù không đạt tiêu chí")
    if justification.count():
        justification.fill(JUSTIFICATION)
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xử lý")


def test_vanthu_cntt_files_today_and_sokhcn_decides_in_the_browser(server, browser):
    page = as_user(browser, server, "vanthu.cntt")
    page.get_by_role("link", name="Lập hồ sơ").click()
    page.get_by_label("Loại khen thưởng").select_option(label="Lao động tiên tiến")
    page.get_by_label("Năm xét khen thưởng").fill("2025")
    page.get_by_label("Tiêu đề hồ sơ").fill(TITLE)
    page.get_by_label("Tóm tắt thành tích của hồ sơ").fill("Hoàn thành tốt nhiệm vụ năm 2025.")
    page.locator("#nominees-0-name").fill("Nguyễn Văn Ánh")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_have_text("Đã lưu hồ sơ.")
    for kind in ("bien_ban_binh_xet", "danh_gia_xep_loai"):
        page.get_by_label("Tệp chọn dưới đây là giấy tờ nào").select_option(value=kind)
        page.locator("input[type=file][name=attachments]").first.set_input_files(
            files=[{"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        page.get_by_role("button", name="Tải lên").click()
        expect(page.locator(f".dossier-checklist [data-item={kind}]")).to_contain_text(
            "Đã đính kèm"
        )
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(page.locator(".alert-success")).to_have_text("Đã nộp hồ sơ.")
    proposal_url = page.url

    head = as_user(browser, server, "truongphong.cntt")
    open_task(head, "Trưởng đơn vị ký xác nhận")
    approve(head)

    # Sở TT&TT's secretariat, whose role ended on 28/02/2025, has nothing of it.
    old = as_user(browser, server, "thuongtruc.tttt")
    old.goto("/")
    expect(old.locator("tr", has_text=TITLE)).to_have_count(0)

    secretariat = as_user(browser, server, "thuongtruc.khcn")
    open_task(secretariat, "Thường trực Hội đồng kiểm tra hồ sơ")
    approve(secretariat)
    for member in COUNCIL:
        ballot = as_user(browser, server, member)
        open_task(ballot, "Hội đồng TĐKT Sở bình xét")
        radios = ballot.get_by_role("radio", name="Đồng ý", exact=True)
        for i in range(radios.count()):
            radios.nth(i).check()
        ballot.get_by_role("button", name="Bỏ phiếu").click()
        expect(ballot.locator(".alert-success")).to_contain_text("Đã bỏ phiếu")

    director = as_user(browser, server, "giamdoc.khcn")
    open_task(director, "Giám đốc Sở quyết định khen thưởng")
    expect(director.get_by_label("Người ký")).to_have_value("Nguyễn Mạnh Cường")
    approve(director, **{"Số quyết định": "45/QĐ-SKHCN"})

    director.goto(proposal_url)
    expect(director.locator("dl .badge")).to_have_text("Đã quyết định khen thưởng")
    link = director.get_by_role("link", name="Quyết định (PDF)")
    response = director.request.get(link.get_attribute("href") or "")
    assert response.ok
    pages = PdfReader(io.BytesIO(response.body())).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Số: 45/QĐ-SKHCN" in text
    assert "Hội đồng Thi đua – Khen thưởng Sở Khoa học và Công nghệ" in text
    assert "Nguyễn Mạnh Cường" in text and "Nguyễn Văn Ánh" in text
