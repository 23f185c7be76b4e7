"""An administrator merges two departments in a real browser against the server as `make run`
starts it: the tree, the merge form (a refusal first, shown on its field), the preview of what
moves, the confirmation, and the successor's life with the event and its decision."""

from __future__ import annotations

from playwright.sync_api import expect

from models.database import make_engine, make_session_factory
from tests.support import orgworld


def test_an_administrator_merges_two_departments_with_the_preview(visit, live_server):
    engine = make_engine(live_server.database_url)
    with make_session_factory(engine)() as session:
        orgworld.build(session)
        session.commit()
    engine.dispose()

    admin = visit("quantri")
    page = admin.goto("/admin/")
    page.get_by_role("link", name="Tổ chức theo ngày").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tổ chức ngày")
    admin.check("org-tree")
    page.get_by_role("link", name="Sáp nhập, hợp nhất").click()
    page.get_by_label("Hiệu lực từ ngày (dd/mm/yyyy)").fill("01/03/2025")
    page.get_by_label("Các tổ chức sáp nhập (tiền thân)").select_option(value=["t-so-a"])
    page.get_by_label("Sáp nhập vào tổ chức đã có").select_option(value="t-so-b")
    page.get_by_label("Cơ quan ban hành").fill("UBND tỉnh Điện Biên")
    with admin.refused():  # no decision number: refused on its field
        page.get_by_role("button", name="Xem trước những gì thay đổi").click()
    expect(page.locator("#decision_no-error")).to_contain_text("số quyết định")
    admin.check("org-merge-refused")
    page.get_by_label("Số quyết định").fill("215/QĐ-UBND")
    page.get_by_role("button", name="Xem trước những gì thay đổi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xem trước")
    units = page.locator('tr[data-category="units"]')
    expect(units).to_contain_text("Văn phòng Sở A → Sở Thử nghiệm B")
    expect(page.locator('tr[data-category="roles_moved"] td.text-end')).to_have_text("2")
    admin.check("org-merge-preview")
    page.get_by_role("button", name="Xác nhận và áp dụng").click()
    expect(page.locator(".alert-success")).to_contain_text("215/QĐ-UBND")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Thử nghiệm A")
    admin.check("org-merge-applied")
    page.get_by_role("link", name="Sở Thử nghiệm B tỉnh Điện Biên").first.click()
    expect(page.locator("table").last).to_contain_text("215/QĐ-UBND")
    admin.check("org-successor-life")
