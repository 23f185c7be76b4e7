"""Reference data (roles, the award catalogue) kept as JSON files and upserted at `tdkt init`."""

import json
from datetime import date
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
    return {row["code"] for row in _load("roles.json")}
