"""Every user-supplied string is escaped: names carrying HTML/JS in every text field, checked on
every page, for several accounts, at a returned and at a decided stage."""

from __future__ import annotations

import io

from markupsafe import escape

from tests.support.dossier import complete_dossier
from tests.support.forwarding import FORWARD
from tests.support.world import (
    PASSWORD,
    PDF,
    Api,
    ballot_for,
    build_url,
    holder,
    holders,
    token_for,
)


def evil(field: str) -> str:
    return f'<script>alert("{field}")</script>'


#: a file name cannot carry "/" (it is cut there), so its payload is an attribute one
EVIL_FILE = "<img src=x onerror=alert('file')>.pdf"
COUNCIL = {"members_total": 9, "members_present": 9, "votes_for": 9, "votes_against": 0}
APPROVALS = {
    "unit_head": {},
    "dept_secretariat": {},
    "dept_council": COUNCIL,
    "director": {"submission_no": evil("tt")[:60], "submission_date": "15/11/2025"},
    "grouping_head": {"score": 90},
    "board_officer": {},
    "province_council": COUNCIL,
    "chairman": {
        "decision_no": evil("qd")[:60],
        "decision_date": "20/12/2025",
        "signer": evil("signer"),
    },
}
READERS = ("vanthu.cntt", "truongphong.cntt", "theodoi.btdkt", "chutich.ubnd", "giamdoc.tttt")
EVERY_STRING = [
    *(evil(f) for f in ("title", "summary", "name", "job", "unit", "achievements")),
    *(evil(f) for f in ("submit", "return", "resubmit", "tt", "qd", "signer")),
    # the councils cast secret ballots, which carry no comment
    *(evil(f"comment-{r}") for r in APPROVALS if r not in ("dept_council", "province_council")),
    EVIL_FILE,
]


def crawl(app, ids: dict) -> dict[tuple[str, str], str]:
    """Every HTML page a GET route gives, for each reader."""
    pages = {}
    rules = [
        r
        for r in app.url_map.iter_rules()
        if "GET" in r.methods and not r.rule.startswith(("/api/", "/static", "/bootstrap"))
    ]
    for username in READERS:
        browser = app.test_client()
        browser.post("/login", data={"username": username, "password": PASSWORD})
        for rule in rules:
            url = build_url(rule, ids)
            response = browser.get(url)
            if response.mimetype in ("text/html", "image/svg+xml"):
                pages[(username, url)] = response.get_data(as_text=True)
            response.close()
    return pages


def assert_nothing_raw(pages: dict, strings) -> None:
    for (username, url), html in pages.items():
        for text in strings:
            assert text not in html, (username, url, text)
        assert "<script>alert" not in html and "<img src=x" not in html, (username, url)


def test_names_with_html_are_shown_as_text_everywhere(app):
    client = app.test_client()
    actors = {u for role in APPROVALS for u in _actors(role)}
    api = {u: Api(client, token_for(client, u)) for u in {*READERS, *actors}}
    nominator = api["vanthu.cntt"]
    body = {
        "award_code": "CO_THI_DUA_TINH",
        "year": 2025,
        "title": evil("title"),
        "summary": evil("summary"),
        "nominees": [
            {
                "name": evil("name"),
                "job_title": evil("job"),
                "unit_name": evil("unit"),
                "achievements": evil("achievements"),
            }
        ],
    }
    pid = nominator.ok("POST", "/proposals", 201, json=body)["id"]
    [attachment] = nominator.ok(
        "POST",
        f"/proposals/{pid}/attachments",
        201,
        data={"attachments": [(io.BytesIO(PDF), EVIL_FILE)]},
        content_type="multipart/form-data",
    )
    complete_dossier(nominator, pid)
    nominator.ok("POST", f"/proposals/{pid}/submit", json={"comment": evil("submit")})
    head = api["truongphong.cntt"]
    [task] = [t for t in head.ok("GET", "/tasks") if t["proposal_id"] == pid]
    head.ok(
        "POST",
        f"/tasks/{task['id']}/complete",
        json={"action": "return", "comment": evil("return")},
    )
    # Returned: the edit form shows every field again, and the reason.
    ids = {"proposal_id": pid, "task_id": task["id"], "attachment_id": attachment["id"]}
    ids.update(code="bien_ban", filename="tdkt.css", org_code="sotttt-cntt", person_id=1)
    ids.update(version_id=1, kind="council", event_kind="merge")
    ids.update(username="vanthu.cntt")  # the administration of people (/admin/people)
    ids.update(nominee_id=1)  # a certificate's nominee (none printed before the decision)
    # a bloc's pledge whose title, table and evidence carry markup (its head writes them)
    bloc = Api(client, token_for(client, "truongkhoi.vhxh"))
    line = {"kind": "criterion", "name": evil("criterion"), "max_points": 10}
    pledge = bloc.ok(
        "POST",
        "/blocs/pledges",
        201,
        json={
            "grouping": "khoi-vhxh",
            "year": 2024,
            "title": evil("pledge"),
            "criteria": [{**line, "evidence": evil("evidence")}],
        },
    )
    ids.update(pledge_id=pledge["id"], step="sign")
    ids.update(case_id=1)  # a case other than a proposal (tests/cases make their own)
    ids.update(registration_id=1)  # a unit's registration (none here: tests/registration)
    ids.update(movement_id=1)  # the seed's movement (Sở TT&TT, 2025)
    ids.update(record_id=1, revocation_id=1)  # none here: tests/revocation makes its own
    ids.update(evidence_id=1)  # none here: tests/blocs/test_bloc_evidence uploads one
    # an award decided outside tdkt, for person 1, whose signer and file name carry markup
    officer = Api(client, token_for(client, "chuyenvien.btdkt"))
    outside = officer.ok(
        "POST",
        "/people/1/award-records",
        201,
        data={
            "award_code": "GK_CN",
            "year": "2023",
            "decision_no": "9/QĐ-STTTT",
            "decision_date": "15/12/2023",
            "decided_by": evil("decided_by"),
            "document": (io.BytesIO(PDF), EVIL_FILE),
        },
        content_type="multipart/form-data",
    )
    ids.update(record_id=outside["id"])
    returned = crawl(app, ids)
    bloc_page = returned[("vanthu.cntt", f"/blocs/{pledge['id']}")]
    for field in ("pledge", "criterion", "evidence"):
        assert str(escape(evil(field))) in bloc_page, field
    person_page = returned[("truongphong.cntt", "/history/units/sotttt-cntt/people/1")]
    assert str(escape(evil("decided_by"))) in person_page
    assert_nothing_raw(returned, [evil("decided_by")])
    assert_nothing_raw(returned, [evil(f) for f in ("pledge", "criterion", "evidence")])
    assert_nothing_raw(returned, EVERY_STRING)
    edit = returned[("vanthu.cntt", f"/proposals/{pid}/edit")]
    for field in ("title", "name", "job", "unit", "achievements", "return"):
        assert str(escape(evil(field))) in edit, field
    assert str(escape(evil("summary"))) in edit

    nominator.ok("POST", f"/proposals/{pid}/submit", json={"comment": evil("resubmit")})
    for role, values in APPROVALS.items():
        for username in _actors(role):
            actor = api[username]
            [task] = [
                t
                for t in actor.ok("GET", "/tasks")
                if t["proposal_id"] == pid and t["role"] == role
            ]
            payload = {
                "action": "approve",
                "comment": evil(f"comment-{role}"),
                **values,
                **FORWARD,
            }
            if task["form"] == "ballot":
                payload = ballot_for(actor, pid)  # a secret ballot carries no comment
            actor.ok("POST", f"/tasks/{task['id']}/complete", json=payload)
    assert nominator.ok("GET", f"/proposals/{pid}")["status"] == "approved"

    decided = crawl(app, {**ids, "task_id": task["id"]})
    assert_nothing_raw(decided, EVERY_STRING)
    detail = decided[("theodoi.btdkt", f"/proposals/{pid}")]
    for text in EVERY_STRING:
        assert str(escape(text)) in detail, text
    task_page = decided[("chutich.ubnd", f"/tasks/{task['id']}")]
    assert str(escape(EVIL_FILE.removesuffix(".pdf"))) in task_page
    assert str(escape(evil("title"))) in decided[("theodoi.btdkt", "/board/")]


def _holder(role: str) -> str:
    return holder(role, "sotttt")


def _actors(role: str) -> list[str]:
    """Who acts at the role's step: its holder, or every member of a council (a ballot each)."""
    return holders(role, "sotttt") if role.endswith("council") else [_holder(role)]


def test_refusals_that_repeat_the_input_escape_it(login_as, app):
    browser = login_as("vanthu.cntt")
    page = browser.get("/proposals/new")
    assert page.status_code == 200
    refused = browser.post(
        "/proposals/new",
        data={
            "award_code": evil("award"),
            "year": "2025",
            "title": evil("title"),
            "summary": "x",
            "nominees-0-name": evil("name"),
            "save": "1",
        },
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert evil("title") not in html and str(escape(evil("title"))) in html
    assert evil("award") not in html
    login = app.test_client().post("/login", data={"username": evil("user"), "password": "x" * 10})
    html = login.get_data(as_text=True)
    assert login.status_code == 401
    assert evil("user") not in html and str(escape(evil("user"))) in html
