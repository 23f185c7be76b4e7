"""A movement's submission deadline: filing or first submitting a normal proposal after it is
refused naming the field and the date, writing nothing; the simplified procedure is not bound
by it, and only awards marked for it in the catalogue may use it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update

from models import AuditEvent, HumanTask, InstanceTimer, Movement, Nominee, Proposal
from models import WorkflowInstance as Instance
from tests.support.deadlines import file_and_submit

TABLES = (Proposal, Nominee, AuditEvent, HumanTask, Instance, InstanceTimer)
BODY = {
    "year": 2025,
    "title": "Đề nghị khen thưởng nộp muộn",
    "summary": "Hoàn thành xuất sắc nhiệm vụ",
    "nominees": [{"name": "Nguyễn Văn An", "job_title": "Chuyên viên"}],
}


def counts(session) -> dict[str, int]:
    session.rollback()
    return {m.__tablename__: session.scalar(select(func.count()).select_from(m)) for m in TABLES}


def set_deadline(session, day: str | None) -> None:
    session.execute(
        update(Movement)
        .where(Movement.code == "sotttt-2025")
        .values(submission_deadline=datetime.fromisoformat(day).date() if day else None)
    )
    session.commit()


def test_late_filing_is_refused_unless_simplified(app, session, clock, api_now, login_as):
    set_deadline(session, "2026-01-15")
    # The last day counts, until its end in Việt Nam.
    clock(datetime(2026, 1, 15, 23, 30))
    draft = api_now("vanthu.cntt").ok(
        "POST", "/proposals", 201, json={"award_code": "LDTT", **BODY}
    )

    clock(datetime(2026, 1, 16, 8, 0))
    nominator = api_now("vanthu.cntt")
    before = counts(session)
    refused = nominator.client.post(
        "/api/v1/proposals", json={"award_code": "LDTT", **BODY}, headers=nominator.headers
    )
    assert refused.status_code == 400
    message = refused.get_json()["fields"]["movement"]
    assert "đã hết hạn nộp hồ sơ" in message and "15/01/2026" in message
    assert counts(session) == before

    # The draft filed in time cannot be submitted now either, and stays a draft.
    late = nominator.client.post(
        f"/api/v1/proposals/{draft['id']}/submit", json={}, headers=nominator.headers
    )
    assert late.status_code == 400 and "15/01/2026" in late.get_json()["fields"]["movement"]
    assert counts(session) == before
    assert session.get(Proposal, draft["id"]).status == "draft"

    # A title is not awarded by the simplified procedure…
    wrong = nominator.client.post(
        "/api/v1/proposals",
        json={"award_code": "LDTT", "procedure": "simplified", **BODY},
        headers=nominator.headers,
    )
    assert wrong.status_code == 400 and "procedure" in wrong.get_json()["fields"]
    odd = nominator.client.post(
        "/api/v1/proposals",
        json={"award_code": "GK_CN", "procedure": 7, **BODY},
        headers=nominator.headers,
    )
    assert odd.status_code == 400 and "procedure" in odd.get_json()["fields"]
    assert counts(session) == before

    # …a Director's certificate of merit for a one-off achievement is, deadline or not.
    pid = file_and_submit(api_now, "GK_CN", procedure="simplified", simplified_case="dot_xuat")
    session.rollback()
    proposal = session.get(Proposal, pid)
    assert (proposal.procedure, proposal.status, proposal.movement.code) == (
        "simplified",
        "in_review",
        "sotttt-2025",
    )
    # Outside any movement there is no deadline to meet.
    file_and_submit(api_now, "LDTT", movement=None)

    # The web form says the same next to the movement.
    page = login_as("vanthu.cntt").post(
        "/proposals/new",
        data={
            "award_code": "LDTT",
            "year": "2025",
            "procedure": "normal",
            "title": "Hồ sơ nộp muộn qua trang",
            "summary": "Tóm tắt",
            "nominees-0-name": "Nguyễn Văn An",
            "save": "1",
            "confirm_duplicate": "y",  # filed through the API just before
        },
    )
    assert page.status_code == 400
    assert "15/01/2026" in page.get_data(as_text=True)


def test_the_data_files_carry_the_deadline_and_the_simplified_awards():
    import json

    from workflows.movements.registry import MOVEMENTS_DIR
    from workflows.reference import DATA_DIR

    movement = json.loads((MOVEMENTS_DIR / "2025-sotttt.json").read_text(encoding="utf-8"))
    # The launch document names no deadline, so the data leaves it empty until one is announced.
    assert movement["movement"]["submission_deadline"] is None
    awards = json.loads((DATA_DIR / "awards.json").read_text(encoding="utf-8"))
    simplified = {a["code"] for a in awards if a.get("allows_simplified")}
    fileable = {a["code"] for a in awards if a.get("fileable", True)}
    # the Bằng khen of a ministry and of the Prime Minister are fileable since issue 18
    assert simplified & fileable == {
        "GK_CN",
        "GK_TT",
        "BK_TINH_CN",
        "BK_TINH_TT",
        "BK_BO_CN",
        "BK_BO_TT",
        "BK_TTG_CN",
        "BK_TTG_TT",
    }
    # Art. 85 is for forms (khen thưởng), never for the yearly titles (danh hiệu).
    assert all(a["kind"] == "form" for a in awards if a.get("allows_simplified"))
    assert all("Điều 85" in a["simplified_basis"] for a in awards if a.get("allows_simplified"))
