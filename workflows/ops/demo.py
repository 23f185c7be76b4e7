"""The demo of Điện Biên, loaded by `tdkt demo`: its organisations as they changed (demo_story),
its accounts with the dates they held their roles, the seed's movement and the staff's history,
the blocs' year and the units' 2025 registrations.
Idempotent. `until` loads the world as tdkt would have held it on that day."""

from __future__ import annotations

import json
import os
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, OrgEvent, Role, RoleAssignment, User
from workflows.directory.users import get_or_create_user
from workflows.errors import N_, Conflict
from workflows.movements.registry import load_directory as load_movements
from workflows.ops.demo_blocs import load_bloc_years
from workflows.ops.demo_history import load_demo_history
from workflows.ops.demo_registrations import load_registrations
from workflows.ops.demo_story import day_of, load_organisations, recorded
from workflows.reference import DATA_DIR

#: documented in the README; TDKT_DEMO_PASSWORD replaces it
DEFAULT_DEMO_PASSWORD = "DienBien@2025"


def demo_password() -> str:
    return os.environ.get("TDKT_DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def has_demo_data(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


#: the last day before Điện Biên's reorganisation: the test databases hold the world as tdkt
#: would have held it then (Sở TT&TT and its department accounts still there)
BEFORE_REORGANISATION = date(2024, 12, 31)


def load_demo(
    session: Session, password: str | None = None, until: date | None = None
) -> list[User]:
    """Load the story (all of it, or what was recorded by `until`); the accounts loaded."""
    password = password or demo_password()
    if until is not None:
        _refuse_rewinding(session, until)
    data = json.loads((DATA_DIR / "demo.json").read_text(encoding="utf-8"))
    load_organisations(session, data, until)
    users = []
    for row in data["users"]:
        held = [held for role in row["roles"] if (held := _held(role, until))]
        if not held:
            continue  # an account opened after `until`
        user = get_or_create_user(session, row["username"], row["full_name"], password)
        for role_code, org_code, start, end in held:
            _assign(session, user, role_code, org_code, start, end)
        users.append(user)
    # The seed's 2025 movement and the headcounts of its units (workflows/data/movements/).
    load_movements(session)
    session.flush()
    load_demo_history(session, until)  # staff, ratings, awards, initiatives (demo_history.json)
    # The blocs' 2025 pledges and scores, played through their cases (demo_blocs.json).
    load_bloc_years(session, until, password)
    # The 2025 registrations, driven through their cases (demo_registrations.json).
    load_registrations(session, until)
    return users


def _refuse_rewinding(session: Session, until: date) -> None:
    # Loading up to a day re-opens what ended after it; over a later history that would leave
    # events whose organisations still exist.
    later = session.scalar(select(OrgEvent.effective_on).where(OrgEvent.effective_on > until))
    if later is not None:
        message = N_(
            "Cơ sở dữ liệu đã ghi lịch sử tổ chức sau ngày %(day)s; không thể nạp dữ liệu mẫu "
            "chỉ đến ngày đó (hãy dùng một cơ sở dữ liệu trống)",
            day=f"{until:%d/%m/%Y}",
        )
        raise Conflict("demo_history_after_until", message)


def _held(role: list, until: date | None) -> tuple[str, str, date | None, date | None] | None:
    """[role, org] or [role, org, from, to] of the data as recorded by `until`."""
    role_code, org_code, *dates = role
    span = recorded(day_of(dates[0] if dates else None), day_of(dates[1] if dates else None), until)
    return (role_code, org_code, *span) if span else None


def _assign(session: Session, user: User, role_code: str, org_code: str, start, end) -> None:
    org = session.scalar(select(Organisation).where(Organisation.code == org_code))
    if org is None or session.get(Role, role_code) is None:
        raise ValueError(f"demo.json: no role {role_code!r} or organisation {org_code!r}")
    assignment = next(
        (
            a
            for a in user.assignments
            if (a.role_code, a.org_id, a.valid_from) == (role_code, org.id, start)
        ),
        None,
    )
    if assignment is None:
        assignment = RoleAssignment(user=user, role_code=role_code, org=org, valid_from=start)
        session.add(assignment)
    assignment.valid_to = end
    session.flush()
