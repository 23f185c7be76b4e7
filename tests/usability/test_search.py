"""Searching "nguyen van" finds "Nguyễn Văn": board and API, kept current, filled by migration."""

from __future__ import annotations

import re

from sqlalchemy import MetaData, insert, select

from models import Proposal
from models.database import make_engine
from models.migrate import upgrade
from tests.support.accounts import PASSWORD
from tests.support.first_revision import ROWS_AT_FIRST
from tests.support.pages import file_proposal

ROW = re.compile(r'<a href="/proposals/(\d+)">')


def board_ids(client, query: str) -> set[int]:
    response = client.get("/board/?" + query)
    assert response.status_code == 200
    return {int(i) for i in ROW.findall(response.get_data(as_text=True))}


def api_ids(app, username: str, **params) -> set[int]:
    client = app.test_client()
    token = client.post(
        "/api/v1/auth/token", json={"username": username, "password": PASSWORD}
    ).get_json()["token"]
    response = client.get(
        "/api/v1/proposals", query_string=params, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.get_json()
    return {item["id"] for item in response.get_json()["items"]}


def test_board_and_api_find_titles_and_names_whatever_their_marks(login_as, app):
    nominator = login_as("vanthu.cntt")
    anh = file_proposal(
        nominator, title="Đề nghị khen Đội ngũ kỹ thuật", nominees=("Nguyễn Văn Ánh",)
    )
    lan = file_proposal(
        nominator, title="Đề nghị năm 2025", nominees=("Nguyễn Thị Lan", "Lò Đức Anh")
    )
    board = login_as("theodoi.btdkt")
    assert board_ids(board, "q=nguyen+van") == {anh}
    assert board_ids(board, "q=NGUYỄN") == {anh, lan}
    assert board_ids(board, "q=duc+anh") == {lan}  # đ typed as d, words in any order
    assert board_ids(board, "q=doi+ngu") == {anh}  # the title counts too
    assert board_ids(board, "q=nguyen+hoa") == set()  # every word must be there
    assert board_ids(board, "q=%25") == set()  # a LIKE wildcard is a character, not "anything"
    assert board_ids(board, "q=nguyen&status=in_review") == {anh, lan}
    assert board_ids(board, "q=nguyen&status=approved") == set()
    assert api_ids(app, "theodoi.btdkt", q="lo duc") == {lan}
    assert api_ids(app, "theodoi.btdkt", q="Nguyen  VAN") == {anh}
    # The search never widens what a user may see.
    assert api_ids(app, "vanthu.yte", q="nguyen") == set()


def test_the_api_refuses_an_overlong_search(app):
    client = app.test_client()
    token = client.post(
        "/api/v1/auth/token", json={"username": "theodoi.btdkt", "password": PASSWORD}
    ).get_json()["token"]
    response = client.get(
        "/api/v1/proposals?q=" + "a" * 101, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 400 and "q" in response.get_json()["fields"]


def test_editing_a_proposal_keeps_its_search_text_current(login_as):
    nominator = login_as("vanthu.cntt")
    pid = file_proposal(nominator, nominees=("Trần Văn Bình",), submit=False)
    response = nominator.post(
        f"/proposals/{pid}/edit",
        data={
            "award_code": "LDTT",
            "year": "2025",
            "title": "Đề nghị LĐTT",
            "summary": "Hoàn thành tốt nhiệm vụ.",
            "nominees-0-name": "Hà Thị Thủy",
            "save": "1",
        },
    )
    assert response.status_code == 302
    board = login_as("theodoi.btdkt")
    assert board_ids(board, "q=tran+van+binh") == set()
    assert board_ids(board, "q=ha+thi+thuy") == {pid}


def test_the_migration_fills_the_search_text_of_proposals_already_there(empty_db_url):
    upgrade(empty_db_url, "0001")
    engine = make_engine(empty_db_url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as conn:
        for table, rows in ROWS_AT_FIRST:
            conn.execute(insert(meta.tables[table]), rows)
    engine.dispose()

    upgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    with engine.connect() as conn:
        text = conn.scalar(select(Proposal.search_text).where(Proposal.id == 901))
    engine.dispose()
    # "Hồ sơ lập ở phiên bản đầu" with its nominee "Lò Văn Thử"
    assert text == "ho so lap o phien ban dau lo van thu"
