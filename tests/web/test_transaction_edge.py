"""One transaction edge for requests (webapp/transaction.py): a write request commits once when it
answers 2xx/3xx and rolls back otherwise; views never commit.

Probe routes added to the test's app flush a LoginAttempt (a row with no links) and then answer in
each way a view can; real views show the cases that must write despite a refusal.
"""

from __future__ import annotations

import ast
import fcntl
import hashlib
import io
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Blueprint, current_app, flash, redirect
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from models import Attachment, LoginAttempt, User, utcnow, write_queue
from webapp import transaction
from webapp.extensions import db
from workflows.errors import ValidationFailed
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD as PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PROBE = "probe.invalid"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _write(name: str = PROBE) -> None:
    db.session.add(LoginAttempt(at=utcnow(), username=name, ip="192.0.2.1"))
    db.session.flush()


def _probes() -> Blueprint:
    bp = Blueprint("probe", __name__, url_prefix="/probe")

    @bp.route("/ok", methods=["GET", "POST"])
    def ok():
        _write()
        flash("probe: done", "success")
        return redirect("/login")

    @bp.post("/raise")
    def raises():
        _write()
        raise RuntimeError("after the flush")

    @bp.post("/invalid")
    def invalid():
        _write()
        raise ValidationFailed("probe_invalid", {"field": "probe: wrong"})

    @bp.post("/refuse")
    def refuse():
        _write()
        return "refused", 409

    @bp.post("/abandon")
    def abandon():
        _write("first")
        transaction.abandon()
        _write("second")
        return redirect("/login")

    @bp.post("/turn")
    def turn():
        # What another process could do before and after this request's first statement.
        before = _writers_turn_free()
        _write()
        return {"before": before, "after": _writers_turn_free()}

    @bp.post("/keep/<int:status>")
    def keep(status: int):
        _write()
        transaction.keep_despite_refusal()
        return "kept?", status

    return bp


def _writers_turn_free(app=None) -> bool:
    path = (app or current_app).extensions["tdkt_engine"].url.database + write_queue.SUFFIX
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


@pytest.fixture
def probe(app):
    app.register_blueprint(_probes())
    return app.test_client()


def _attempts(session, name: str = PROBE) -> int:
    session.rollback()  # a new read transaction sees the latest commit
    return session.scalar(
        select(func.count()).select_from(LoginAttempt).where(LoginAttempt.username == name)
    )


@contextmanager
def commits(app):
    """How many transactions the app's engine commits inside the block."""
    seen: list[int] = []
    engine = app.extensions["tdkt_engine"]

    def on_commit(_conn) -> None:
        seen.append(1)

    event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "commit", on_commit)


@contextmanager
def failing_commit(app):
    """Every commit of the app's sessions fails as a lock wait that ran out does."""
    factory = app.extensions["tdkt_sessions"]

    def refuse(_session) -> None:
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    event.listen(factory, "before_commit", refuse)
    try:
        yield
    finally:
        event.remove(factory, "before_commit", refuse)


# --- the rule --------------------------------------------------------------------------------


def test_a_success_commits_once(app, probe, session):
    with commits(app) as seen:
        response = probe.post("/probe/ok")
    assert response.status_code == 302
    assert len(seen) == 1
    assert _attempts(session) == 1


def test_an_exception_after_a_flush_leaves_nothing_written(app, probe, session):
    with commits(app) as seen:
        response = probe.post("/probe/raise")
    assert response.status_code == 500
    assert seen == [] and _attempts(session) == 0


def test_a_domain_error_after_a_flush_leaves_nothing_written(probe, session):
    response = probe.post("/probe/invalid")
    assert response.status_code == 400
    assert _attempts(session) == 0


def test_a_refusal_the_view_returns_leaves_nothing_written(probe, session):
    assert probe.post("/probe/refuse").status_code == 409
    assert _attempts(session) == 0


def test_a_read_never_commits_even_if_it_wrote(app, probe, session):
    with commits(app) as seen:
        assert probe.get("/probe/ok").status_code == 302
    assert seen == [] and _attempts(session) == 0


def test_an_abandoned_request_keeps_nothing_although_it_redirects(probe, session):
    assert probe.post("/probe/abandon").status_code == 302
    assert _attempts(session, "first") == 0
    assert _attempts(session, "second") == 0


@pytest.mark.parametrize(("status", "kept"), [(401, 1), (429, 1), (200, 1), (500, 0)])
def test_a_request_marked_to_keep_commits_a_refusal_but_not_a_server_failure(
    probe, session, status, kept
):
    assert probe.post(f"/probe/keep/{status}").status_code == status
    assert _attempts(session) == kept


def test_a_write_request_takes_the_writers_turn_at_its_first_statement(app, probe, session):
    # Not when it starts: parsing and checking its input must not hold SQLite's one writer.
    if app.extensions["tdkt_engine"].dialect.name != "sqlite":
        pytest.skip("the writers' turn is SQLite's")
    with commits(app) as seen:
        answer = probe.post("/probe/turn").get_json()
    assert answer == {"before": True, "after": False}
    assert len(seen) == 1 and _attempts(session) == 1
    assert _writers_turn_free(app)  # given back with the commit


def test_a_failed_commit_is_answered_503_never_as_the_success(app, probe, session):
    with failing_commit(app):
        response = probe.post("/probe/ok")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    # Built after the view's answer was thrown away: the security headers are still there.
    assert "Content-Security-Policy" in response.headers
    assert "probe: done" not in response.get_data(as_text=True)
    assert _attempts(session) == 0
    # Nor is the flashed success shown on the next page.
    assert "probe: done" not in probe.get("/login").get_data(as_text=True)


# --- the views that write despite a refusal, or after the commit -----------------------------


def test_a_failed_login_on_the_page_keeps_its_attempt(client, session):
    response = client.post("/login", data={"username": "vanthu.cntt", "password": "wrong"})
    assert response.status_code == 401
    assert _attempts(session, "vanthu.cntt") == 1


def test_a_failed_token_request_keeps_its_attempt(client, session):
    body = {"username": "vanthu.cntt", "password": "wrong"}
    assert client.post("/api/v1/auth/token", json=body).status_code == 401
    assert _attempts(session, "vanthu.cntt") == 1


def test_a_token_is_issued_with_one_commit(app, client, session):
    with commits(app) as seen:
        response = client.post(
            "/api/v1/auth/token", json={"username": "vanthu.cntt", "password": PASSWORD}
        )
    assert response.status_code == 201 and len(seen) == 1


def test_a_language_choice_is_committed_with_its_redirect(app, login_as, session, user_id):
    browser = login_as("vanthu.cntt")
    with commits(app) as seen:
        response = browser.post("/language", data={"lang": "en", "next": "/"})
    assert response.status_code == 302 and len(seen) == 1
    session.rollback()
    assert session.get(User, user_id("vanthu.cntt")).locale == "en"


def test_an_attachment_delete_that_fails_to_commit_keeps_row_and_bytes(app, client, session):
    token = client.post(
        "/api/v1/auth/token", json={"username": "vanthu.cntt", "password": PASSWORD}
    ).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": "Đề nghị LĐTT có tệp đính kèm",
        "summary": "Hoàn thành tốt nhiệm vụ.",
        "nominees": [{"name": "Nguyễn Văn An"}],
    }
    pid = client.post("/api/v1/proposals", json=body, headers=auth).get_json()["id"]
    uploaded = client.post(
        f"/api/v1/proposals/{pid}/attachments",
        data={"attachments": (io.BytesIO(PDF), "bien-ban.pdf")},
        content_type="multipart/form-data",
        headers=auth,
    )
    assert uploaded.status_code == 201, uploaded.get_json()
    [row] = uploaded.get_json()
    stored = Path(app.config["ATTACHMENTS_DIR"]) / hashlib.sha256(PDF).hexdigest()
    assert stored.is_file()
    url = f"/api/v1/proposals/{pid}/attachments/{row['id']}"
    with failing_commit(app):
        assert client.delete(url, headers=auth).status_code == 503
    session.rollback()
    assert session.get(Attachment, row["id"]) is not None
    assert stored.is_file()  # the bytes go only after the commit
    assert client.delete(url, headers=auth).status_code == 204
    assert not stored.exists()


# --- the edge stays the only place ------------------------------------------------------------

#: the methods that end a transaction for good; `begin()` commits at the end of its block
ENDING = {"commit", "begin"}
MAX_SITES = 3


def _commit_sites() -> list[str]:
    sites = []
    for path in sorted((ROOT / "webapp").rglob("*.py")):
        if "cli" in path.relative_to(ROOT / "webapp").parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ENDING
            ):
                sites.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return sites


def test_requests_commit_in_at_most_three_places_outside_the_cli():
    sites = _commit_sites()
    assert sites, "the edge itself must be found, or this test looks at nothing"
    assert len(sites) <= MAX_SITES, sites
    assert all(s.startswith("webapp/transaction.py:") for s in sites), sites
