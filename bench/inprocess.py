"""The LĐTT path driven through the Flask test client (no network), for the scripts that
look inside the server: the profile and the per-request cost."""

from __future__ import annotations

from collections.abc import Callable

from bench.dbsetup import PASSWORD
from bench.ldtt import BALLOT, NOMINATOR, REVIEW, USERS, ballot_body, ballot_choices, proposal_body
from scripts import dossier_files

#: measure(kind, send) -> response: how a caller wraps each request (timing, counting)
Measure = Callable[[str, Callable], object]


def served_app(url: str):
    """The app on `url` as a served worker holds it (webapp/wsgi.py): start-up's objects
    collected and frozen. Left in the collector's sight, its ~150,000 objects were walked by
    every full collection of the measured requests: +25 % of their CPU (a ballot 5.4 → 11.5 ms
    on SQLite), spread unevenly, which a gunicorn worker never pays."""
    from webapp import create_app, heap

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    heap.settle_startup()
    return app


def tokens(client) -> dict[str, str]:
    """A bearer token for every account of the path."""
    token = {}
    for user in USERS:
        response = client.post("/api/v1/auth/token", json={"username": user, "password": PASSWORD})
        token[user] = response.get_json()["token"]
    return token


def walk(
    client,
    token: dict[str, str],
    n: int,
    measure: Measure | None = None,
    inbox_first: bool = False,
) -> None:
    """File proposal `n`, submit it and take it through every review step and ballot, each
    step from the previous answer's next steps; `inbox_first`: reading the new proposal back
    for its dossier, and the inbox (and a ballot's proposal) before each completion, as
    clients did before issue 19."""

    def call(kind, method, path, user, body=None, expect=200):
        def send():
            return client.open(
                "/api/v1" + path,
                method=method,
                json=body,
                headers={"Authorization": f"Bearer {token[user]}"},
            )

        response = measure(kind, send) if measure else send()
        if response.status_code != expect:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.get_json()}")
        return response.get_json()

    filed = call("file", "POST", "/proposals", NOMINATOR, proposal_body(n), 201)
    pid = filed["id"]
    # The dossier's required documents, before submitting (scripts/dossier_files.py): from the
    # filing's answer (issue 19), or read back as clients did before it.
    if inbox_first:
        filed = call("detail", "GET", f"/proposals/{pid}", NOMINATOR)
    for kind in dossier_files.missing(filed):
        body, content_type = dossier_files.multipart(kind)

        def upload(body=body, content_type=content_type):
            return client.open(
                f"/api/v1/proposals/{pid}/attachments",
                method="POST",
                data=body,
                content_type=content_type,
                headers={"Authorization": f"Bearer {token[NOMINATOR]}"},
            )

        # Measured too (since round eleven): each proposal's dossier is two uploads.
        response = measure("upload", upload) if measure else upload()
        if response.status_code != 201:
            raise RuntimeError(f"upload {kind}: {response.status_code} {response.get_json()}")
    done = call("submit", "POST", f"/proposals/{pid}/submit", NOMINATOR, {})
    for who, element, fields in REVIEW:
        if inbox_first:
            task = call("inbox", "GET", f"/tasks?proposal_id={pid}", who)[0]
        else:
            [task] = [s for s in done["next_steps"] if s["assignee"] in (None, who)]
        body = {"action": "approve", **fields}
        if fields is BALLOT:
            if inbox_first:
                body = ballot_body(call("ballot nominees", "GET", f"/proposals/{pid}", who))
            else:
                body = ballot_choices(task["nominees"])
        done = call(f"complete {element}", "POST", f"/tasks/{task['id']}/complete", who, body)
