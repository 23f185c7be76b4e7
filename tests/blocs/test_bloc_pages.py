"""The bloc's year through its pages: the head makes the pledge and edits its table, a member
signs and self-scores with evidence (a score above the maximum is refused on the page naming
the criterion), the head cross-checks; the ranking table prints and exports to .xlsx."""

from __future__ import annotations

import io

from openpyxl import load_workbook


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_head_makes_a_pledge_from_the_page(login_as):
    head = login_as("truongkhoi.vhxh")
    page = head.get("/blocs/")
    assert page.status_code == 200 and "Lập giao ước thi đua" in _text(page)
    form = {
        "grouping": "khoi-vhxh",
        "year": "2026",
        "title": "Giao ước thi đua năm 2026",
        "kind_1": "criterion",
        "name_1": "Hoàn thành nhiệm vụ",
        "max_1": "60",
        "evidence_1": "Báo cáo",
        "kind_2": "penalty",
        "name_2": "Vi phạm kỷ luật",
        "max_2": "10",
        "name_3": "",
        "max_3": "",
    }
    made = head.post("/blocs/", data=form)
    assert made.status_code == 302
    detail = head.get(made.headers["Location"])
    assert "Hoàn thành nhiệm vụ" in _text(detail) and "Vi phạm kỷ luật" in _text(detail)
    # a member of the bloc may not make one
    member = login_as("giamdoc.yte")
    assert "Lập giao ước thi đua" not in _text(member.get("/blocs/"))
    refused = member.post("/blocs/", data={**form, "year": "2027"}, follow_redirects=True)
    assert "Chỉ Trưởng" in _text(refused)


def test_a_member_self_scores_from_the_page(login_as, bloc_year):
    year = bloc_year(scoring=True)
    criteria = year.criteria()
    member = login_as(year.members["soyte"])
    page = _text(member.get(f"/blocs/{year.pledge_id}"))
    assert 'id="self-score"' in page
    too_many = {f"points_{c['id']}": str(min(10, c["max_points"])) for c in criteria}
    too_many[f"points_{criteria[0]['id']}"] = "70"
    too_many[f"evidence_{criteria[0]['id']}"] = "Báo cáo 01/BC"
    refused = member.post(f"/blocs/{year.pledge_id}/scores", data=too_many, follow_redirects=True)
    assert "Thực hiện nhiệm vụ chính trị được giao: 70 điểm vượt mức tối đa 50 điểm" in _text(
        refused
    )
    good = {**too_many, f"points_{criteria[0]['id']}": "48"}
    good[f"evidence_{criteria[2]['id']}"] = "QĐ 15/QĐ-UBND"
    member.post(f"/blocs/{year.pledge_id}/scores", data=good)
    soyte = next(m for m in year.detail()["members"] if m["member"] == "soyte")
    assert soyte["status"] == "submitted" and soyte["total"] == 48 + 10 + 5 - 5
    head = login_as("truongkhoi.vhxh")
    returned = head.post(
        f"/blocs/{year.pledge_id}/check",
        data={"member": str(soyte["member_id"]), "action": "return", "reason": "Thiếu minh chứng"},
        follow_redirects=True,
    )
    assert "Thiếu minh chứng" in _text(returned)


def test_the_ranking_prints_and_exports(login_as, bloc_year):
    year = bloc_year(scoring=True)
    for code in year.members:
        year.self_score(code, [40 if code == "soyte" else 30, 20, 0, 0])
    year.accept_all()
    year.act(year.head, "open_ballot")
    for code in year.members:
        year.vote(code)
    year.act(year.head, "close_ballot")
    reader = login_as("vanthu.cntt")
    page = reader.get(f"/blocs/{year.pledge_id}/ranking")
    assert page.status_code == 200
    text = _text(page)
    assert "Bảng xếp hạng Khối thi đua Văn hóa – Xã hội" in text
    assert "Cờ thi đua của UBND tỉnh" in text and "print.css" in text
    sheet = reader.get(f"/blocs/{year.pledge_id}/ranking.xlsx")
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.data))
    rows = list(book.active.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Hạng")
    first = rows[header + 1]
    assert first[0] == 1
    assert first[5] == 60 and first[7] == "Cờ thi đua của UBND tỉnh"


def test_the_navigation_shows_the_blocs_to_whoever_follows_one(login_as):
    link = 'href="/blocs/"'
    for username in ("truongkhoi.vhxh", "giamdoc.yte", "thuongtruc.yte", "theodoi.btdkt"):
        assert link in _text(login_as(username).get("/", follow_redirects=True)), username
    # a unit's nominator, a department council member: no bloc is their work
    for username in ("vanthu.yte", "hoidong.yte"):
        assert link not in _text(login_as(username).get("/", follow_redirects=True)), username
