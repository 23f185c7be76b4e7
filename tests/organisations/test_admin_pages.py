"""The organisations pages: the tree as of a date and one organisation's life (administrators
and the board), an event's form → preview → confirm (administrators only), refusals shown on
the form naming the field."""

from __future__ import annotations

import re

from sqlalchemy import select

from models import Organisation, OrgEvent

MERGE = {
    "kind": "merge",
    "effective_on": "01/03/2025",
    "decision_no": "215/QĐ-UBND",
    "decision_date": "20/02/2025",
    "issued_by": "UBND tỉnh Điện Biên",
    "organisations": "t-so-a",
    "successor": "t-so-b",
    "roles": "move",
}


def once(html: str) -> str:
    return re.search(r'name="form_once" value="([^"]+)"', html).group(1)


def test_an_administrator_previews_then_applies_a_merge(login_as, world, session):
    admin = login_as("quantri")
    form = admin.get("/admin/organisations/events/new/merge")
    assert form.status_code == 200 and "Sáp nhập" in form.get_data(as_text=True)
    preview = admin.post("/admin/organisations/events/preview", data=MERGE)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    assert 'data-category="units"' in page and "Văn phòng Sở A → Sở Thử nghiệm B" in page
    assert session.scalar(select(OrgEvent.id)) is None  # nothing written by the preview
    applied = admin.post("/admin/organisations/events", data={**MERGE, "form_once": once(page)})
    assert applied.status_code == 302
    life = admin.get(applied.headers["Location"]).get_data(as_text=True)
    assert "215/QĐ-UBND" in life and "Đã ghi sự kiện" in life
    session.rollback()  # a fresh snapshot after the request's commit
    a = session.scalar(select(Organisation).where(Organisation.code == "t-so-a"))
    assert a.valid_to is not None
    tree = admin.get("/admin/organisations/?on=01/03/2025").get_data(as_text=True)
    assert "không tồn tại ngày này" in tree
    earlier = admin.get("/admin/organisations/?on=01/01/2025").get_data(as_text=True)
    assert earlier.count("không tồn tại ngày này") < tree.count("không tồn tại ngày này")


def test_a_refusal_is_shown_on_the_form_naming_the_field(login_as, world, session):
    admin = login_as("quantri")
    response = admin.post(
        "/admin/organisations/events/preview", data={**MERGE, "successor": "t-so-a-vp"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="successor-error"' in page and "trực thuộc" in page
    response = admin.post("/admin/organisations/events/preview", data={**MERGE, "decision_no": ""})
    assert 'id="decision_no-error"' in response.get_data(as_text=True)
    assert session.scalar(select(OrgEvent.id)) is None


def test_the_board_reads_and_others_are_kept_out(login_as, world):
    board = login_as("theodoi.btdkt")
    assert board.get("/admin/organisations/").status_code == 200
    assert board.get("/admin/organisations/t-so-a").status_code == 200
    assert board.get("/admin/organisations/events/new/merge").status_code == 403
    assert board.post("/admin/organisations/events", data=MERGE).status_code == 403
    unit = login_as("vanthu.cntt")
    assert unit.get("/admin/organisations/").status_code == 403
