"""Web security: CSRF on every form post, cookie flags, security headers, no inline script/style."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from tests.support.dossier import complete_dossier
from tests.support.world import (
    APPROVAL,
    PASSWORD,
    PDF,
    Api,
    bloc_pledge_body,
    build_url,
    proposal_body,
    token_for,
)
from webapp import create_app

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def csrf_app(db_url, tmp_path, monkeypatch):
    """The application as deployed: CSRF protection on."""
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    app = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "csrf-test"})
    assert app.config["WTF_CSRF_ENABLED"] is not False
    yield app
    app.extensions["tdkt_engine"].dispose()


def page_token(html: str) -> str:
    field = re.search(r'<input[^>]*name="csrf_token"[^>]*>', html).group(0)
    return re.search(r'value="([^"]+)"', field).group(1)


def logged_in(app, username: str):
    browser = app.test_client()
    token = page_token(browser.get("/login").get_data(as_text=True))
    response = browser.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    return browser


def world_ids(app) -> dict:
    """A draft with a file and a proposal waiting on the unit head, filed through the API."""
    client = app.test_client()
    nominator = Api(client, token_for(client, "vanthu.cntt"))
    draft = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    [attachment] = nominator.ok(
        "POST",
        f"/proposals/{draft}/attachments",
        201,
        data={"attachments": [(io.BytesIO(PDF), "bien-ban.pdf")]},
        content_type="multipart/form-data",
    )
    submitted = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    complete_dossier(nominator, submitted)
    nominator.ok("POST", f"/proposals/{submitted}/submit", json={})
    head = Api(client, token_for(client, "truongphong.cntt"))
    [task] = [t for t in head.ok("GET", "/tasks") if t["proposal_id"] == submitted]
    bloc = Api(client, token_for(client, "truongkhoi.vhxh"))
    pledge = bloc.ok("POST", "/blocs/pledges", 201, json=bloc_pledge_body())
    return {
        # a bloc's pledge (a draft of Khối VHXH) and a step of its page
        "pledge_id": pledge["id"],
        "step": "sign",
        "proposal_id": draft,
        "task_id": task["id"],
        "attachment_id": attachment["id"],
        "code": "bien_ban",
        "filename": "tdkt.css",
        # the history registry: the unit and the first person of demo_history.json
        "org_code": "sotttt-cntt",
        "person_id": 1,
        # an award record (the world's have no decision document: its download answers 404)
        "record_id": 1,
        # the process version the proposals run on (the world's first and only one)
        "version_id": 1,
        # the province rules of one kind, and the form of one kind of organisation event
        "kind": "council",
        # a certificate's nominee (any id: the draft has no decision, so none is printed)
        "nominee_id": 1,
        "event_kind": "merge",
        # the administration of people (/admin/people): an account, a role, a membership
        "username": "vanthu.cntt",
        "assignment_id": 1,
        "membership_id": 1,
        # a case other than a proposal (workflows.cases): none in this world
        "case_id": 1,
        # a unit's registration (none in this world: the page answers 404)
        "registration_id": 1,
        # the seed's movement (Sở TT&TT, 2025)
        "movement_id": 1,
        # a revocation (none in this world: the pages answer 404)
        "revocation_id": 1,
        # a bloc member's evidence file (none in this world: tests/blocs uploads one)
        "evidence_id": 1,
    }


def counts(app) -> dict:
    from sqlalchemy import func, select

    from models import Base

    with app.extensions["tdkt_engine"].connect() as conn:
        return {
            t.name: conn.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }


def test_every_form_post_needs_the_csrf_token(csrf_app):
    ids = world_ids(csrf_app)
    browsers = {u: logged_in(csrf_app, u) for u in ("vanthu.cntt", "truongphong.cntt")}
    form_posts = [
        (rule, method)
        for rule in csrf_app.url_map.iter_rules()
        if not rule.rule.startswith("/api/")
        for method in sorted(rule.methods & WRITES)
    ]
    assert len(form_posts) >= 10
    tokens = {u: page_token(b.get("/").get_data(as_text=True)) for u, b in browsers.items()}
    before = counts(csrf_app)
    for rule, method in form_posts:
        url = build_url(rule, ids)
        body = {"username": "vanthu.cntt", "password": PASSWORD, **APPROVAL["review"]}
        for username, browser in browsers.items():
            # None, a made-up one, and a real token of another session.
            other = next(v for u, v in tokens.items() if u != username)
            for token in (None, "gia-mao", other):
                data = dict(body, csrf_token=token) if token else body
                response = browser.open(url, method=method, data=data)
                assert response.status_code == 400, (method, rule.rule, username, token)
                page = response.get_data(as_text=True)
                # Said in Vietnamese (webapp.form_messages), not Flask-WTF's English.
                assert "mã bảo vệ biểu mẫu" in page.lower() or "Phiên làm việc" in page, rule.rule
        # No session at all (it expired): sent to log in, the typing kept (webapp.form_stash),
        # nothing else written.
        anonymous = csrf_app.test_client()
        response = anonymous.open(url, method=method, data=body)
        if rule.endpoint in ("auth.login", "auth.logout", "i18n.choose_language"):
            assert response.status_code == 400, rule.rule
        else:
            assert response.status_code == 302, rule.rule
            assert response.headers["Location"].startswith("/login?next="), rule.rule
    after = counts(csrf_app)
    assert after.pop("form_stash") > before.pop("form_stash")
    assert after == before
    # And with the page's token the same post goes through.
    head = browsers["truongphong.cntt"]
    page = head.get(f"/tasks/{ids['task_id']}").get_data(as_text=True)
    ok = head.post(f"/tasks/{ids['task_id']}/claim", data={"csrf_token": page_token(page)})
    assert ok.status_code == 302


def cookie_flags(response, name: str = "session") -> set[str]:
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
    return {part.strip().split("=")[0].lower() + _value(part) for part in header.split(";")[1:]}


def _value(part: str) -> str:
    return "=" + part.split("=", 1)[1].strip().lower() if "=" in part else ""


def test_the_session_cookie_is_httponly_and_samesite(client):
    flags = cookie_flags(client.get("/login"))
    assert {"httponly", "samesite=lax", "path=/"} <= flags
    assert "secure" not in flags
    response = client.post("/login", data={"username": "vanthu.cntt", "password": PASSWORD})
    assert response.status_code == 302
    assert {"httponly", "samesite=lax"} <= cookie_flags(response)


def test_the_session_cookie_is_secure_behind_https(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TDKT_HTTPS", "1")
    app = create_app(
        {"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False}
    )
    try:
        client = app.test_client()
        flags = cookie_flags(client.get("/login", base_url="https://localhost"))
        assert {"secure", "httponly", "samesite=lax"} <= flags
        response = client.post(
            "/login",
            data={"username": "vanthu.cntt", "password": PASSWORD},
            base_url="https://localhost",
        )
        assert response.status_code == 302 and "secure" in cookie_flags(response)
    finally:
        app.extensions["tdkt_engine"].dispose()


class InlineFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: script bodies, style
    attributes and elements, event-handler attributes, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            url = (value or "").strip().lower()
            if name in ("href", "src", "action", "formaction") and url.startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            self._script = attributes
            if not attributes.get("src"):
                self.problems.append("<script> without src")

    def handle_data(self, data):
        if self._script is not None and data.strip():
            self.problems.append(f"inline script body: {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def inline_problems(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.problems


def test_the_finder_finds_what_it_looks_for():
    html = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script>'
        '<a href=" JavaScript:alert(1)">b</a><style>p{}</style><script src="/s.js"></script>'
    )
    assert len(inline_problems(html)) == 6
    assert inline_problems('<script src="/static/x.js"></script><p class="x">ok</p>') == []


PAGE_USERS = ("vanthu.cntt", "truongphong.cntt", "theodoi.btdkt", "giamdoc.tttt", None)


def test_no_page_has_inline_script_or_style_and_every_response_has_the_headers(app):
    ids = world_ids(app)
    pages = [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.rule.startswith(("/api/", "/static", "/bootstrap"))
    ]
    seen_html = 0
    for username in PAGE_USERS:
        browser = app.test_client()
        if username:
            browser.post("/login", data={"username": username, "password": PASSWORD})
        for rule in pages:
            url = build_url(rule, ids)
            response = browser.get(url)
            body = response.get_data(as_text=False)
            response.close()
            headers = response.headers
            assert headers["X-Content-Type-Options"] == "nosniff", url
            assert headers["X-Frame-Options"] == "DENY", url
            csp = headers["Content-Security-Policy"]
            assert "frame-ancestors 'none'" in csp or "sandbox" in csp, url
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
            if response.mimetype == "text/html":
                seen_html += 1
                assert "script-src 'self'" in csp and "style-src 'self'" in csp
                problems = inline_problems(body.decode("utf-8"))
                assert not problems, (username, url, problems[:5])
    assert seen_html >= 20
    # Error pages too.
    for url in ("/khong-co-trang-nay", "/proposals/999999", "/tasks/999999"):
        response = app.test_client().get(url)
        assert response.headers["X-Frame-Options"] == "DENY"
        assert not inline_problems(response.get_data(as_text=True))


def test_api_answers_are_json_with_nosniff(app):
    client = app.test_client()
    token = token_for(client, "vanthu.cntt")
    for url in ("/api/v1/me", "/api/v1/proposals", "/api/v1/nope"):
        response = client.get(url, headers={"Authorization": f"Bearer {token}"})
        assert response.mimetype == "application/json", url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        if response.status_code == 200:
            assert response.headers["Cache-Control"] == "no-store"
