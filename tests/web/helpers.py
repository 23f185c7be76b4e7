"""Driving the pages the way a person does: follow links from the inbox, post the forms."""

from __future__ import annotations

import re

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
    data["save_submit" if submit else "save"] = "1"
    response = client.post("/proposals/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def act(client, task_id: int, action: str = "approve", **fields):
    return client.post(f"/tasks/{task_id}", data={"action": action, **fields})
