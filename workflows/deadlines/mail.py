"""Sending the outbox by SMTP, with retries; nothing is sent (or queued) without SMTP settings.

A message is claimed by pushing its next attempt a lease ahead (in a short transaction, rows
locked with SKIP LOCKED on PostgreSQL), sent outside any transaction, then marked sent or
given its error and a later attempt. A worker that dies after sending but before recording
it sends that message again once the lease has passed: at least once, never lost.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formatdate

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import OutboxMessage, utcnow
from models.database import begin_write

log = logging.getLogger(__name__)

#: how long a claimed message is left to its worker before another may try it
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    sender: str = "tdkt@localhost"
    starttls: bool = False
    timeout: float = 15.0

    def describe(self) -> str:
        who = f"{self.user}@" if self.user else ""
        tls = ", STARTTLS" if self.starttls else ""
        return f"{who}{self.host}:{self.port}{tls}, người gửi {self.sender}"


def settings_from_env(environ: Mapping[str, str] | None = None) -> SmtpSettings | None:
    """TDKT_SMTP_HOST/PORT/USER/PASSWORD/FROM/STARTTLS; None (no mail at all) without a host."""
    env = os.environ if environ is None else environ
    host = env.get("TDKT_SMTP_HOST", "").strip()
    if not host:
        return None
    port = env.get("TDKT_SMTP_PORT", "").strip()
    if port and not port.isdigit():
        raise RuntimeError(f"TDKT_SMTP_PORT must be a port number, not {port!r}")
    return SmtpSettings(
        host=host,
        port=int(port) if port else 25,
        user=env.get("TDKT_SMTP_USER", ""),
        password=env.get("TDKT_SMTP_PASSWORD", ""),
        sender=env.get("TDKT_SMTP_FROM", "").strip() or "tdkt@localhost",
        starttls=env.get("TDKT_SMTP_STARTTLS", "").strip().lower() in ("1", "true", "yes"),
    )


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the n-th failure, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


@dataclass(frozen=True)
class _Claimed:
    id: int
    to_address: str
    subject: str
    body: str
    attempts: int


def send_due(
    factory: Callable[[], Session], settings: SmtpSettings | None, limit: int = 50
) -> SendReport:
    """One pass over the queue: claim the due messages, send them, record each outcome."""
    report = SendReport()
    if settings is None:
        return report
    claimed = _claim(factory, limit)
    if not claimed:
        return report
    try:
        connection = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        for message in claimed:
            _record(factory, message, exc, report)
        return report
    try:
        for message in claimed:
            try:
                connection.send_message(_email(settings, message))
            except (OSError, smtplib.SMTPException) as exc:
                _record(factory, message, exc, report)
                if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
                    # The connection is gone: the rest wait for the next pass.
                    for rest in claimed[claimed.index(message) + 1 :]:
                        _record(factory, rest, exc, report)
                    return report
            else:
                _record(factory, message, None, report)
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()
    return report


def _claim(factory: Callable[[], Session], limit: int) -> list[_Claimed]:
    now = utcnow()
    with factory() as session:
        begin_write(session)
        rows = list(
            session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.status == "queued", OutboxMessage.next_attempt_at <= now)
                .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        )
        claimed = [_Claimed(r.id, r.to_address, r.subject, r.body, r.attempts) for r in rows]
        for row in rows:
            row.next_attempt_at = now + LEASE
        session.commit()
    return claimed


def _record(factory, message: _Claimed, error: Exception | None, report: SendReport) -> None:
    now = utcnow()
    with factory() as session:
        begin_write(session)
        row = session.get(OutboxMessage, message.id)
        row.attempts = message.attempts + 1
        if error is None:
            row.status, row.sent_at, row.last_error = "sent", now, None
            report.sent += 1
        else:
            row.last_error = f"{type(error).__name__}: {error}"[:2000]
            if _permanent(error):
                row.status = "failed"
                report.failed += 1
            else:
                row.next_attempt_at = now + backoff(row.attempts)
                report.retried += 1
            log.warning("mail %s to %s: %s", message.id, message.to_address, row.last_error)
        session.commit()


def _permanent(error: Exception) -> bool:
    """The server refused this message for good (5xx on its sender, recipient or content);
    anything else (down, disconnected, 4xx, login) is tried again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.starttls:
            connection.starttls(context=ssl.create_default_context())
        if settings.user:
            connection.login(settings.user, settings.password)
    except (OSError, smtplib.SMTPException):
        connection.close()
        raise
    return connection


def _email(settings: SmtpSettings, message: _Claimed) -> MIMEText:
    # The compat32 classes: the newer EmailMessage folds a long Vietnamese subject into
    # encoded words that drop the space where it splits ("vị ký" arrives as "vịký").
    mail = MIMEText(message.body, "plain", "utf-8")
    mail["From"] = settings.sender
    mail["To"] = message.to_address
    # typeshed types a compat32 header value as str only; the class takes a Header
    mail["Subject"] = Header(message.subject, "utf-8")  # type: ignore[assignment]
    mail["Date"] = formatdate(usegmt=True)
    # The same id on every attempt, so a receiving server can drop a repeated delivery.
    mail["Message-ID"] = f"<tdkt-outbox-{message.id}@{settings.sender.rpartition('@')[2]}>"
    return mail


def queue_counts(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    counts = {"queued": 0, "sent": 0, "failed": 0}
    counts.update(dict(rows))
    return counts


def recent(session: Session, limit: int = 50) -> list[OutboxMessage]:
    return list(
        session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit))
    )
