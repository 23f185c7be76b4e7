"""The board's pages for the province's rules (/admin/rules): read by the board and
administrators only, a new version added from a form, a bad value sent back with its field
marked, and the dossier checklist on a proposal page naming the list's basis."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from models import ProvinceRule
from tests.support.deadlines import VN

OFFICER = "chuyenvien.btdkt"
SOURCE = "Quyết định số 07/2026/QĐ-UBND của UBND tỉnh Điện Biên, Điều 3"


def _form(**overrides) -> dict:
    return {
        "key": "department",
        "quorum": "4/5",
        "approval": "1/2",
        "approval_of": "cast",
        "strict": "1",
        "valid_from": "2026-02-01",
        "source": SOURCE,
        **overrides,
    }


def test_the_board_officer_adds_a_quorum_and_a_bad_one_is_sent_back(clock, login_as, session):
    clock(datetime(2026, 1, 5, 9, 0, tzinfo=VN))
    officer = login_as(OFFICER)
    page = officer.get("/admin/rules/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Túc số và ngưỡng thông qua của Hội đồng" in text and "mặc định" in text
    bad = officer.post("/admin/rules/council", data=_form(quorum="1,5"))
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    assert "value.quorum" in body and "không quá 1" in body
    assert session.scalars(select(ProvinceRule)).all() == []
    good = officer.post("/admin/rules/council", data=_form())
    assert good.status_code == 302
    session.rollback()  # a fresh snapshot: the request committed after the read above
    [row] = session.scalars(select(ProvinceRule)).all()
    assert (row.key, row.value["quorum"], row.valid_from) == (
        "department",
        {"num": 4, "den": 5},
        date(2026, 2, 1),
    )
    listed = officer.get("/admin/rules/council").get_data(as_text=True)
    assert SOURCE in listed and "01/02/2026" in listed
    as_of = officer.get("/admin/rules/?on=01/02/2026").get_data(as_text=True)
    assert "Túc số 4/5 thành viên" in as_of


def test_others_cannot_read_or_write_the_rules(login_as):
    nominator = login_as("vanthu.cntt")
    assert nominator.get("/admin/rules/").status_code == 403
    assert nominator.post("/admin/rules/council", data=_form()).status_code == 403
    director = login_as("giamdoc.tttt")
    assert director.get("/admin/rules/council").status_code == 403
    assert login_as("quantri").get("/admin/rules/dossier").status_code == 200


def test_the_proposal_page_shows_the_basis_of_its_checklist(api, login_as):
    pid = api("vanthu.cntt").file("LDTT", dossier=False)
    page = login_as("vanthu.cntt").get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Căn cứ: Nghị định 152/2025/NĐ-CP" in page
