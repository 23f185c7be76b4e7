"""The LĐTT path in the engine's own terms: the start data of an instance and the data each
completion sets, as workflows.process.forms cleans it (filed, submitted, signed off, checked,
a ballot per member of Sở TT&TT's council, decided by the Director).

The benchmarks drive the same path (bench/ldtt.py); the tests keep their own copy so that they
never import bench/.
"""

from __future__ import annotations

from tests.support.accounts import council_members

#: the members of Sở TT&TT's council in the demo data: one ballot each
COUNCIL_MEMBERS = council_members("dept_council", "sotttt")

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
            "decision_no": "88/QĐ-STTTT",
            "decision_date": "2025-12-05",
            "signer": "Vũ Đức Thắng",
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
