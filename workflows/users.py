"""Accounts and role assignments (used by the CLI, the demo loader and the admin)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from models import Organisation, Role, RoleAssignment, User

from .errors import NotFound, ValidationFailed

PASSWORD_MIN = 8


def hash_password(password: str) -> str:
    if len(password) < PASSWORD_MIN:
        raise ValidationFailed({"password": f"mật khẩu cần ít nhất {PASSWORD_MIN} ký tự"})
    return generate_password_hash(password)


def verify(user: User | None, password: str) -> bool:
    return bool(user and user.active and check_password_hash(user.password_hash, password))


def get_or_create_user(
    session: Session, username: str, full_name: str, password: str, email: str | None = None
) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(
            username=username,
            full_name=full_name,
            email=email,
            password_hash=hash_password(password),
        )
        session.add(user)
        session.flush()
    return user


def assign(session: Session, user: User, role_code: str, org_code: str) -> RoleAssignment:
    role = session.get(Role, role_code)
    if role is None:
        known = ", ".join(sorted(session.scalars(select(Role.code))))
        raise NotFound(f"Không có vai trò '{role_code}' (có: {known})")
    org = session.scalar(select(Organisation).where(Organisation.code == org_code))
    if org is None:
        raise NotFound(f"Không có tổ chức mã '{org_code}'")
    existing = next(
        (a for a in user.assignments if a.role_code == role_code and a.org_id == org.id), None
    )
    if existing:
        return existing
    assignment = RoleAssignment(user=user, role=role, org=org)
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
