"""The proposal path every engine benchmark runs: LĐTT, filed, submitted and approved 4 times.

The steps are the diagram's: nominator submits, unit head signs off, the department's
secretariat checks, its council votes, the Director decides.
"""

COUNCIL = {"members_total": 9, "members_present": 8, "votes_for": 7, "votes_against": 1}
DECISION = {"decision_no": "88/QĐ-STTTT", "decision_date": "05/12/2025", "signer": "Vũ Đức Thắng"}

NOMINATOR = "vanthu.cntt"
#: (who, BPMN element, form fields sent over HTTP) after the submission
REVIEW = [
    ("truongphong.cntt", "unit_head_signoff", {}),
    ("thuongtruc.tttt", "secretariat_check", {}),
    ("hoidong.tttt", "council_vote", COUNCIL),
    ("giamdoc.tttt", "director_decide", DECISION),
]
USERS = [NOMINATOR] + [who for who, _, _ in REVIEW]

#: the task data each completion sets in the engine, as workflows.forms cleans it
ENGINE_STEPS = [
    ("file_proposal", {"decision": "submit"}),
    ("unit_head_signoff", {"decision": "approve"}),
    ("secretariat_check", {"decision": "approve"}),
    ("council_vote", {"decision": "approve", **COUNCIL}),
    (
        "director_decide",
        {
            "decision": "approve",
            "decision_no": DECISION["decision_no"],
            "decision_date": "2025-12-05",
            "signer": DECISION["signer"],
        },
    ),
]
START_DATA = {"proposal_id": 0, "award_code": "LDTT", "year": 2025, "round": 1}
END_DECIDED = "end_decided_department"


def proposal_body(n: int) -> dict:
    return {
        "award_code": "LDTT",
        "year": 2025,
        "title": f"Đề nghị công nhận Lao động tiên tiến năm 2025 (số {n})",
        "summary": "Hoàn thành tốt nhiệm vụ được giao; chấp hành tốt chủ trương, chính sách.",
        "nominees": [
            {"name": "Nguyễn Văn An", "job_title": "Chuyên viên", "gender": "male"},
            {"name": "Trần Thị Bình", "job_title": "Chuyên viên", "gender": "female"},
        ],
        # Outside any movement: the demo movement's submission deadline (15/01/2026) refuses
        # a normal filing after it, and the measurements must not depend on today's date.
        "movement": None,
    }
