"""The demo accounts the tests log in with: their password and the demo data that lists them."""

from __future__ import annotations

import json
from pathlib import Path

from workflows.ops.demo import BEFORE_REORGANISATION, DEFAULT_DEMO_PASSWORD

#: every demo account's password in the test databases
PASSWORD = DEFAULT_DEMO_PASSWORD
#: workflows/data/demo.json, as the tests read it
DEMO = json.loads(
    (Path(__file__).resolve().parents[2] / "workflows/data/demo.json").read_text(encoding="utf-8")
)


def roles_held(user: dict) -> list[tuple[str, str]]:
    """(role, organisation) a user of the demo data holds in the test databases, which load
    the story up to 31/12/2024 (BEFORE_REORGANISATION): the roles that began by then and end
    after it or never ([role, org] or [role, org, from, to], ISO dates)."""
    return [
        (role, org)
        for role, org, *dates in user["roles"]
        if not dates or dates[0] is None or dates[0] <= BEFORE_REORGANISATION.isoformat()
    ]


#: the demo accounts of the test databases (those opened later are not there)
USERS_HELD = {u["username"]: roles_held(u) for u in DEMO["users"] if roles_held(u)}


def council_members(role: str = "dept_council", org: str = "sotttt") -> list[str]:
    """The demo accounts holding a council's role in the test databases, as the demo data
    lists them."""
    return [name for name, held in USERS_HELD.items() if (role, org) in held]
