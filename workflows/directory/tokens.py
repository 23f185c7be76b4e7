"""API bearer tokens: issued at login, only their SHA-256 stored, checked on every call.

No Flask here: the lifetime comes from the caller (the app's API_TOKEN_LIFETIME).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from functools import cache, lru_cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, joinedload

from models import ApiToken, RoleAssignment, User, utcnow
from models.people import VN_OFFSET
from workflows.directory import passwords
from workflows.directory.roles_held import held_on
from workflows.directory.users import verify as verify_password

TOKEN_BYTES = 32
#: longer presented strings are not tokens this module issued (token_urlsafe(32) is 43 chars)
PRESENTED_MAX = 200


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@cache
def _dummy_hash() -> str:
    return passwords.new_hash(secrets.token_hex(16))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with that password, or None (the same work for unknown and wrong)."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        # Spend the time of a hash check anyway, so timing does not tell which names exist.
        passwords.matches(_dummy_hash(), password)
        return None
    return user if verify_password(user, password) else None


def issue(session: Session, user: User, lifetime: timedelta) -> tuple[str, ApiToken]:
    """A new token for `user`: the raw value (shown once) and its stored row."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    row = ApiToken(
        user_id=user.id,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(row)
    session.flush()
    return raw, row


def find(session: Session, raw: str) -> ApiToken | None:
    """The row of a presented token that is still valid: known, unexpired, unrevoked."""
    if not raw or len(raw) > PRESENTED_MAX:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        return None
    return row


def user_for(session: Session, raw: str) -> User | None:
    """The active user a presented token belongs to, or None.

    Every API request asks this, so it is one indexed query (the token's unique hash) that
    also brings the user's role assignments, instead of token, user and roles one by one.
    Nothing is cached in the process: a token revoked by one worker is refused by all at once.
    """
    if not raw or len(raw) > PRESENTED_MAX:
        return None
    now = utcnow()
    statement = _user_for_token_on((now + VN_OFFSET).date())
    params = {"token_hash": hash_token(raw), "now": now}
    return session.scalars(statement, params).unique().one_or_none()


#: user_for's statement, built once (building and keying it cost a third of the lookup); the
#: token and the time are bound per call. The assignments' roles are reference data read from
#: workflows.reference (access, has_role read role codes only), so their role rows, eager by
#: default, are left out; their organisations stay (GET /me and filing a proposal read them).
#: Only the assignments held today come (the day given per call as the option's value): the
#: request acts with those alone, as User.held_assignments would filter them in Python.
_USER_FOR_TOKEN = (
    select(User)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > bindparam("now"),
        User.active.is_(True),
    )
)


@lru_cache(maxsize=4)
def _user_for_token_on(day: date) -> Select[User]:
    """user_for's statement on `day`, built once a day rather than on every request (building
    the option and keying the statement cost as much CPU as the lookup; issue 19). A function of
    the day alone, so every worker builds the same one.

    The day is a value in the loader option, not a bind parameter of the statement: the option
    stays with the loaded user, and a refresh after a rolled-back commit (the request edge
    answering 503) runs it again without this call's parameters."""
    held_today = joinedload(User.assignments.and_(held_on(day)))
    return _USER_FOR_TOKEN.options(held_today.lazyload(RoleAssignment.role))


def revoke(session: Session, raw: str) -> bool:
    """Revoke a valid token; False when it was not valid to begin with."""
    row = find(session, raw)
    if row is None:
        return False
    row.revoked_at = utcnow()
    session.flush()
    return True


def revoke_all(session: Session, user: User) -> int:
    """Revoke every live token of `user` (e.g. when the account is disabled)."""
    now = utcnow()
    rows = session.scalars(
        select(ApiToken).where(
            ApiToken.user_id == user.id,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > now,
        )
    ).all()
    for row in rows:
        row.revoked_at = now
    session.flush()
    return len(rows)
