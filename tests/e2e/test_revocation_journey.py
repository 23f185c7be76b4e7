"""A revocation in Chromium against the server as `make run` starts it: the unit head proposes
it from the decided proposal's page, the board finds the check in its inbox (a case's step) and
agrees, the Director who decided the award finds the decision in theirs and revokes it; the
proposal's page then shows it revoked."""

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

    # The board finds the check in its inbox, among the other cases' steps, due in 10 working
    # days, and agrees on the case's step page (which shows what is to be revoked).
    board = visit("chuyenvien.btdkt")
    page = board.goto("/?tab=waiting")
    row = page.locator("#case-tasks tr[data-kind=revocation]")
    expect(row).to_contain_text("Hủy bỏ khen thưởng")
    expect(row).to_contain_text(name)
    row.get_by_role("link", name="Ban TĐKT tỉnh kiểm tra đề nghị hủy bỏ").click()
    expect(page.locator(".revocation-amount")).to_have_text("2.340.000 ₫")
    expect(page.locator(".revocation-basis")).to_contain_text("Điều 94")
    page.get_by_label("Đồng ý", exact=True).check()
    board.check("95-kiem-tra-thu-hoi")
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    expect(page.locator(".alert-success")).to_contain_text("Ban TĐKT tỉnh kiểm tra đề nghị hủy bỏ")

    # The Director who decided the award has the decision in the inbox.
    director = visit("giamdoc.tttt")
    page = director.goto("/?tab=waiting")
    page.locator("#case-tasks tr[data-kind=revocation]").get_by_role(
        "link", name="Giám đốc Sở quyết định hủy bỏ"
    ).click()
    expect(page.locator(".revocation-state")).to_contain_text("Chờ người đã quyết định")
    page.get_by_label("Đồng ý", exact=True).check()
    page.get_by_label("Số quyết định").fill("12/QĐ-STTTT")
    page.get_by_label("Ngày quyết định").fill("2026-03-10")
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page = director.goto(f"/proposals/{proposal_id}")
    expect(page.locator("table.revocations-waiting")).to_contain_text(
        "Đã hủy bỏ (Quyết định số 12/QĐ-STTTT ngày 10/03/2026)"
    )

    page = head.goto(f"/proposals/{proposal_id}")
    expect(page.locator(".bonus-table")).to_contain_text("Đã bị hủy bỏ")
    expect(page.get_by_role("link", name="Đề nghị hủy bỏ")).to_have_count(0)
    expect(page.locator("table.revocations-waiting")).to_contain_text("Đã hủy bỏ")
    head.check("95-ho-so-da-thu-hoi")
