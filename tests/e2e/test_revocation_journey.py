"""A revocation in Chromium against the server as `make run` starts it: the unit head proposes
it from the decided proposal's page, the board finds it on its dashboard and agrees, the
Director who decided the award revokes it; the proposal's page then shows it revoked."""

from __future__ import annotations

from playwright.sync_api import expect

from models.database import make_engine, make_session_factory
from tests.support.revocations import decided_cstdcs_2024

REASON = "Hồ sơ khai man thành tích sáng kiến"
BASIS = "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 94"


def test_a_revocation_proposed_checked_and_decided_through_the_pages(visit, live_server):
    engine = make_engine(live_server.database_url)
    with make_session_factory(engine)() as session:
        _person, record, _used = decided_cstdcs_2024(session)
        proposal_id, name = record.proposal_id, record.subject_name
        session.commit()
    engine.dispose()

    head = visit("truongphong.cntt")
    page = head.goto(f"/proposals/{proposal_id}")
    page.get_by_role("link", name="Đề nghị hủy bỏ").click()
    expect(page.locator(".revocation-amount")).to_have_text("2.340.000 ₫")
    page.get_by_label("Lý do hủy bỏ").fill(REASON)
    page.get_by_label("Căn cứ pháp lý").fill(BASIS)
    page.get_by_label("Sáng kiến đã dùng cho khen thưởng này được dùng lại").check()
    head.check("95-de-nghi-thu-hoi")
    page.get_by_role("button", name="Gửi đề nghị hủy bỏ").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi đề nghị hủy bỏ số")
    expect(page.locator(".revocation-state")).to_contain_text("Chờ Ban Thi đua")

    board = visit("chuyenvien.btdkt")
    page = board.goto("/dashboard/")
    waiting = page.locator("table.revocations-waiting")
    expect(waiting).to_contain_text(name)
    expect(waiting).to_contain_text("2.340.000 ₫")
    expect(waiting).to_contain_text("Điều 94")
    waiting.get_by_role("link").first.click()
    page.get_by_label("Đồng ý", exact=True).check()
    board.check("95-kiem-tra-thu-hoi")
    page.get_by_role("button", name="Ghi ý kiến kiểm tra").click()
    expect(page.locator(".revocation-state")).to_contain_text("Chờ người đã quyết định")
    path = page.url

    director = visit("giamdoc.tttt")
    page = director.goto("/" + path.split("/", 3)[3])
    page.get_by_label("Đồng ý", exact=True).check()
    page.get_by_label("Số quyết định hủy bỏ").fill("12/QĐ-STTTT")
    page.get_by_label("Ngày quyết định (dd/mm/yyyy)").fill("2026-03-10")
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.locator(".revocation-state")).to_contain_text(
        "Đã hủy bỏ (Quyết định số 12/QĐ-STTTT ngày 10/03/2026)"
    )

    page = head.goto(f"/proposals/{proposal_id}")
    expect(page.locator(".bonus-table")).to_contain_text("Đã bị hủy bỏ")
    expect(page.get_by_role("link", name="Đề nghị hủy bỏ")).to_have_count(0)
    expect(page.locator("table.revocations-waiting")).to_contain_text("Đã hủy bỏ")
    head.check("95-ho-so-da-thu-hoi")
