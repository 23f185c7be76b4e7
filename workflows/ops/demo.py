"""The demo organisations and accounts of Điện Biên, loaded by `tdkt demo`; idempotent."""

from __future__ import annotations

import json
import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import GroupMembership, Organisation, User
from workflows.directory.users import assign, get_or_create_user
from workflows.movements.registry import load_directory as load_movements
from workflows.ops.demo_history import load_demo_history
from workflows.reference import DATA_DIR

#: documented in the README; TDKT_DEMO_PASSWORD replaces it
DEFAULT_DEMO_PASSWORD = "DienBien@2025"


def demo_password() -> str:
    return os.environ.get("TDKT_DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def has_demo_data(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def load_demo(session: Session, password: str | None = None) -> list[User]:
    password = password or demo_password()
    data = json.loads((DATA_DIR / "demo.json").read_text(encoding="utf-8"))
    by_code: dict[str, Organisation] = {o.code: o for o in session.scalars(select(Organisation))}
    for row in data["organisations"]:
        org = by_code.get(row["code"])
        if org is None:
            org = Organisation(code=row["code"])
            session.add(org)
            by_code[row["code"]] = org
        org.name, org.short_name, org.kind = row["name"], row["short_name"], row["kind"]
        org.parent = by_code[row["parent"]] if row.get("parent") else None
    session.flush()
    for grouping, members in data["memberships"].items():
        if grouping.startswith("_"):
            continue
        for member in members:
            exists = session.scalar(
                select(GroupMembership.id).where(
                    GroupMembership.grouping_id == by_code[grouping].id,
                    GroupMembership.member_id == by_code[member].id,
                )
            )
            if exists is None:
                session.add(
                    GroupMembership(grouping_id=by_code[grouping].id, member_id=by_code[member].id)
                )
    users = []
    for row in data["users"]:
        user = get_or_create_user(session, row["username"], row["full_name"], password)
        for role, org in row["roles"]:
            assign(session, user, role, org)
        users.append(user)
    # The seed's 2025 movement and the headcounts of its units (workflows/data/movements/).
    load_movements(session)
    session.flush()
    load_demo_history(session)  # staff, ratings, awards, initiatives (demo_history.json)
    return users
