"""The board prints a decision's certificates in a real browser against the server as `make
run` starts it: the links on the proposal page, the batch downloaded and read back, and the
bonuses paid per year on their page."""

from __future__ import annotations

import io

from playwright.sync_api import expect
from pypdf import PdfReader

from models.database import make_engine, make_session_factory
from tests.support.bonuses import record_merger_decisions
from tests.support.merger import B1_NAME, B_NAME, build


def test_the_board_prints_a_batch_and_reads_the_money(visit, live_server):
    engine = make_engine(live_server.database_url)
    with make_session_factory(engine)() as session:
        ids = record_merger_decisions(session, build(session))
        session.commit()
    engine.dispose()

    board = visit("theodoi.btdkt")
    page = board.goto(f"/proposals/{ids['b1_after']}")
    batch = page.get_by_role("link", name="In tất cả (PDF, 3 bản)")
    expect(batch).to_be_visible()
    expect(page.locator("a.certificate-one")).to_have_count(3)
    board.check("92-in-giay-khen-tren-trang-ho-so")
    with page.expect_download() as info:
        batch.click()
    download = info.value
    assert download.suggested_filename == f"giay-khen-ho-so-{ids['b1_after']}.pdf"
    reader = PdfReader(io.BytesIO(download.path().read_bytes()))
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(texts) == 3
    for n, text in enumerate(texts):
        assert f"Cán bộ b1_after {n}" in text
        assert f"{B1_NAME}, {B_NAME}" in text
        assert "Quyết định số 3/QĐ-THU ngày 20/12/2025" in text

    page = board.goto("/dashboard/money?year=2025&rollup=0")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tiền thưởng")
    table = page.locator("table.money-table[data-year='2025']")
    expect(table).to_contain_text(B_NAME)
    expect(table).to_contain_text("3.510.000 ₫")  # the provincial Bằng khen: 1.5 × 2,340,000
    board.check("92-tien-thuong-theo-nam")
