"""Login throttling: repeated failures lock a username, and a client address, for a while.

Failures are rows (models.LoginAttempt), so every worker of the server counts the
same ones; nothing is kept in process memory. The limits come from the caller
(the app's configuration), and the refusal says what they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import LoginAttempt, utcnow
from workflows.errors import N_, DomainError, Text

USERNAME_MAX = 64
IP_MAX = 45


@dataclass(frozen=True)
class Limits:
    #: this many failures ...
    max_failures: int = 5
    #: ... within this time ...
    window: timedelta = timedelta(minutes=15)
    #: ... lock logins for this long after the last of them
    lockout: timedelta = timedelta(minutes=15)

    def describe(self) -> Text:
        return N_(
            "%(failures)s lần sai trong %(window)s phút thì tạm khóa %(lockout)s phút",
            failures=self.max_failures,
            window=_minutes(self.window),
            lockout=_minutes(self.lockout),
        )


class LoginLocked(DomainError):
    """Too many failures: refused without looking at the password (HTTP 429)."""

    status = 429

    def __init__(self, until: datetime, limits: Limits, now: datetime):
        self.until = until
        self.retry_after = max(1, math.ceil((until - now).total_seconds()))
        wait = max(1, math.ceil(self.retry_after / 60))
        message = N_(
            "Đăng nhập sai quá nhiều lần với tài khoản này hoặc từ địa chỉ này "
            "(quy định: %(rule)s). Hãy thử lại sau khoảng %(wait)s phút.",
            rule=limits.describe(),
            wait=wait,
        )
        super().__init__("login_locked", message)


def _minutes(value: timedelta) -> int:
    return max(1, round(value.total_seconds() / 60))


def normalise(username: str) -> str:
    return username.strip().casefold()[:USERNAME_MAX]


def _locked_until(session: Session, column, value: str, limits: Limits, now: datetime):
    recent = session.scalars(
        select(LoginAttempt.at)
        .where(column == value)
        .order_by(LoginAttempt.at.desc())
        .limit(limits.max_failures)
    ).all()
    if len(recent) < limits.max_failures or recent[0] - recent[-1] > limits.window:
        return None
    until = recent[0] + limits.lockout
    return until if until > now else None


def check(
    session: Session, username: str, ip: str, limits: Limits, now: datetime | None = None
) -> None:
    """Raise LoginLocked when the username or the address is locked now."""
    now = now or utcnow()
    untils = [
        _locked_until(session, LoginAttempt.username, normalise(username), limits, now),
        _locked_until(session, LoginAttempt.ip, ip[:IP_MAX], limits, now),
    ]
    locked = [u for u in untils if u is not None]
    if locked:
        raise LoginLocked(max(locked), limits, now)


def record_failure(
    session: Session, username: str, ip: str, limits: Limits, now: datetime | None = None
) -> None:
    """Count one failure, and forget those too old to matter any more."""
    now = now or utcnow()
    session.execute(
        delete(LoginAttempt).where(LoginAttempt.at < now - limits.window - limits.lockout)
    )
    session.add(LoginAttempt(at=now, username=normalise(username), ip=ip[:IP_MAX]))
    session.flush()


def forget(session: Session, username: str) -> None:
    """A successful login or a new password clears the username's failures (not the address's:
    one account an attacker holds must not reset the count for guesses at others)."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == normalise(username)))
    session.flush()
