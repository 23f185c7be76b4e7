"""The proposal path every engine benchmark runs: LĐTT, filed, submitted and approved 4 times.

The steps are the diagram's: nominator submits, unit head signs off, the department's
secretariat checks, each member of its council casts a secret ballot, the Director decides.
"""

from scripts.ldtt_path import COUNCIL_MEMBERS, DECISION_NO, SIGNER

DECISION = {"decision_no": DECISION_NO, "decision_date": "05/12/2025", "signer": SIGNER}

NOMINATOR = "vanthu.cntt"
#: (who, BPMN element, form fields sent over HTTP) after the submission
#: the nominees have no history, so they fail criteria of bpmn/eligibility.dmn: an approval
#: forwards them with a justification (workflows.eligibility.checks)
FORWARD = {"justification": "Đã xem xét, đề nghị chuyển tiếp"}
#: a council member's ballot: the client names each nominee (ballot_body)
BALLOT: dict = {}
REVIEW = [
    ("truongphong.cntt", "unit_head_signoff", FORWARD),
    ("thuongtruc.tttt", "secretariat_check", FORWARD),
    *((member, "council_vote", BALLOT) for member in COUNCIL_MEMBERS),
    ("giamdoc.tttt", "director_decide", {**DECISION, **FORWARD}),
]
USERS = list(dict.fromkeys([NOMINATOR] + [who for who, _, _ in REVIEW]))


def ballot_body(detail: dict) -> dict:
    """A yes for every nominee still in the running, from GET /proposals/<id>."""
    return ballot_choices([n for n in detail["nominees"] if n["status"] == "active"])


def ballot_choices(nominees: list[dict]) -> dict:
    """A yes for each of `nominees` (a next step's choices: issue 19)."""
    return {"action": "vote", "choices": {str(n["id"]): "yes" for n in nominees}}


END_DECIDED = "end_decided_department"


def proposal_body(n: int) -> dict:
    return {
        "award_code": "LDTT",
        "year": 2025,
        "title": f"Đề nghị công nhận Lao động tiên tiến năm 2025 (số {n})",
        "summary": "Hoàn thành tốt nhiệm vụ được giao; chấp hành tốt chủ trương, chính sách.",
        # Other people in each proposal: a person gets LĐTT once a year (award history).
        "nominees": [
            {"name": f"Nguyễn Văn An {n}", "job_title": "Chuyên viên", "gender": "male"},
            {"name": f"Trần Thị Bình {n}", "job_title": "Chuyên viên", "gender": "female"},
        ],
        # Outside any movement: the demo movement's submission deadline (15/01/2026) refuses
        # a normal filing after it, and the measurements must not depend on today's date.
        "movement": None,
    }
