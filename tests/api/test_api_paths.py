"""Every path from filing to final decision, driven only through the JSON API.

The expected steps are written out literally from the design (who acts, which diagram
element, which role at which organisation), not read back from the code.
"""

import pytest

from tests.support.forwarding import FORWARD
from tests.support.world import holders

#: a council step: every member of the demo council casts a secret ballot (yes to all); the
#: account named in the row is the first member
BALLOT = COUNCIL_SO = COUNCIL_TINH = None
SUBMISSION = {"submission_no": "12/TTr-STTTT", "submission_date": "15/11/2025"}
CHAIRMAN = {"decision_no": "1234/QĐ-UBND", "decision_date": "20/12/2025", "signer": "Lê Thành Đô"}
DIRECTOR = {"decision_no": "88/QĐ-STTTT", "decision_date": "2025-12-05", "signer": "Vũ Đức Thắng"}

UNIT_AND_DEPARTMENT = [
    ("truongphong.cntt", "unit_head_signoff", "unit_head", "sotttt-cntt", "unit", {}),
    ("thuongtruc.tttt", "secretariat_check", "dept_secretariat", "sotttt", "department", {}),
    ("hoidong.tttt", "council_vote", "dept_council", "sotttt", "department", COUNCIL_SO),
]
UPWARD = ("giamdoc.tttt", "director_submit", "director", "sotttt", "department", SUBMISSION)
BOARD = ("chuyenvien.btdkt", "board_appraise", "board_officer", "bantdkt-dienbien", "province", {})
CHAIR = ("chutich.ubnd", "chairman_decide", "chairman", "ubnd-dienbien", "province", CHAIRMAN)

PATHS = {
    "LDTT": (
        UNIT_AND_DEPARTMENT
        + [("giamdoc.tttt", "director_decide", "director", "sotttt", "department", DIRECTOR)]
    ),
    "CO_THI_DUA_TINH": UNIT_AND_DEPARTMENT
    + [
        UPWARD,
        ("truongkhoi.vhxh", "grouping_endorse", "grouping_head", "khoi-vhxh", "endorsement",
         {"score": 95}),
        BOARD,
        ("hoidong.tinh", "province_council_vote", "province_council", "hdtdkt-dienbien",
         "province", COUNCIL_TINH),
        CHAIR,
    ],
    "TTLDXS": UNIT_AND_DEPARTMENT
    + [
        UPWARD,
        ("truongcum.2", "grouping_endorse", "grouping_head", "cum-2", "endorsement", {"rank": 2}),
        BOARD,
        CHAIR,
    ],
}  # fmt: skip

DECISIONS = {
    "LDTT": {"number": "88/QĐ-STTTT", "date": "2025-12-05", "signer": "Vũ Đức Thắng"},
    "CO_THI_DUA_TINH": {"number": "1234/QĐ-UBND", "date": "2025-12-20", "signer": "Lê Thành Đô"},
    "TTLDXS": {"number": "1234/QĐ-UBND", "date": "2025-12-20", "signer": "Lê Thành Đô"},
}


@pytest.mark.parametrize("award", list(PATHS))
def test_path_from_filing_to_decision(api, award):
    nominator = api("vanthu.cntt")
    pid = nominator.file(award, nominees=[{"name": "Phòng Công nghệ thông tin"}])
    submitted = nominator.ok("POST", f"/proposals/{pid}/submit", json={"comment": "Kính trình"})
    assert submitted.pop("next_steps")  # the steps it waits on (issue 19)
    assert submitted == {"id": pid, "status": "in_review", "stage": "unit"}

    steps = PATHS[award]
    voters = {s[1]: holders(s[2], "sotttt") if s[5] is BALLOT else [s[0]] for s in steps}
    for i, (username, element, role, org, stage, fields) in enumerate(steps):
        tasks = {u: api(u).task_for(pid) for u in voters[element]}
        for task in tasks.values():
            assert (task["element"], task["role"], task["org"], task["stage"]) == (
                element,
                role,
                org,
                stage,
            )
        detail = api(username).ok("GET", f"/proposals/{pid}")
        assert detail["status"] == "in_review" and detail["stage"] == stage
        current = {t["id"]: t["candidates"] for t in detail["current_tasks"]}
        assert sorted(current) == sorted(t["id"] for t in tasks.values())
        for u, task in tasks.items():
            # A ballot is its member's alone; a review step is offered to every holder.
            assert current[task["id"]] == [u] if fields is BALLOT else u in current[task["id"]]
        for u, task in tasks.items():
            if fields is BALLOT:
                done = api(u).vote(pid, task["id"])
            else:
                body = {"action": "approve", **FORWARD, **fields}
                done = api(u).ok("POST", f"/tasks/{task['id']}/complete", json=body)
            assert done["task"]["state"] == "completed" and done["task"]["completed_by"] == u
        last = i == len(steps) - 1
        assert done["proposal"]["status"] == ("approved" if last else "in_review")
        # The step has left the reviewers' inboxes.
        for u in tasks:
            mine = api(u).ok("GET", "/tasks")
            assert all((t["proposal_id"], t["element"]) != (pid, element) for t in mine)

    final = nominator.ok("GET", f"/proposals/{pid}")
    assert final["status"] == "approved"
    assert final["stage"] is None
    assert final["current_tasks"] == []
    assert final["decision"] == DECISIONS[award]
    # The dossier's documents were attached before submitting (tests.support.dossier).
    attached = [e for e in final["history"] if e["action"] == "attachment_added"]
    assert attached and all(e["actor"] == "vanthu.cntt" for e in attached)
    history = [e for e in final["history"] if e["action"] != "attachment_added"]
    # A ballot writes an event per member who voted, then the tally as the box closed: the
    # council's, credited to no member (crediting the last voter also said who voted last).
    per_step = [
        [("ballot_cast", u) for u in voters[s[1]]] + [("ballot_closed", None)]
        if s[5] is BALLOT
        else [("approved", s[0])]
        for s in steps
    ]
    per_step[-1] = [("decided", steps[-1][0])]
    expected_actions = ["created", "submitted"] + [a for acts in per_step for a, _ in acts]
    assert [e["action"] for e in history] == expected_actions
    elements = [s[1] for s, acts in zip(steps, per_step, strict=True) for _ in acts]
    assert [e["element"] for e in history] == [None, "file_proposal", *elements]
    actors = [u for acts in per_step for _, u in acts]
    assert [e["actor"] for e in history] == ["vanthu.cntt"] * 2 + actors
    assert history[1]["comment"] == "Kính trình"
    assert all(e["round"] == 1 for e in history)
    votes = [e["data"] for e in history if e["action"] == "ballot_closed"]
    tally, members = votes[0], len(voters["council_vote"])
    assert (tally["members_total"], tally["present"], tally["quorum_met"]) == (
        members,
        members,
        True,
    )
    assert [(n["yes"], n["no"], n["passed"]) for n in tally["nominees"]] == [(members, 0, True)]
    # The board sees the finished proposal in the search, filtered by status and award.
    board = api("theodoi.btdkt")
    found = board.ok("GET", f"/proposals?status=approved&award={award}")
    assert [item["id"] for item in found["items"]] == [pid]
    assert found["items"][0]["waiting_for"] == []


def test_waiting_for_and_filters_in_the_list(api):
    nominator = api("vanthu.cntt")
    draft = nominator.file("LDTT", title="Bản nháp")
    sent = nominator.file("GK_CN", title="Đã nộp")
    nominator.ok("POST", f"/proposals/{sent}/submit")
    page = nominator.ok("GET", "/proposals")
    by_id = {item["id"]: item for item in page["items"]}
    assert page["total"] == 2 and set(by_id) == {draft, sent}
    assert by_id[draft]["waiting_for"] == [{"role": "nominator", "org": "sotttt-cntt"}]
    assert by_id[sent]["waiting_for"] == [{"role": "unit_head", "org": "sotttt-cntt"}]
    assert [i["id"] for i in nominator.ok("GET", "/proposals?status=draft")["items"]] == [draft]
    assert [i["id"] for i in nominator.ok("GET", "/proposals?award=GK_CN")["items"]] == [sent]
    assert nominator.ok("GET", "/proposals?org=sotttt")["total"] == 2
    assert nominator.ok("GET", "/proposals?org=sotttt-bcvt")["total"] == 0
    assert nominator.ok("GET", "/proposals?year=2024")["total"] == 0
    one = nominator.ok("GET", "/proposals?per_page=1&page=2")
    assert (one["total"], one["page"], one["per_page"], len(one["items"])) == (2, 2, 1, 1)
