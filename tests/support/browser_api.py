"""The JSON API as a browser journey calls it (tests/e2e): through the browser context's request
client, logged in by a bearer token, so the journeys set up their proposals without clicking."""

from __future__ import annotations

from scripts import dossier_files
from tests.support.accounts import PASSWORD
from tests.support.forwarding import FORWARD

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class BrowserApi:
    """`visitor`'s browser context, speaking to the API as `username`."""

    def __init__(self, visitor, username: str):
        self.request = visitor.context.request
        answer = self.request.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert answer.ok, answer.text()
        self.headers = {"Authorization": f"Bearer {answer.json()['token']}"}

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        answer = self.request.fetch(
            "/api/v1" + path, method=method, data=body, headers=self.headers
        )
        assert answer.ok, (path, answer.status, answer.text())
        return answer.json() if answer.text() else {}

    def tasks(self, pid: int) -> list[dict]:
        return self.call("GET", f"/tasks?proposal_id={pid}&limit=5")["items"]

    def complete_dossier(self, pid: int) -> None:
        """One file per required item of the dossier's checklist: submitting needs them."""
        for kind in dossier_files.missing(self.call("GET", f"/proposals/{pid}")):
            answer = self.request.post(
                f"/api/v1/proposals/{pid}/attachments",
                headers=self.headers,
                multipart={
                    "kind": kind,
                    "attachments": {
                        "name": f"{kind}.pdf",
                        "mimeType": "application/pdf",
                        "buffer": PDF + kind.encode(),
                    },
                },
            )
            assert answer.status == 201, (pid, kind, answer.status, answer.text())

    def act(self, pid: int) -> None:
        """Forward the proposal's one waiting step."""
        [task] = self.tasks(pid)
        self.call("POST", f"/tasks/{task['id']}/complete", {"action": "approve", **FORWARD})
