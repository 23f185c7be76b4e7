"""Accounts as an administrator keeps them: found by name, created under the password policy,
disabled or enabled, given a new password, unlocked after throttled logins. Each change is in
the administrators' trail; a change that would leave the province without an administrator, or
steps without anyone to take them, is refused with the reason."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AdminAction, LoginThrottle, RoleCode, User, utcnow
from models.people import vn_today
from workflows import plain_text
from workflows.directory import admin_audit, passwords, throttle, users
from workflows.directory.assignments import check_can_end, other_admins
from workflows.errors import N_, Conflict, Forbidden, Text, ValidationFailed
from workflows.search_text import fold

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}\Z")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
LOCALES = ("vi", "en")
FULL_NAME_MAX = 120
EMAIL_MAX = 255
#: a generated password: 16 URL-safe characters, far past the policy's minimum
GENERATED_BYTES = 12


@dataclass(frozen=True)
class AccountRow:
    user: User
    #: until when its logins are refused (the throttle), or None
    locked_until: datetime | None


def search(session: Session, text: str = "", limit: int = 200) -> list[AccountRow]:
    """Accounts whose username or full name holds `text` (diacritics and case ignored)."""
    wanted = fold(text.strip())
    rows = session.scalars(select(User).order_by(User.username))
    found = [u for u in rows if not wanted or wanted in fold(f"{u.username} {u.full_name}")]
    locks = locked(session)
    return [AccountRow(u, locks.get(u.username.lower())) for u in found[:limit]]


def locked(session: Session) -> dict[str, datetime]:
    """Usernames whose logins are refused now, with the latest end of their locks."""
    rows = session.execute(
        select(LoginThrottle.username, func.max(LoginThrottle.locked_until))
        .where(LoginThrottle.locked_until > utcnow())
        .group_by(LoginThrottle.username)
    )
    return {name: until for name, until in rows if until is not None}


def create(
    session: Session,
    actor: User,
    username: str,
    full_name: str,
    email: str | None,
    locale: str | None,
    password: str,
) -> User:
    username, full_name, email = username.strip(), full_name.strip(), (email or "").strip()
    problems: dict[str, Text] = {}
    if not USERNAME.match(username):
        problems["username"] = N_(
            "tên đăng nhập gồm 3–64 chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch "
            "ngang, bắt đầu bằng chữ hoặc số"
        )
    if not full_name:
        problems["full_name"] = N_("cần họ và tên")
    elif len(full_name) > FULL_NAME_MAX:
        problems["full_name"] = N_("họ và tên dài tối đa %(max)s ký tự", max=FULL_NAME_MAX)
    elif reason := plain_text.problem(full_name):
        problems["full_name"] = reason
    if email and (len(email) > EMAIL_MAX or not EMAIL.match(email)):
        problems["email"] = N_("địa chỉ thư điện tử không hợp lệ")
    if locale and locale not in LOCALES:
        problems["locale"] = N_("ngôn ngữ phải là 'vi' hoặc 'en'")
    if reason := passwords.problem(password, username):
        problems["password"] = reason
    if problems:
        raise ValidationFailed("invalid_account", problems)
    if session.scalar(select(User.id).where(func.lower(User.username) == username)) is not None:
        raise Conflict("username_taken", N_("Tên đăng nhập '%(user)s' đã có", user=username))
    user = User(
        username=username,
        full_name=full_name,
        email=email or None,
        locale=locale or None,
        password_hash=passwords.hash_password(password, username),
    )
    session.add(user)
    session.flush()
    admin_audit.record(
        session, actor, AdminAction.USER_CREATED, user, username=username, locale=locale
    )
    return user


def set_active(session: Session, actor: User, username: str, active: bool) -> User:
    """Disable (or enable) an account; disabling ends its sessions and tokens
    (workflows.directory.users.set_active, as `tdkt users disable` does)."""
    user = users.find(session, username)
    if user.active == active:
        return user
    if not active:
        if user.id == actor.id:
            raise Forbidden("cannot_disable_self", N_("Không thể tự khóa tài khoản của mình"))
        today = vn_today()
        for held in user.held_assignments(today):
            if held.role_code == RoleCode.ADMIN and not other_admins(session, user.id, today):
                raise Conflict(
                    "last_admin_disabled",
                    N_("Không khóa được %(user)s: đây là quản trị viên cuối cùng", user=username),
                )
            check_can_end(session, held, today)
    users.set_active(session, username, active)
    action = AdminAction.USER_ENABLED if active else AdminAction.USER_DISABLED
    admin_audit.record(session, actor, action, user)
    return user


def reset_password(
    session: Session, actor: User, username: str, password: str | None = None
) -> str:
    """A new password (`password`, or one generated here, to be shown once): the account's
    sessions and tokens end and its throttled logins are forgotten."""
    user = users.find(session, username)
    chosen = password or secrets.token_urlsafe(GENERATED_BYTES)
    users.set_password(session, user.username, chosen)
    admin_audit.record(session, actor, AdminAction.PASSWORD_RESET, user, generated=password is None)
    return chosen


def unlock(session: Session, actor: User, username: str) -> User:
    user = users.find(session, username)
    throttle.forget(session, user.username)
    admin_audit.record(session, actor, AdminAction.ACCOUNT_UNLOCKED, user)
    return user
