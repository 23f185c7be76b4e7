"""Word of every handover, written with the step: who is told of a new step, a return (with the
reason), a rejection, a decision; in the reader's language; mail per kind; nothing when the step
fails."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from models import Notification, OutboxMessage, RoleAssignment, User
from tests.support.deadlines import file_and_submit
from workflows.errors import Conflict
from workflows.process import review

DECISION = {"decision_no": "7/QĐ-STTTT", "decision_date": "01/12/2025", "signer": "Vũ Đức Thắng"}
REASON = "Thiếu bản tóm tắt thành tích có xác nhận của thủ trưởng"


def told(session, pid: int) -> list[tuple[str, str]]:
    """(username, kind) of every notification about proposal `pid`, in order."""
    session.rollback()  # what the requests committed
    query = (
        select(User.username, Notification.kind)
        .join(User, User.id == Notification.user_id)
        .where(Notification.proposal_id == pid)
        .order_by(Notification.id)
    )
    return [tuple(row) for row in session.execute(query)]


def texts(api, username: str, kind: str) -> list[str]:
    page = api(username).ok("GET", "/notifications")
    return [n["text"] for n in page["items"] if n["kind"] == kind]


@pytest.fixture
def submitted(api) -> int:
    pid = api("vanthu.cntt").file("LDTT")
    api("vanthu.cntt").ok("POST", f"/proposals/{pid}/submit", json={})
    return pid


def test_a_submitted_step_tells_who_may_take_it_and_not_the_one_who_acted(api, session, submitted):
    assert told(session, submitted) == [("truongphong.cntt", "task_arrived")]
    [text] = texts(api, "truongphong.cntt", "task_arrived")
    assert f"#{submitted}" in text and "Đề nghị LDTT" in text and "đang chờ xử lý" in text

    api("truongphong.cntt").act(submitted)
    # The department's secretariat is next; the unit head, who acted, is not told again.
    assert told(session, submitted)[1:] == [("thuongtruc.tttt", "task_arrived")]


def test_a_return_tells_the_author_with_the_reason(api, session, submitted):
    api("truongphong.cntt").act(submitted)
    api("thuongtruc.tttt").act(submitted, "return", comment=REASON)
    after = told(session, submitted)[2:]
    # The author hears of the return (not also of "a step for you": one message per act).
    assert after == [("vanthu.cntt", "returned")]
    [text] = texts(api, "vanthu.cntt", "returned")
    assert "bị trả lại" in text and REASON in text and "Thư ký" not in text.split("Lý do")[1]


def test_a_rejection_tells_the_author_with_the_reason(api, session, submitted):
    api("truongphong.cntt").act(submitted, "reject", comment="Không đủ tiêu chuẩn năm 2025")
    assert told(session, submitted)[1:] == [("vanthu.cntt", "rejected")]
    [text] = texts(api, "vanthu.cntt", "rejected")
    assert "không được chấp thuận" in text and "Không đủ tiêu chuẩn năm 2025" in text


def test_a_ballot_tells_each_member_and_the_decision_tells_the_author(api, session, submitted):
    api("truongphong.cntt").act(submitted)
    api("thuongtruc.tttt").act(submitted)
    ballots = [u for u, kind in told(session, submitted) if kind == "ballot_opened"]
    members = [
        t["candidates"][0]
        for t in api("vanthu.cntt").ok("GET", f"/proposals/{submitted}")["current_tasks"]
    ]
    assert sorted(ballots) == sorted(members) and len(members) >= 1
    api("hoidong.tttt").act(submitted)
    # The Director sits on the council and cast the last ballot: he is told of his next step.
    assert told(session, submitted)[-1] == ("giamdoc.tttt", "task_arrived")
    api("giamdoc.tttt").act(submitted, **DECISION)
    assert told(session, submitted)[-1] == ("vanthu.cntt", "decided")
    [text] = texts(api, "vanthu.cntt", "decided")
    assert "7/QĐ-STTTT" in text and "01/12/2025" in text


def test_the_text_is_rendered_in_the_readers_language(api, session, submitted):
    api("truongphong.cntt").act(submitted, "return", comment=REASON)
    session.execute(update(User).where(User.username == "vanthu.cntt").values(locale="en"))
    session.commit()
    [text] = texts(api, "vanthu.cntt", "returned")
    assert text.startswith(f"Proposal #{submitted}") and "was returned" in text
    assert "at step “Unit head signs off”" in text  # the diagram's name, as the pages show it
    assert f"Reason: {REASON}" in text
    # The stored text stays Vietnamese (the mail's, and the fallback).
    stored = session.scalar(select(Notification.text).where(Notification.kind == "returned"))
    assert stored.startswith(f"Hồ sơ #{submitted}")


def test_mail_is_queued_with_the_notification_unless_the_user_turned_that_kind_off(
    api, session, login_as, monkeypatch
):
    monkeypatch.setenv("TDKT_SMTP_HOST", "127.0.0.1")
    session.execute(
        update(User).where(User.username == "vanthu.cntt").values(email="lan@cntt.example")
    )
    session.commit()

    def returned_once() -> int:
        pid = api("vanthu.cntt").file("LDTT")
        api("vanthu.cntt").ok("POST", f"/proposals/{pid}/submit", json={})
        api("truongphong.cntt").act(pid, "return", comment=REASON)
        return pid

    first = returned_once()
    session.rollback()
    [mail] = session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "lan@cntt.example")
    )
    assert mail.subject == f"[TĐKT] Hồ sơ #{first} bị trả lại" and REASON in mail.body

    web = login_as("vanthu.cntt")
    page = web.get("/notifications/preferences").get_data(as_text=True)
    assert 'value="returned"' in page and "checked" in page
    # Every kind ticked but "returned".
    kinds = ["task_arrived", "ballot_opened", "rejected", "decided", "voted_down"]
    assert web.post("/notifications/preferences", data={"mail": kinds}).status_code == 302
    assert api("vanthu.cntt").ok("GET", "/notifications/preferences")["mail"]["returned"] is False

    second = returned_once()
    session.rollback()
    assert (
        session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.to_address == "lan@cntt.example")
        )
        == 1
    )
    assert ("vanthu.cntt", "returned") in told(session, second)  # the bell still has it


def test_a_failed_step_writes_no_notification(api, session, submitted, monkeypatch):
    before = session.scalar(select(func.count()).select_from(Notification))

    def fail(*args, **kwargs):
        raise Conflict("stale_proposal", "Hồ sơ vừa được người khác cập nhật")

    # The audit event is written after the notifications: failing there must take them back.
    monkeypatch.setattr(review.audit, "record", fail)
    task = api("truongphong.cntt").task_for(submitted)
    response = api("truongphong.cntt").post(
        f"/tasks/{task['id']}/complete", json={"action": "return", "comment": REASON}
    )
    assert response.status_code == 409
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Notification)) == before


def test_the_lane_told_is_who_holds_the_role_on_the_day_of_the_step(
    app, session, user_id, clock, api_now
):
    # The holders' statement is built once for every step (issue 19), the day bound at each
    # run: a day fixed when it was built would keep telling a unit head whose role has ended.
    first_day = datetime(2025, 11, 10, 9, 0)
    session.execute(
        update(RoleAssignment)
        .where(
            RoleAssignment.user_id == user_id("truongphong.cntt"),
            RoleAssignment.role_code == "unit_head",
        )
        .values(valid_to=first_day.date())
    )
    session.commit()
    clock(first_day)
    held = file_and_submit(api_now)
    assert told(session, held) == [("truongphong.cntt", "task_arrived")]
    clock(first_day + timedelta(days=1))
    ended = file_and_submit(api_now)
    assert told(session, ended) == []
