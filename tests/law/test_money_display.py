"""What a decision gave, where people read it: the proposal page and the quyết định .docx.

Amounts are worked out by hand: coefficient × base salary on the decision date, rounded up to
the next ten thousand đồng (Decree 152/2025 Art. 49)."""

from __future__ import annotations

import io

import lxml.html
import pytest
from docx import Document
from sqlalchemy import delete, select, update

from models import AwardRecord, Nominee
from tests.support.docx_text import rows, texts

NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lò Văn Cường")


def _decided(api, year: int, decision_date: str) -> int:
    """An LĐTT proposal of three; the council votes Bình down; the Director decides."""
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT", year=year, nominees=[{"name": n} for n in NAMES])
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    detail = nominator.ok("GET", f"/proposals/{pid}")
    choices = {str(n["id"]): "no" if n["name"] == NAMES[1] else "yes" for n in detail["nominees"]}
    # One secret ballot per council member, each cast by its member, all alike.
    ballots = detail["current_tasks"]
    assert {t["element"] for t in ballots} == {"council_vote"}
    for ballot in ballots:
        (member,) = ballot["candidates"]
        api(member).ok(
            "POST", f"/tasks/{ballot['id']}/complete", json={"action": "vote", "choices": choices}
        )
    api("giamdoc.tttt").act(
        pid, decision_no="45/QĐ-STTTT", decision_date=decision_date, signer="Vũ Đức Thắng"
    )
    return pid


def _bonus_table(page: str) -> tuple[list[list[str]], list[str]]:
    tree = lxml.html.fromstring(page)
    (table,) = tree.xpath('//section[@aria-labelledby="bonuses-h"]//table')
    body = [
        [" ".join(c.text_content().split()) for c in tr.xpath("td")]
        for tr in table.xpath("tbody/tr")
    ]
    foot = [" ".join(c.text_content().split()) for c in table.xpath("tfoot/tr/*")]
    return body, foot


@pytest.mark.parametrize(
    ("year", "decision_date", "each", "total"),
    [
        # 0,3 × 2 340 000 = 702 000 → 710 000 (base salary until 30/6/2026); two: 1 420 000
        (2025, "15/12/2025", "710.000 ₫", "1.420.000 ₫"),
        # 0,3 × 2 530 000 = 759 000 → 760 000 (from 1/7/2026); two: 1 520 000
        (2026, "20/11/2026", "760.000 ₫", "1.520.000 ₫"),
    ],
)
def test_the_proposal_page_shows_each_amount_and_the_voted_down(
    api, login_as, year, decision_date, each, total
):
    pid = _decided(api, year, decision_date)
    page = login_as("vanthu.cntt").get(f"/proposals/{pid}")
    assert page.status_code == 200
    body, foot = _bonus_table(page.get_data(as_text=True))
    granted = f"Được khen thưởng (Quyết định số 45/QĐ-STTTT ngày {decision_date})"
    assert [row[:4] for row in body] == [
        ["1", "Nguyễn Văn An", granted, each],
        ["2", "Trần Thị Bình", "Không được Hội đồng thông qua", ""],
        ["3", "Lò Văn Cường", granted, each],
    ]
    # The basis names the coefficient and the base salary in force that day.
    salary = "2.340.000" if year == 2025 else "2.530.000"
    assert body[0][4].startswith(f"0,3 × {salary} đ = ") and body[1][4] == ""
    assert foot[:2] == ["Tổng cộng", total]


def test_the_page_before_a_decision_has_no_money(api, login_as):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    page = login_as("vanthu.cntt").get(f"/proposals/{pid}").get_data(as_text=True)
    assert 'id="bonuses-h"' not in page


def test_the_decision_document_prints_the_recorded_amounts_and_their_total(api, login_as, session):
    pid = _decided(api, 2025, "15/12/2025")
    client = login_as("vanthu.cntt")

    def document():
        response = client.get(f"/proposals/{pid}/documents/quyet_dinh.docx")
        assert response.status_code == 200
        return Document(io.BytesIO(response.data))

    doc = document()
    annex = rows(doc.tables[-1])
    # Bình was voted down: not in the decision.
    assert [r[1] for r in annex[1:-1]] == ["Nguyễn Văn An", "Lò Văn Cường"]
    assert [r[5] for r in annex[1:]] == ["710.000", "710.000", "1.420.000"]
    lines = texts(doc)
    assert any("cho 2 cá nhân có tên trong danh sách" in line for line in lines)
    article_2 = next(line for line in lines if line.startswith("Điều 2."))
    assert "710.000 đồng" in article_2 and "tổng số tiền thưởng 1.420.000 đồng" in article_2
    assert any(
        line.startswith("Mức tiền thưởng: 0,3 × 2.340.000 đ = 702.000 đ, làm tròn lên 710.000 đ")
        for line in lines
    )

    # An amount amended in the history (say, a corrected decision) is what the document
    # prints: it reads the records, it does not compute the amounts again.
    cuong = session.scalar(
        select(Nominee.id).where(Nominee.proposal_id == pid, Nominee.name == "Lò Văn Cường")
    )
    session.execute(
        update(AwardRecord).where(AwardRecord.nominee_id == cuong).values(bonus_amount=720_000)
    )
    session.commit()
    doc = document()
    assert [r[5] for r in rows(doc.tables[-1])[1:]] == ["710.000", "720.000", "1.430.000"]
    article_2 = next(line for line in texts(doc) if line.startswith("Điều 2."))
    # No longer one amount for all: per the annex, with the new total (710 000 + 720 000).
    assert "theo danh sách kèm theo" in article_2
    assert "tổng số tiền thưởng 1.430.000 đồng" in article_2

    # A proposal decided before award records existed has none: its amounts are computed
    # from the rules of the decision date, still without the voted-down nominee.
    session.execute(delete(AwardRecord).where(AwardRecord.proposal_id == pid))
    session.commit()
    annex = rows(document().tables[-1])
    assert [(r[1], r[5]) for r in annex[1:]] == [
        ("Nguyễn Văn An", "710.000"),
        ("Lò Văn Cường", "710.000"),
        ("Tổng cộng", "1.420.000"),
    ]
