"""The province's calendar exceptions (admin page and `tdkt calendar`) feed the due dates; the
bell counts unread notifications and marks them read only by a POST with its CSRF token."""

from __future__ import annotations

import re
from datetime import date, datetime

from click.testing import CliRunner
from sqlalchemy import select

from models import CalendarException, HumanTask, Notification, User
from tests.support.deadlines import file_and_submit
from webapp import create_app
from webapp.cli import main
from workflows.deadlines.notifications import notify
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD


def test_an_admin_declares_a_day_off_and_the_next_due_date_moves(
    app, session, clock, api_now, login_as
):
    assert login_as("giamdoc.tttt").get("/admin/calendar").status_code == 403
    assert app.test_client().get("/admin/calendar").status_code == 302
    admin = login_as("quantri")
    page = admin.get("/admin/calendar?year=2026").get_data(as_text=True)
    assert "16/02/2026" in page and "Lunar New Year" in page  # Tết, from the package

    added = admin.post("/admin/calendar", data={"day": "10/03/2026", "kind": "off", "note": "TB 5"})
    assert added.status_code == 302
    assert (
        admin.post("/admin/calendar", data={"day": "31/02/2026", "kind": "off"}).status_code == 400
    )
    refused = admin.post("/admin/calendar", data={"day": "11/03/2026", "kind": "holiday"})
    assert refused.status_code == 400 and "off" in refused.get_data(as_text=True)
    session.rollback()
    assert [(r.day, r.kind, r.note) for r in session.scalars(select(CalendarException))] == [
        (date(2026, 3, 10), "off", "TB 5")
    ]

    # Friday 6/3/2026 + 3 working days, Tuesday 10 off: Mon 9, Wed 11, Thu 12.
    clock(datetime(2026, 3, 6, 10, 0))
    pid = file_and_submit(api_now)
    session.rollback()
    step = session.scalar(
        select(HumanTask).where(HumanTask.proposal_id == pid, HumanTask.state == "ready")
    )
    assert step.due_at == datetime(2026, 3, 12, 16, 59, 59)

    removed = login_as("quantri").post("/admin/calendar/remove", data={"day": "10/03/2026"})
    assert removed.status_code == 302
    session.rollback()
    assert session.scalars(select(CalendarException)).all() == []


def test_the_calendar_command(db_url, monkeypatch, tmp_path):
    monkeypatch.setenv("TDKT_DATABASE_URL", db_url)
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    runner = CliRunner()

    def tdkt(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)

    added = tdkt("calendar", "add", "07/03/2026", "--kind", "work", "--note", "Làm bù")
    assert added.exit_code == 0 and "07/03/2026" in added.output
    listed = tdkt("calendar", "list", "--year", "2026")
    assert "07/03/2026  làm việc  Làm bù" in listed.output
    assert "Năm 2026 (gói holidays)" in listed.output
    assert tdkt("calendar", "remove", "2026-03-07").exit_code == 0
    again = tdkt("calendar", "remove", "07/03/2026")
    assert again.exit_code == 1 and "Không có ngày ngoại lệ 07/03/2026" in again.output
    assert tdkt("calendar", "add", "hôm nay", "--kind", "off").exit_code == 2


def test_the_bell_counts_and_marks_read_with_csrf(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    app = create_app(
        {"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "k", "WTF_CSRF_ENABLED": True}
    )
    factory = app.extensions["tdkt_sessions"]
    with factory() as session:
        director, board = (
            session.scalar(select(User).where(User.username == name))
            for name in ("giamdoc.tttt", "theodoi.btdkt")
        )
        mine = notify(session, director, "escalation", "Quá hạn: bước kiểm thử").id
        theirs = notify(session, board, "escalation", "Quá hạn: bước kiểm thử").id
        session.commit()

    browser = app.test_client()
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', browser.get("/login").get_data(as_text=True)
    )
    browser.post(
        "/login",
        data={
            "username": "giamdoc.tttt",
            "password": DEFAULT_DEMO_PASSWORD,
            "csrf_token": token[1],
        },
    )
    page = browser.get("/notifications/").get_data(as_text=True)
    assert 'aria-label="Thông báo: 1 chưa đọc"' in page and "Quá hạn: bước kiểm thử" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]

    assert browser.post("/notifications/read", data={"id": str(mine)}).status_code == 400
    # Someone else's notification is not the caller's to mark.
    browser.post("/notifications/read", data={"id": str(theirs), "csrf_token": token})
    assert (
        browser.post("/notifications/read", data={"id": str(mine), "csrf_token": token}).status_code
        == 302
    )
    with factory() as session:
        read = dict(session.execute(select(Notification.id, Notification.read_at)).all())
    assert read[mine] is not None and read[theirs] is None
    assert 'aria-label="Thông báo: 0 chưa đọc"' in browser.get("/").get_data(as_text=True)
    app.extensions["tdkt_engine"].dispose()
