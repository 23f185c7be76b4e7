"""Separation of duties: nobody approves a proposal they filed or in which they are a nominee.

Checked at every review step of the chain, with accounts that hold every reviewer role at
once, so the only thing that can stop them is the conflict of interest. A council member
named in a proposal, or who filed it, gets no ballot: the council votes without them, and
another member's ballot does not exist for them (404).
"""

from __future__ import annotations

from tests.support.dossier import complete_dossier
from tests.support.world import (
    APPROVAL,
    CHAIN,
    PASSWORD,
    Api,
    ballot_for,
    holder,
    holders,
    proposal_body,
    role_org,
    token_for,
)
from workflows.directory.users import assign, get_or_create_user

REVIEW_STEPS = CHAIN[1:]
#: Chiến sĩ thi đua cấp tỉnh: a person's award, every review step but the bloc's
PERSON_AWARD = "CSTD_TINH"
PERSON_STEPS = [step for step in REVIEW_STEPS if step[1] != "grouping_head"]


def add_account(app, username: str, roles: list[tuple[str, str]]) -> None:
    with app.extensions["tdkt_sessions"]() as session:
        user = get_or_create_user(session, username, username.title(), PASSWORD)
        for role, org in roles:
            assign(session, user, role, org)
        session.commit()


def every_reviewer_role(department: str = "sotttt") -> list[tuple[str, str]]:
    return [(role, role_org(role, department)) for _, role, _ in REVIEW_STEPS]


def counts(db_value) -> dict:
    tables = ("proposal", "human_task", "audit_event", "workflow_instance")
    return {t: db_value(f"SELECT count(*) FROM {t}") for t in tables}


class Clients:
    def __init__(self, app):
        self.app, self.apis = app, {}

    def __call__(self, username: str) -> Api:
        if username not in self.apis:
            client = self.app.test_client()
            self.apis[username] = Api(client, token_for(client, username))
        return self.apis[username]


def ready_task_of(api: Api, proposal_id: int) -> dict | None:
    mine = [t for t in api.ok("GET", "/tasks") if t["proposal_id"] == proposal_id]
    assert len(mine) <= 1
    return mine[0] if mine else None


def refused_at_every_step(app, db_value, proposal_id: int, conflicted: str, steps, reason: str):
    api = Clients(app)
    for bpmn_id, role, form in steps:
        if form == "ballot":
            council_without(api, db_value, proposal_id, conflicted, bpmn_id, role)
            continue
        lawful = holder(role, "sotttt")
        task = ready_task_of(api(lawful), proposal_id)
        assert task is not None and task["element"] == bpmn_id, (bpmn_id, task)
        # Not offered to the conflicted account, though it holds the role at that organisation.
        assert ready_task_of(api(conflicted), proposal_id) is None, bpmn_id
        detail = api(lawful).ok("GET", f"/proposals/{proposal_id}")
        [current] = detail["current_tasks"]
        assert lawful in current["candidates"] and conflicted not in current["candidates"]
        before = counts(db_value)
        for action in ("complete", "claim"):
            body = {"json": APPROVAL[form]} if action == "complete" else {}
            response = api(conflicted).call("POST", f"/tasks/{task['id']}/{action}", **body)
            assert response.status_code == 403, (bpmn_id, action, response.get_json())
            assert reason in response.get_json()["message"], (bpmn_id, response.get_json())
        assert counts(db_value) == before, bpmn_id
        api(lawful).ok("POST", f"/tasks/{task['id']}/complete", json=APPROVAL[form])
    final = api(holder("chairman", "sotttt")).ok("GET", f"/proposals/{proposal_id}")
    assert final["status"] == "approved"


def council_without(api, db_value, proposal_id: int, conflicted: str, bpmn_id: str, role: str):
    """The council's step: a ballot for each demo member, none for the conflicted account,
    which cannot reach another member's ballot either; then every member votes."""
    members = holders(role, "sotttt")
    ballots = api(members[0]).ok("GET", f"/proposals/{proposal_id}")["current_tasks"]
    assert {t["element"] for t in ballots} == {bpmn_id}
    assert sorted(c for t in ballots for c in t["candidates"]) == sorted(members)
    assert ready_task_of(api(conflicted), proposal_id) is None, bpmn_id
    before = counts(db_value)
    for action in ("complete", "claim"):
        body = {"json": ballot_for(api(members[0]), proposal_id)} if action == "complete" else {}
        response = api(conflicted).call("POST", f"/tasks/{ballots[0]['id']}/{action}", **body)
        assert response.status_code == 404, (bpmn_id, action, response.get_json())
    assert counts(db_value) == before, bpmn_id
    for username in members:
        task = ready_task_of(api(username), proposal_id)
        body = ballot_for(api(username), proposal_id)
        api(username).ok("POST", f"/tasks/{task['id']}/complete", json=body)


def test_the_filer_approves_nothing_at_any_step(app, db_value):
    add_account(app, "kiemnhiem.cntt", [("nominator", "sotttt-cntt"), *every_reviewer_role()])
    api = Clients(app)
    filer = api("kiemnhiem.cntt")
    pid = filer.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    complete_dossier(filer, pid)
    filer.ok("POST", f"/proposals/{pid}/submit", json={})
    refused_at_every_step(app, db_value, pid, "kiemnhiem.cntt", REVIEW_STEPS, "người lập hồ sơ")


def test_a_nominee_approves_nothing_at_any_step(app, db_value):
    add_account(app, "ungvien.tttt", every_reviewer_role())
    api = Clients(app)
    nominees = [
        {"name": "Trần Văn Ứng", "job_title": "Chuyên viên", "username": "ungvien.tttt"},
        {"name": "Nguyễn Văn An", "job_title": "Chuyên viên"},
    ]
    body = proposal_body(award_code=PERSON_AWARD, nominees=nominees)
    nominator = api("vanthu.cntt")
    pid = nominator.ok("POST", "/proposals", 201, json=body)["id"]
    complete_dossier(nominator, pid)
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    refused_at_every_step(
        app, db_value, pid, "ungvien.tttt", PERSON_STEPS, "có tên trong danh sách đề nghị"
    )


def test_a_council_member_nominee_is_left_out_and_the_council_still_decides(
    app, db_value, login_as
):
    api = Clients(app)
    body = proposal_body(
        award_code="LDTT",
        nominees=[{"name": "Đỗ Văn Nam", "job_title": "Ủy viên", "username": "hoidong.tttt"}],
    )
    nominator = api("vanthu.cntt")
    pid = nominator.ok("POST", "/proposals", 201, json=body)["id"]
    complete_dossier(nominator, pid)
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    for _element, role, form in CHAIN[1:3]:
        task = ready_task_of(api(holder(role, "sotttt")), pid)
        api(holder(role, "sotttt")).ok("POST", f"/tasks/{task['id']}/complete", json=APPROVAL[form])
    member = api("hoidong.tttt")
    others = [u for u in holders("dept_council", "sotttt") if u != "hoidong.tttt"]
    assert len(others) >= 4  # the demo council of Sở TT&TT has at least 5 members
    assert ready_task_of(member, pid) is None
    task = ready_task_of(api(others[0]), pid)
    assert task["element"] == "council_vote"
    before = counts(db_value)
    refused = member.call("POST", f"/tasks/{task['id']}/complete", json=ballot_for(member, pid))
    assert refused.status_code == 404
    assert member.call("POST", f"/tasks/{task['id']}/claim").status_code == 404
    assert counts(db_value) == before
    assert login_as("hoidong.tttt").get(f"/tasks/{task['id']}").status_code == 404
    # The refusal took nothing away from the others: each casts a ballot, the box closes.
    for username in others:
        mine = ready_task_of(api(username), pid)
        api(username).ok("POST", f"/tasks/{mine['id']}/complete", json=ballot_for(member, pid))
    detail = api(others[0]).ok("GET", f"/proposals/{pid}")
    votes = [e for e in detail["history"] if e["element"] == "council_vote"]
    assert sorted(e["actor"] for e in votes if e["action"] == "ballot_cast") == sorted(others)
    [box] = detail["ballots"]
    called = len(others)
    assert (box["members_total"], box["present"], box["quorum_met"]) == (called, called, True)
    assert detail["current_tasks"][0]["element"] == "director_decide"
