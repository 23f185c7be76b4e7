"""The outbox: queued with its notification when SMTP is configured, kept and retried while
the server fails, sent when it comes back; nothing at all without SMTP, and the admin sees so."""

from __future__ import annotations

import socket
import threading
from datetime import datetime, timedelta
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from click.testing import CliRunner
from sqlalchemy import select, update

from models import Notification, OutboxMessage, User
from tests.support.deadlines import file_and_submit
from webapp.cli import main
from workflows.deadlines.mail import SmtpSettings, send_due

ADDRESS = "lo.van.minh@sotttt.dienbien.gov.vn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler: keeps what it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


class HangUp:
    """A server that accepts a connection and closes it before saying anything."""

    def __init__(self, port: int):
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", port))
        self.socket.listen()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        try:
            connection, _ = self.socket.accept()
            connection.close()
        except OSError:
            pass

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.socket.close()
        self.thread.join(timeout=5)


def outbox(session) -> list[OutboxMessage]:
    session.rollback()
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def give_address(session) -> None:
    session.execute(update(User).where(User.username == "truongphong.cntt").values(email=ADDRESS))
    session.commit()


def test_a_message_survives_a_failing_server_and_is_sent_when_it_comes_back(
    app, session, clock, api_now, run_workers
):
    port = free_port()
    smtp = SmtpSettings(host="127.0.0.1", port=port, sender="tdkt@dienbien.gov.vn", timeout=5)
    factory = app.extensions["tdkt_sessions"]
    give_address(session)
    clock(datetime(2026, 2, 11, 10, 0))
    pid = file_and_submit(api_now)

    # Friday 13/2, 09:00: the reminder is due. Nothing listens on the port: the notification
    # and its mail are written together, the send fails, the mail stays queued.
    clock(datetime(2026, 2, 13, 9, 0))
    [report] = run_workers(1, smtp=smtp)
    assert (report.reminders, report.mail.sent, report.mail.retried) == (1, 0, 1)
    # (the unit head was also told when the step arrived: no mail then, SMTP was not configured)
    [note] = session.scalars(
        select(Notification).where(Notification.proposal_id == pid, Notification.kind == "reminder")
    )
    [mail] = outbox(session)
    assert (mail.notification_id, mail.to_address, mail.status) == (note.id, ADDRESS, "queued")
    assert mail.subject == "[TĐKT] Nhắc hạn: Trưởng đơn vị ký xác nhận"
    assert mail.attempts == 1 and "ConnectionRefusedError" in mail.last_error
    assert mail.next_attempt_at == datetime(2026, 2, 13, 2, 1)  # a minute later (UTC)
    assert send_due(factory, smtp).retried == 0  # not before its time

    # Two minutes later a server answers but hangs up: still queued, the wait doubles.
    clock(datetime(2026, 2, 13, 9, 2))
    with HangUp(port):
        assert send_due(factory, smtp).retried == 1
    [mail] = outbox(session)
    assert (mail.status, mail.attempts) == ("queued", 2)
    assert "SMTPServerDisconnected" in mail.last_error
    assert mail.next_attempt_at == datetime(2026, 2, 13, 2, 4)

    # The server is back: the message goes out once, as written.
    clock(datetime(2026, 2, 13, 9, 5))
    received = Inbox()
    server = Controller(received, hostname="127.0.0.1", port=port)
    server.start()
    try:
        assert send_due(factory, smtp).sent == 1
        assert send_due(factory, smtp).sent == 0
    finally:
        server.stop()
    [envelope] = received.envelopes
    assert envelope.rcpt_tos == [ADDRESS]
    sent = message_from_bytes(envelope.content, policy=policy.default)
    assert sent["Subject"] == "[TĐKT] Nhắc hạn: Trưởng đơn vị ký xác nhận"
    assert note.text in sent.get_content()
    [mail] = outbox(session)
    assert (mail.status, mail.attempts, mail.last_error) == ("sent", 3, None)
    assert mail.sent_at == datetime(2026, 2, 13, 2, 5)


def test_without_smtp_nothing_is_queued_and_the_admin_is_told(
    app, session, clock, api_now, run_workers, login_as, db_url, monkeypatch, tmp_path
):
    monkeypatch.delenv("TDKT_SMTP_HOST", raising=False)
    give_address(session)
    clock(datetime(2026, 2, 11, 10, 0))
    file_and_submit(api_now)
    clock(datetime(2026, 2, 13, 9, 0))
    [report] = run_workers(1, smtp=None)
    assert report.notifications == 1
    assert outbox(session) == []

    admin = login_as("quantri")
    for page in ("/admin/", "/admin/mail"):
        assert "Chưa cấu hình SMTP" in admin.get(page).get_data(as_text=True)
    assert login_as("giamdoc.tttt").get("/admin/mail").status_code == 403

    monkeypatch.setenv("TDKT_DATABASE_URL", db_url)
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    clock(datetime(2026, 2, 13, 9, 0) + timedelta(minutes=1))
    result = CliRunner().invoke(main, ["worker", "--once"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Chưa cấu hình SMTP (TDKT_SMTP_HOST)")
    assert "0 nhắc hạn, 0 quá hạn" in result.output

    monkeypatch.setenv("TDKT_SMTP_HOST", "mail.dienbien.gov.vn")
    assert "mail.dienbien.gov.vn:25" in admin.get("/admin/mail").get_data(as_text=True)
