"""Who sees and acts on what through the pages; bad input; CSRF; escaping."""

import pytest
from sqlalchemy import func, select

from models import AuditEvent, HumanTask, Nominee, Proposal, WorkflowInstance
from tests.support.accounts import PASSWORD
from tests.support.pages import act, file_proposal, inbox_tasks
from webapp import create_app

TABLES = (Proposal, Nominee, AuditEvent, HumanTask, WorkflowInstance)


def counts(session):
    session.rollback()  # a new read transaction sees the latest commit
    return {t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in TABLES}


def test_another_department_neither_sees_nor_acts(login_as):
    pid = file_proposal(login_as("vanthu.cntt"))
    [(tid, _)] = inbox_tasks(login_as("truongphong.cntt"))
    for username in ("vanthu.yte", "giamdoc.yte", "truongphong.bcvt"):
        other = login_as(username)
        assert other.get(f"/proposals/{pid}").status_code == 404
        assert other.get(f"/tasks/{tid}").status_code == 404
        assert act(other, tid).status_code == 404
        assert other.post(f"/tasks/{tid}/claim").status_code == 404
        assert f"/proposals/{pid}" not in other.get("/board/").get_data(as_text=True)


def test_the_board_reads_everything_and_acts_on_nothing(login_as, session):
    pid = file_proposal(login_as("vanthu.cntt"))
    yte = file_proposal(login_as("vanthu.yte"), title="Hồ sơ của Sở Y tế")
    board = login_as("theodoi.btdkt")
    listing = board.get("/board/").get_data(as_text=True)
    assert f"/proposals/{pid}" in listing and f"/proposals/{yte}" in listing
    [(tid, _)] = inbox_tasks(login_as("truongphong.cntt"))
    page = board.get(f"/tasks/{tid}")
    assert page.status_code == 200 and "không có vai trò" in page.get_data(as_text=True)
    before = counts(session)
    assert act(board, tid).status_code == 403
    assert board.post(f"/tasks/{tid}/claim").status_code == 403
    assert counts(session) == before


def test_a_nominator_cannot_approve_their_own_proposal(login_as, app, session):
    from workflows.directory.users import assign, get_or_create_user

    with app.extensions["tdkt_sessions"]() as s:
        assign(
            s,
            get_or_create_user(s, "vanthu.cntt", "", "unused-password"),
            "unit_head",
            "sotttt-cntt",
        )
        s.commit()
    nominator = login_as("vanthu.cntt")
    file_proposal(nominator)
    assert inbox_tasks(nominator) == []
    [(tid, _)] = inbox_tasks(login_as("truongphong.cntt"))
    before = counts(session)
    response = act(nominator, tid)
    assert response.status_code == 403
    assert "người lập hồ sơ" in response.get_data(as_text=True)
    assert counts(session) == before


def test_board_filters(login_as):
    ldtt = file_proposal(login_as("vanthu.cntt"), award="LDTT", title="Hồ sơ LĐTT")
    flag = file_proposal(
        login_as("vanthu.cntt"), award="CO_THI_DUA_TINH", title="Hồ sơ Cờ", nominees=("Phòng CNTT",)
    )
    yte = file_proposal(login_as("vanthu.yte"), award="LDTT", title="Hồ sơ Y tế")
    board = login_as("theodoi.btdkt")

    def listed(query):
        html = board.get("/board/?" + query).get_data(as_text=True)
        return {pid for pid in (ldtt, flag, yte) if f'href="/proposals/{pid}"' in html}

    assert listed("award=LDTT") == {ldtt, yte}
    assert listed("org=sotttt") == {ldtt, flag}
    assert listed("org=soyte-vp&award=LDTT") == {yte}
    assert listed("stage=unit") == {ldtt, flag, yte}
    assert listed("status=approved") == set()
    assert listed("year=2024") == set()


def test_bad_proposal_input_is_refused_next_to_the_field_and_writes_nothing(login_as, session):
    nominator = login_as("vanthu.cntt")
    before = counts(session)
    response = nominator.post(
        "/proposals/new",
        data={"award_code": "LDTT", "year": "2025", "title": "", "summary": "x", "save": "1"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "cần ít nhất một" in html  # no nominee
    assert 'id="title"' in html and "is-invalid" in html
    too_long = nominator.post(
        "/proposals/new",
        data={
            "award_code": "LDTT",
            "year": "2025",
            "title": "T" * 256,
            "summary": "x",
            "nominees-0-name": "A",
            "save": "1",
        },
    )
    assert too_long.status_code == 400
    unknown = nominator.post(
        "/proposals/new",
        data={
            "award_code": "NOPE",
            "year": "2025",
            "title": "T",
            "summary": "x",
            "nominees-0-name": "A",
            "save": "1",
        },
    )
    assert unknown.status_code == 400
    assert counts(session) == before


def test_user_text_is_escaped_on_every_page(login_as):
    evil = '<script>alert("x")</script>'
    pid = file_proposal(login_as("vanthu.cntt"), title=evil, nominees=(evil,))
    pages = {
        "vanthu.cntt": ["/", f"/proposals/{pid}", "/board/"],
        "truongphong.cntt": ["/", f"/proposals/{pid}"],
        "theodoi.btdkt": ["/board/", f"/proposals/{pid}"],
    }
    for username, urls in pages.items():
        client = login_as(username)
        for url in urls:
            html = client.get(url).get_data(as_text=True)
            assert evil not in html, url
    head = login_as("truongphong.cntt")
    [(tid, _)] = inbox_tasks(head)
    html = head.get(f"/tasks/{tid}").get_data(as_text=True)
    assert evil not in html and "&lt;script&gt;" in html


def test_login_refuses_a_wrong_password(client):
    response = client.post("/login", data={"username": "vanthu.cntt", "password": "sai-mat-khau"})
    assert response.status_code == 401
    assert "không đúng" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still anonymous


@pytest.fixture
def csrf_app(db_url):
    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "t"})
    yield app
    app.extensions["tdkt_engine"].dispose()


def test_forms_need_the_csrf_token(csrf_app):
    client = csrf_app.test_client()
    assert (
        client.post("/login", data={"username": "vanthu.cntt", "password": PASSWORD}).status_code
        == 400
    )
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    ok = client.post(
        "/login", data={"username": "vanthu.cntt", "password": PASSWORD, "csrf_token": token}
    )
    assert ok.status_code == 302


def test_security_headers(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
