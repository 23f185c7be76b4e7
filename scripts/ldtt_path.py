"""The LĐTT path in the engine's own terms: the start data of an instance and the data each
completion sets, as workflows.process.forms cleans it (filed, submitted, signed off, checked,
a ballot per member of Sở TT&TT's council, decided by the Director).

One definition for the benchmarks (bench/ldtt.py, bench/bare.py) and the engine tests, which
do not import bench/.
"""

from __future__ import annotations

import json
from pathlib import Path

_DEMO = Path(__file__).resolve().parents[1] / "workflows/data/demo.json"
#: the members of Sở TT&TT's council in the demo data (the council until the 1/3/2025 merger,
#: [role, org, from, to]): one ballot each
COUNCIL_MEMBERS = [
    u["username"]
    for u in json.loads(_DEMO.read_text(encoding="utf-8"))["users"]
    if any(r[:2] == ["dept_council", "sotttt"] for r in u["roles"])
]
#: the Director's decision that ends the path
DECISION_NO, SIGNER = "88/QĐ-STTTT", "Vũ Đức Thắng"

#: (BPMN element, task data) of each completion, in order
ENGINE_STEPS = [
    ("file_proposal", {"decision": "submit"}),
    ("unit_head_signoff", {"decision": "approve"}),
    ("secretariat_check", {"decision": "approve"}),
    # each member casts a secret ballot: nothing of it enters the task data
    *(("council_vote", {}) for _ in COUNCIL_MEMBERS),
    (
        "director_decide",
        {
            "decision": "approve",
            "decision_no": DECISION_NO,
            "decision_date": "2025-12-05",
            "signer": SIGNER,
        },
    ),
]
START_DATA = {
    "proposal_id": 0,
    "award_code": "LDTT",
    "year": 2025,
    "round": 1,
    "procedure": "normal",
    "reconvene": False,
    "dept_council_members": list(range(1, len(COUNCIL_MEMBERS) + 1)),
    "province_council_members": [],
}
