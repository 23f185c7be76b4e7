"""Login throttling per account and per account-and-address, with locks that double.

Two counters guard every login (models.LoginThrottle): the account from this address, locked
after `max_failures`, and the account from anywhere, locked after `account_max_failures`
(guesses spread over many addresses). Never the address alone: behind a reverse proxy or an
office's NAT everyone has one address, and five wrong guesses at one account must not lock out
the right password of another. Each lock of a counter lasts twice as long as its previous one.

The check and the count are one step, `reserve`, before the password is looked at: it takes the
two rows with an upsert that locks them (PostgreSQL: the row lock of INSERT … ON CONFLICT DO
UPDATE, held to the end of the transaction; SQLite: the write lock the request began with), so
simultaneous guesses at one account queue and each sees the others' failures. No more passwords
are checked than the limits allow, whatever the number of workers. The limits come from the
caller (the app's configuration), and the refusal says them and when to try again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, tuple_
from sqlalchemy.orm import Session

from models import ANY_ADDRESS, LoginAttempt, LoginThrottle, utcnow
from workflows.errors import N_, DomainError, Text

USERNAME_MAX = 64
IP_MAX = 45
#: the time a refusal names is the province's (Việt Nam keeps UTC+7 all year)
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Limits:
    #: this many failures at one account from one address ...
    max_failures: int = 5
    #: ... or this many at one account from any addresses ...
    account_max_failures: int = 15
    #: ... within this time ...
    window: timedelta = timedelta(minutes=15)
    #: ... lock that account (from that address) for this long, twice as long each time again,
    lockout: timedelta = timedelta(minutes=15)
    #: ... up to this; a counter with no lock for this long starts again from `lockout`
    max_lockout: timedelta = timedelta(hours=24)

    def describe(self) -> Text:
        return N_(
            "%(failures)s lần sai trong %(window)s phút thì tạm khóa %(lockout)s phút, "
            "lần sau gấp đôi",
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
        local = until.replace(tzinfo=ZoneInfo("UTC")).astimezone(LOCAL_TZ)
        message = N_(
            "Tài khoản này tạm bị khóa đăng nhập vì nhập sai mật khẩu quá nhiều lần "
            "(quy định: %(rule)s). Hãy thử lại sau %(time)s ngày %(date)s "
            "(khoảng %(wait)s phút nữa).",
            rule=limits.describe(),
            time=local.strftime("%H:%M"),
            date=local.strftime("%d/%m/%Y"),
            wait=max(1, math.ceil(self.retry_after / 60)),
        )
        super().__init__("login_locked", message)


@dataclass(frozen=True)
class Attempt:
    """A guess that `reserve` let through: counted already, its rows locked until the end."""

    username: str
    ip: str
    now: datetime


def _minutes(value: timedelta) -> int:
    return max(1, round(value.total_seconds() / 60))


def normalise(username: str) -> str:
    return username.strip().casefold()[:USERNAME_MAX]


def _locked_row(session: Session, username: str, ip: str, now: datetime) -> LoginThrottle:
    """The counter's row, created if missing, locked for the rest of the transaction."""
    # Only the dialect in use: PostgreSQL's modules cost a worker on SQLite ~2.3 MB (issue 19).
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    values = {"username": username, "ip": ip, "failures": 0, "lockouts": 0, "touched_at": now}
    statement = (
        insert(LoginThrottle)
        .values(values)
        # Updating the row, even to the time only, is what takes its lock on PostgreSQL.
        .on_conflict_do_update(index_elements=["username", "ip"], set_={"touched_at": now})
        .returning(LoginThrottle)
    )
    options = {"populate_existing": True}
    return session.scalars(statement, execution_options=options).one()


def _counted(row: LoginThrottle, limits: Limits, now: datetime) -> datetime | None:
    """Count one more guess on the row, or answer until when it is locked."""
    if row.locked_until is not None:
        if row.locked_until > now:
            return row.locked_until
        if now - row.locked_until > limits.max_lockout:
            row.lockouts = 0  # long quiet: the next lock is a first one again
    if row.since is None or now - row.since > limits.window:
        row.failures, row.since = 0, now
    row.failures += 1
    return None


def reserve(
    session: Session, username: str, ip: str, limits: Limits, now: datetime | None = None
) -> Attempt:
    """Count a guess at `username` from `ip` before its password is checked.

    Raises LoginLocked (nothing counted) when the account is locked from this address or from
    everywhere. Otherwise the guess is counted as a failure until `succeeded` takes it back, so
    that a guess being checked right now counts for the guesses waiting behind it.
    """
    now = now or utcnow()
    name, address = normalise(username), ip[:IP_MAX]
    # The account's row first, then the address's: one order for everyone, so no deadlock.
    rows = [_locked_row(session, name, ANY_ADDRESS, now), _locked_row(session, name, address, now)]
    untils = [until for row in rows if (until := _counted(row, limits, now)) is not None]
    if untils:
        session.expire_all()  # nothing of the refused guess is written
        raise LoginLocked(max(untils), limits, now)
    session.flush()
    return Attempt(name, address, now)


def failed(session: Session, attempt: Attempt, limits: Limits) -> None:
    """The password was wrong: lock the counters that reached their limit, keep a record."""
    now = attempt.now
    for ip, limit in (
        (ANY_ADDRESS, limits.account_max_failures),
        (attempt.ip, limits.max_failures),
    ):
        row = session.get(LoginThrottle, (attempt.username, ip))
        if row is not None and row.failures >= limit:
            lock = limits.lockout * 2**row.lockouts
            row.locked_until = now + min(lock, limits.max_lockout)
            row.lockouts += 1
            row.failures, row.since = 0, None
    _prune(session, now - limits.max_lockout - limits.max_lockout - limits.window)
    session.add(LoginAttempt(at=now, username=attempt.username, ip=attempt.ip))
    session.flush()


def _prune(session: Session, stale: datetime) -> None:
    """Forget rows untouched for longer than any lock and its memory.

    Rows another login holds are skipped (PostgreSQL: SKIP LOCKED), not waited for: two
    logins pruning at once could otherwise each wait for a row the other has locked.
    """
    counters = (
        select(LoginThrottle.username, LoginThrottle.ip)
        .where(LoginThrottle.touched_at < stale)
        .with_for_update(skip_locked=True)
    )
    key = tuple_(LoginThrottle.username, LoginThrottle.ip)
    session.execute(delete(LoginThrottle).where(key.in_(counters)))
    records = (
        select(LoginAttempt.id).where(LoginAttempt.at < stale).with_for_update(skip_locked=True)
    )
    session.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(records)))


def succeeded(session: Session, attempt: Attempt) -> None:
    """The password was right: this address's count for the account starts again, and the
    account's count gives the guess back (not more: a success from one address must not reset
    the count of guesses from the others)."""
    session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.username == attempt.username, LoginThrottle.ip == attempt.ip
        )
    )
    account = session.get(LoginThrottle, (attempt.username, ANY_ADDRESS))
    if account is not None:
        account.failures = max(0, account.failures - 1)
        if account.failures == 0 and account.lockouts == 0:
            session.delete(account)  # nothing to remember: logins leave no rows behind
    session.flush()


def forget(session: Session, username: str) -> None:
    """A new password: the account's counters and locks are forgotten, from every address."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.username == normalise(username)))
    session.flush()
