"""Driving the pages the way a person does: follow links from the inbox, post the forms."""

from __future__ import annotations

import io
import re

from tests.support.accounts import council_members
from tests.support.attachments import PDF
from tests.support.forwarding import FORWARD

TASK_LINK = re.compile(r'href="/tasks/(\d+)">([^<]+)</a>')


def inbox_tasks(client) -> list[tuple[int, str]]:
    response = client.get("/")
    assert response.status_code == 200
    return [(int(i), name) for i, name in TASK_LINK.findall(response.get_data(as_text=True))]


def file_proposal(
    client, award="LDTT", title="Đề nghị LĐTT năm 2025", nominees=("Nguyễn Văn An",), submit=True
):
    data = {
        "award_code": award,
        "year": "2025",
        "title": title,
        "summary": "Hoàn thành tốt nhiệm vụ.",
    }
    for i, name in enumerate(nominees):
        data[f"nominees-{i}-name"] = name
        data[f"nominees-{i}-achievements"] = f"Thành tích của {name}"
    # Tests file the same nominee again on purpose: past the duplicate warning.
    data["confirm_duplicate"] = "y"
    data["save"] = "1"
    response = client.post("/proposals/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    proposal_id = int(response.headers["Location"].rsplit("/", 1)[1])
    if submit:
        complete_and_submit(client, proposal_id)
    return proposal_id


def complete_and_submit(client, proposal_id: int) -> None:
    """As a nominator does on the proposal page: the dossier's missing documents, each with
    the item it satisfies, then "Nộp hồ sơ"."""
    page = client.get(f"/proposals/{proposal_id}").get_data(as_text=True)
    for kind in MISSING_ITEM.findall(page):
        attached = client.post(
            f"/proposals/{proposal_id}/attachments",
            data={"kind": kind, "attachments": (io.BytesIO(PDF), f"{kind}.pdf")},
            content_type="multipart/form-data",
        )
        assert attached.status_code == 302, attached.get_data(as_text=True)
    assert (
        MISSING_ITEM.findall(client.get(f"/proposals/{proposal_id}").get_data(as_text=True)) == []
    )
    submitted = client.post(f"/proposals/{proposal_id}/submit")
    assert submitted.status_code == 302, submitted.get_data(as_text=True)


#: a checklist item the page shows as missing (webapp/attachments/templates/_checklist.html)
MISSING_ITEM = re.compile(r'data-item="(\w+)">\s*<span class="badge text-bg-warning">')


def act(client, task_id: int, action: str = "approve", **fields):
    forward = FORWARD if action == "approve" else {}
    return client.post(f"/tasks/{task_id}", data={"action": action, **forward, **fields})


CHOICE = re.compile(r'name="(choice-\d+)"')


def vote(client, task_id: int, choice: str = "yes", **fields):
    """A council member's ballot page: `choice` for every nominee on it."""
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    choices = dict.fromkeys(CHOICE.findall(page), choice)
    return client.post(f"/tasks/{task_id}", data={"action": "vote", **choices, **fields})


def vote_all(login_as, proposal_id: int, choice: str = "yes", **council) -> list[str]:
    """Every member of the council who still has a ballot on the proposal casts it from their
    inbox; returns who voted."""
    voted = []
    for username in council_members(**council):
        client = login_as(username)
        for task_id, _name in inbox_tasks(client):
            page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
            if f'/proposals/{proposal_id}"' in page and CHOICE.search(page):
                response = vote(client, task_id, choice)
                assert response.status_code == 302, (username, response.get_data(as_text=True))
                voted.append(username)
    return voted
