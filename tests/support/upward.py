"""Driving a proposal along its route through API v1, up to the higher decision: what each step
is completed with, and the board officer's record of a ministry's or the Prime Minister's
decision (its document uploaded first)."""

from __future__ import annotations

import io

from tests.support.attachments import PDF
from tests.support.forwarding import FORWARD

DIRECTOR = {"decision_no": "88/QĐ-STTTT", "decision_date": "05/12/2025", "signer": "Vũ Đức Thắng"}
CHAIRMAN = {"decision_no": "1234/QĐ-UBND", "decision_date": "20/12/2025", "signer": "Lê Thành Đô"}
SUBMISSION = {"submission_no": "12/TTr-STTTT", "submission_date": "15/11/2025"}
SENT = {
    "submission_no": "45/TTr-UBND",
    "submission_date": "10/12/2025",
    "sent_date": "12/12/2025",
    "channel": "national_system",
    "sent_reference": "H12.36-251212-0001",
}
HIGHER = {
    "minister": {"decision_no": "215/QĐ-BKHCN", "signer": "Trần Văn Minh"},
    "prime_minister": {"decision_no": "77/QĐ-TTg", "signer": "Lê Hoàng Nam"},
}
FIELDS = {
    "director_submit": SUBMISSION,
    "grouping_endorse": {"score": 95},
    "director_decide": DIRECTOR,
    "chairman_decide": CHAIRMAN,
    "chairman_submit": SENT,
}
BALLOTS = ("council_vote", "province_council_vote")


def drive(api, pid: int, decider: str, stop_at: str | None = None) -> list[str]:
    """Act on every step the proposal waits on until it is decided (or waits at `stop_at`);
    the elements acted on, in order. Each step by the first of its candidates."""
    visited: list[str] = []
    for _ in range(20):
        detail = api("chuyenvien.btdkt").ok("GET", f"/proposals/{pid}")
        if detail["status"] != "in_review":
            return visited
        tasks = detail["current_tasks"]
        element = tasks[0]["element"]
        if element == stop_at:
            return visited
        visited.append(element)
        if element in BALLOTS:
            for task in tasks:
                [member] = task["candidates"]
                api(member).vote(pid, task["id"])
            continue
        [task] = tasks
        actor = api(task["candidates"][0])
        body = {"action": "approve", **FORWARD, **FIELDS.get(element, {})}
        if element == "await_decision":
            body.update(higher_decision(actor, pid, decider, detail["nominees"]))
        actor.ok("POST", f"/tasks/{task['id']}/complete", json=body)
    raise AssertionError(f"proposal {pid} did not finish: {visited}")


def upward_document_payload() -> dict:
    """The multipart body of POST /proposals/{id}/decision-document."""
    return {
        "data": {"document": (io.BytesIO(PDF + b"qd-cap-tren"), "quyet-dinh-cap-tren.pdf")},
        "content_type": "multipart/form-data",
    }


def upload_document(officer, pid: int) -> dict:
    return officer.ok(
        "POST", f"/proposals/{pid}/decision-document", 201, **upward_document_payload()
    )


def higher_decision(officer, pid: int, decider: str, nominees: list[dict]) -> dict:
    """The payload of the step await_decision: the first nominee granted, the second not."""
    document = upload_document(officer, pid)
    first, second = (n["id"] for n in nominees)
    return {
        **HIGHER[decider],
        "decision_date": "15/03/2026",
        "document_id": document["id"],
        "results": [
            {"nominee_id": first, "granted": True},
            {"nominee_id": second, "granted": False, "reason": "Chưa đủ 5 năm hoàn thành xuất sắc"},
        ],
    }
