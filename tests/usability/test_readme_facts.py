"""What the README says of the routes and of the demo movement is what the data says."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _routes() -> dict[str, tuple[str, str, bool]]:
    text = (ROOT / "bpmn" / "award_route.dmn").read_text(encoding="utf-8")
    out = {}
    for rule in re.findall(r"<rule id=\"[^\"]*\">(.*?)</rule>", text, re.S):
        code, decider, endorsement, council = re.findall(r"<text>(.*?)</text>", rule)
        out[code.strip('"')] = (decider.strip('"'), endorsement.strip('"'), council == "True")
    return out


def test_the_provincial_routes_table_matches_the_dmn():
    rows = re.findall(r"^\s*\| `([A-Z_]+)` \| ([^|]+) \| (yes|no) \|$", README, re.M)
    said = {code: (by.strip(), votes == "yes") for code, by, votes in rows}
    provincial = {c: r for c, r in _routes().items() if r[0] == "chairman"}
    assert said.keys() == provincial.keys()
    for code, (_decider, endorsement, council) in provincial.items():
        assert said[code] == ("—" if endorsement == "none" else endorsement, council), code


def test_the_demo_movement_deadline_is_the_datas():
    movement = json.loads(
        (ROOT / "workflows" / "data" / "movements" / "2025-sotttt.json").read_text("utf-8")
    )
    deadline = movement["movement"]["submission_deadline"]
    sentence = re.search(r"The demo movement[^.]*\.", README).group(0)
    if deadline is None:
        assert "no deadline" in sentence and not re.search(r"\d{2}/\d{2}/\d{4}", sentence)
    else:
        assert deadline in sentence
