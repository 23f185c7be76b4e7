"""Reference data (roles, the award catalogue) kept as JSON files and upserted at `tdkt init`."""

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from models import Award, Role

DATA_DIR = Path(__file__).resolve().parent / "data"


def _load(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def ensure_reference_data(session: Session) -> None:
    for row in _load("roles.json"):
        session.merge(Role(**row))
    for row in _load("awards.json"):
        row = dict(row)
        for key in ("valid_from", "valid_to"):
            if row.get(key):
                row[key] = date.fromisoformat(row[key])
        session.merge(Award(**row))
    session.flush()


def role_codes() -> set[str]:
    return set(roles())


@dataclass(frozen=True)
class RoleInfo:
    code: str
    #: which organisation of a proposal's chain a task in this role's lane belongs to
    scope: str
    #: True for roles that review (approve/return/reject) tasks
    reviewer: bool


@cache
def roles() -> dict[str, RoleInfo]:
    """The role table as `tdkt init` writes it from roles.json, read once per process.

    The file is the only source of the `role` rows and nothing changes them at run time, so
    every worker holds the same answer; the access checks need no query for it.
    """
    return {
        row["code"]: RoleInfo(row["code"], row["scope"], bool(row["reviewer"]))
        for row in _load("roles.json")
    }


def is_reviewer(role_code: str) -> bool:
    role = roles().get(role_code)
    return role is not None and role.reviewer


def scope_of(role_code: str) -> str | None:
    role = roles().get(role_code)
    return role.scope if role is not None else None
