"""A case's notices name the case's kind before its number, in the reader's language: a case's
number is not a proposal's, and "Hồ sơ #3" / "Proposal #3" beside a real proposal #3 sent
its readers to the wrong file. The reminders and escalations of a case's steps are its own texts,
with the due date, as a proposal's are."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from models import Notification, OutboxMessage, User
from tests.support.cases import open_trial_case
from workflows.cases.worker import fire_due_timers

UNIT_CLERK = "vanthu.yte"


def _texts(api, kind: str) -> list[str]:
    page = api(UNIT_CLERK).ok("GET", "/notifications")
    return [n["text"] for n in page["items"] if n["kind"] == kind]


def _in_english(session) -> None:
    session.execute(update(User).where(User.username == UNIT_CLERK).values(locale="en"))
    session.commit()


def test_a_case_s_step_is_announced_with_its_kind_and_number(app, session, api, login_as):
    case_id, _ = open_trial_case(app, session, "soyte-vp", "thuongtruc.yte")
    stored = session.scalar(
        select(Notification.text)
        .join(User, User.id == Notification.user_id)
        .where(User.username == UNIT_CLERK, Notification.kind == "task_arrived")
    )
    assert stored.startswith(f"Đăng ký thi đua #{case_id} “Đăng ký thi đua 2026 – ")
    assert "Hồ sơ" not in stored and "đang chờ xử lý" in stored
    _in_english(session)
    [text] = _texts(api, "task_arrived")
    assert text.startswith(f"Emulation registration #{case_id} “Đăng ký thi đua 2026 – ")
    assert "has reached step “Unit registers for emulation”" in text and "Proposal" not in text
    # It leads to the case: the API names it, the bell links it.
    page = api(UNIT_CLERK).ok("GET", "/notifications")
    [item] = [n for n in page["items"] if n["kind"] == "task_arrived"]
    assert (item["case_id"], item["proposal_id"]) == (case_id, None)
    bell = login_as(UNIT_CLERK).get("/notifications/").get_data(as_text=True)
    assert f'href="/cases/{case_id}">Open the case</a>' in bell


def test_a_case_s_reminder_and_escalation_carry_the_due_date_in_each_language(
    app, session, api, clock
):
    clock(datetime(2026, 3, 2, 9, 0))  # a Monday: the unit's step is due on Monday 23 March
    case_id, _ = open_trial_case(app, session, "soyte-vp", "thuongtruc.yte")
    clock(datetime(2026, 3, 25, 9, 0))
    assert fire_due_timers(app.extensions["tdkt_sessions"]).escalations == 1
    session.rollback()
    stored = dict(
        session.execute(
            select(Notification.kind, Notification.text)
            .join(User, User.id == Notification.user_id)
            .where(User.username == UNIT_CLERK, Notification.kind.in_(["reminder", "escalation"]))
        ).all()
    )
    assert stored["reminder"].startswith(f"Nhắc hạn — Đăng ký thi đua #{case_id} “")
    assert "trước hết ngày 23/03/2026" in stored["reminder"]
    assert stored["escalation"].startswith(f"Quá hạn — Đăng ký thi đua #{case_id} “")
    assert "đã quá hạn ngày 23/03/2026" in stored["escalation"]
    _in_english(session)
    [reminder] = _texts(api, "reminder")
    [escalation] = _texts(api, "escalation")
    assert reminder.startswith(f"Reminder — Emulation registration #{case_id} “")
    assert "must be handled by the end of 23/03/2026" in reminder
    assert escalation.startswith(f"Overdue — Emulation registration #{case_id} “")
    assert "was due on 23/03/2026" in escalation


def test_a_case_s_mail_names_its_kind_and_number(app, session, monkeypatch):
    monkeypatch.setenv("TDKT_SMTP_HOST", "mail.dienbien.gov.vn")
    monkeypatch.setenv("TDKT_BASE_URL", "https://tdkt.dienbien.gov.vn")
    address = "vanthu.yte@dienbien.gov.vn"
    session.execute(update(User).where(User.username == UNIT_CLERK).values(email=address))
    session.commit()
    case_id, _ = open_trial_case(app, session, "soyte-vp", "thuongtruc.yte")
    [mail] = session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address))
    assert mail.subject.startswith(f"[TĐKT] Đăng ký thi đua #{case_id} chờ xử lý: ")
    assert f"Đăng ký thi đua #{case_id} “" in mail.body
    assert "Xem và xử lý: https://tdkt.dienbien.gov.vn/cases/tasks/" in mail.body
