"""Awards decided before a merger keep the names they were decided under, in pages, exports
and documents; a document dated after the merger is issued by the successor (issue 16)."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from sqlalchemy import select

from models import Proposal
from tests.support.docx_text import texts
from tests.support.merger import A1_NEW, A1_OLD, A_NAME, AFTER, B_NAME, BEFORE
from workflows.directory import org_history
from workflows.directory.names_asof import Names, issuer_on
from workflows.documents import context, vn

BOARD = "theodoi.btdkt"


def test_names_and_issuers_as_of_a_date(session, merger):
    names = Names(session)
    for org in (merger.a, merger.b, merger.a1, merger.b1):
        for day in (None, BEFORE, date(2025, 2, 28), date(2025, 3, 1), AFTER):
            # The memo answers exactly what org_history.name_on answers.
            assert names.both(org, day) == org_history.name_on(session, org, day)
    assert names.name(merger.a1, BEFORE) == A1_OLD
    assert names.name(merger.a1, AFTER) == A1_NEW
    assert issuer_on(session, merger.a, date(2025, 2, 28)) == merger.a
    assert issuer_on(session, merger.a, date(2025, 3, 1)) == merger.b  # the first day of B's
    assert issuer_on(session, merger.b, BEFORE) == merger.b


def _decision(session, merger, key):
    proposal = session.get(Proposal, merger.proposals[key])
    return context.decision(session, proposal)


def test_a_decision_names_the_issuer_and_the_unit_as_on_its_date(session, merger):
    before = _decision(session, merger, "a1_before")
    assert before["org_name"] == vn.upper(vn.body_name(A_NAME))
    assert "Theo đề nghị của Hội đồng Thi đua – Khen thưởng " + vn.body_name(A_NAME) in " ".join(
        before["bases"]
    )
    assert {row["unit"] for row in before["nominees"]} == {A1_OLD}

    after = _decision(session, merger, "a1_after")
    assert after["org_name"] == vn.upper(vn.body_name(B_NAME))
    assert {row["unit"] for row in after["nominees"]} == {A1_NEW}


def test_a_proposal_of_the_merged_department_decided_after_is_issued_by_the_successor(
    session, merger
):
    # Filed under Sở A and never moved, but decided on 15/4/2025: Sở A no longer signs anything.
    proposal = session.get(Proposal, merger.proposals["a1_before"])
    proposal.decision_date = date(2025, 4, 15)
    session.flush()
    doc = context.decision(session, proposal)
    assert doc["org_name"] == vn.upper(vn.body_name(B_NAME))
    assert doc["authority"] == f"GIÁM ĐỐC {vn.upper(vn.body_name(B_NAME))}"
    assert vn.upper(vn.body_name(A_NAME)) not in str(doc)
    session.rollback()


def test_the_decision_downloaded_from_the_proposal_page(login_as, merger):
    client = login_as(BOARD)
    pid = merger.proposals["a1_before"]
    page = client.get(f"/proposals/{pid}").get_data(as_text=True)
    assert f"{A1_OLD} – {A_NAME}" in page
    response = client.get(f"/proposals/{pid}/documents/quyet_dinh.docx")
    assert response.status_code == 200, response.status_code
    lines = texts(Document(io.BytesIO(response.data)))
    assert vn.upper(vn.body_name(A_NAME)) in lines
    assert vn.upper(vn.body_name(B_NAME)) not in lines

    after = client.get(f"/proposals/{merger.proposals['a1_after']}").get_data(as_text=True)
    assert f"{A1_NEW} – {B_NAME}" in after


def test_the_board_list_and_its_export_name_each_proposal_as_decided(login_as, merger):
    from tests.support.spreadsheets import read_xlsx, table_rows

    client = login_as(BOARD)
    sheet = read_xlsx(client.get("/board/export.xlsx?year=2025"))["Danh sách hồ sơ"]
    body = {row[0]: row for row in table_rows(sheet, "Số hồ sơ")}
    assert body[merger.proposals["a1_before"]][2:4] == (A1_OLD, A_NAME)
    assert body[merger.proposals["a1_after"]][2:4] == (A1_NEW, B_NAME)


def test_a_collective_history_shows_the_name_it_was_awarded_under(login_as, merger, session):
    page = login_as(BOARD).get("/history/units/tn-a1").get_data(as_text=True)
    assert f"Tên khi được khen thưởng: {A1_OLD}" in page
    # Only where it differs: the 2025 award was under today's name.
    assert page.count("Tên khi được khen thưởng") == 1
    assert session.scalar(select(Proposal.id).where(Proposal.id == merger.proposals["a1_after"]))


def test_the_board_list_reads_the_name_histories_once(app, login_as, merger):
    from tests.support.statements import selects, statements

    client = login_as(BOARD)
    with statements(app) as seen:
        page = client.get("/board/?year=2025").get_data(as_text=True)
    assert A1_OLD in page and A1_NEW in page
    # Four decided proposals of two units in two departments: one read of their names.
    assert len(selects(seen, "org_name")) == 1
