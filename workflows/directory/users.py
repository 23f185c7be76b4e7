"""Accounts and role assignments (used by the CLI, the demo loader and the admin)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import ApiToken, Organisation, Role, RoleAssignment, User, utcnow
from models.people import vn_today
from workflows.directory import passwords, throttle
from workflows.errors import N_, NotFound


def hash_password(password: str, username: str = "") -> str:
    """The policy (workflows.directory.passwords) is checked here, so no caller can skip it."""
    return passwords.hash_password(password, username)


def verify(user: User | None, password: str) -> bool:
    return bool(user and user.active and passwords.matches(user.password_hash, password))


def find(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound("user_not_found", N_("Không có tài khoản '%(user)s'", user=username[:64]))
    return user


def end_sessions(session: Session, user: User) -> None:
    """End every web session of `user`, on every worker (the loader compares the epoch)."""
    # Incremented in SQL, so two logouts at once both count.
    user.session_epoch = User.session_epoch + 1
    session.flush()


def _revoke_everything(session: Session, user: User) -> None:
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    end_sessions(session, user)


def set_password(session: Session, username: str, password: str) -> User:
    """A new password: every API token and web session of the account ends, its failed logins
    are forgotten."""
    user = find(session, username)
    user.password_hash = hash_password(password, user.username)
    _revoke_everything(session, user)
    throttle.forget(session, user.username)
    session.flush()
    return user


def set_active(session: Session, username: str, active: bool) -> User:
    """Disable (or enable again) an account; disabling ends its API tokens and web sessions."""
    user = find(session, username)
    user.active = active
    if not active:
        _revoke_everything(session, user)
    session.flush()
    return user


def get_or_create_user(
    session: Session, username: str, full_name: str, password: str, email: str | None = None
) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(
            username=username,
            full_name=full_name,
            email=email,
            password_hash=hash_password(password, username),
        )
        session.add(user)
        session.flush()
    return user


def assign(session: Session, user: User, role_code: str, org_code: str) -> RoleAssignment:
    role = session.get(Role, role_code)
    if role is None:
        known = ", ".join(sorted(session.scalars(select(Role.code))))
        message = N_("Không có vai trò '%(role)s' (có: %(known)s)", role=role_code, known=known)
        raise NotFound("role_not_found", message)
    org = session.scalar(select(Organisation).where(Organisation.code == org_code))
    if org is None:
        raise NotFound("org_not_found", N_("Không có tổ chức mã '%(code)s'", code=org_code))
    same = [a for a in user.assignments if a.role_code == role_code and a.org_id == org.id]
    existing = next((a for a in same if a.held_on(vn_today())), None)
    if existing:
        return existing
    # Held again after a closed term: the new term starts today, the old one stays on record.
    assignment = RoleAssignment(
        user=user, role=role, org=org, valid_from=vn_today() if same else None
    )
    session.add(assignment)
    session.flush()
    return assignment


def list_users(session: Session) -> list[dict]:
    users = session.scalars(select(User).order_by(User.username))
    return [
        {
            "username": u.username,
            "full_name": u.full_name,
            "roles": [
                {"role": a.role_code, "org": a.org.code, "org_name": a.org.name}
                for a in sorted(u.assignments, key=lambda a: (a.role_code, a.org.code))
            ],
        }
        for u in users
    ]
