"""The demo accounts the tests log in with: their password and the demo data that lists them."""

from __future__ import annotations

import json
from pathlib import Path

from workflows.ops.demo import DEFAULT_DEMO_PASSWORD

#: every demo account's password in the test databases
PASSWORD = DEFAULT_DEMO_PASSWORD
#: workflows/data/demo.json, as the tests read it
DEMO = json.loads(
    (Path(__file__).resolve().parents[2] / "workflows/data/demo.json").read_text(encoding="utf-8")
)


def council_members(role: str = "dept_council", org: str = "sotttt") -> list[str]:
    """The demo accounts holding a council's role, as the demo data lists them."""
    return [u["username"] for u in DEMO["users"] if [role, org] in u["roles"]]
