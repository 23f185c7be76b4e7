"""The answer of a submission or a completion carries the proposal's next steps (issue 19): an
API client walks a proposal from filing to decision without reading its inbox or the proposal."""

from __future__ import annotations

from tests.support.api import BALLOT_STEPS
from tests.support.forwarding import FORWARD
from tests.support.statements import statements

DECISION = {"decision_no": "12/QĐ-STTTT", "decision_date": "05/12/2025", "signer": "Vũ Đức Thắng"}


def _schema(client, name: str) -> dict:
    return client.get("/api/v1/openapi.json").get_json()["components"]["schemas"][name]


def _conforms(body: dict, schema: dict) -> None:
    assert set(schema["required"]) <= set(body), (schema["required"], body)
    assert set(body) <= set(schema["properties"]), body


def test_a_client_walks_a_proposal_by_the_answers_alone(app, api, client):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    step_schema = _schema(client, "NextStep")
    nominees = {str(n["id"]) for n in nominator.ok("GET", f"/proposals/{pid}")["nominees"]}
    submitted = nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    _conforms(submitted, _schema(client, "SubmitResult"))
    assert submitted["status"] == "in_review"
    [step] = submitted["next_steps"]
    _conforms(step, step_schema)
    # The unit head's step: not the nominator's to take.
    assert (step["element"], step["role"], step["org"]) == (
        "unit_head_signoff",
        "unit_head",
        "sotttt-cntt",
    )
    assert step["for_me"] is False and step["assignee"] is None and "nominees" not in step
    assert [a["action"] for a in step["actions"]] == ["approve", "return", "reject"]

    with statements(app) as seen:
        done = api("truongphong.cntt").ok(
            "POST", f"/tasks/{step['id']}/complete", json={"action": "approve", **FORWARD}
        )
        _conforms(done, _schema(client, "CompletionResult"))
        [step] = done["next_steps"]
        assert step["element"] == "secretariat_check"
        done = api("thuongtruc.tttt").ok(
            "POST", f"/tasks/{step['id']}/complete", json={"action": "approve", **FORWARD}
        )
        ballots = done["next_steps"]
        assert ballots and {b["element"] for b in ballots} <= set(BALLOT_STEPS)
        # The Director sits on the council: voting last, the next step is theirs.
        ballots.sort(key=lambda b: b["assignee"] == "giamdoc.tttt")
        assert ballots[-1]["assignee"] == "giamdoc.tttt"
        for ballot in ballots:
            _conforms(ballot, step_schema)
            member = api(ballot["assignee"])
            choices = {str(n["id"]): "yes" for n in ballot["nominees"]}
            assert set(choices) == nominees, ballot
            done = member.ok(
                "POST",
                f"/tasks/{ballot['id']}/complete",
                json={"action": "vote", "choices": choices},
            )
            # The member's own ballot is gone; the others' are still there, not the member's.
            left = [b["id"] for b in done["next_steps"] if b["form"] == "ballot"]
            assert ballot["id"] not in left
            assert not any(b["for_me"] for b in done["next_steps"] if b["form"] == "ballot")
        [step] = done["next_steps"]
        assert step["element"] == "director_decide" and step["for_me"] is True
        done = api("giamdoc.tttt").ok(
            "POST",
            f"/tasks/{step['id']}/complete",
            json={"action": "approve", **DECISION, **FORWARD},
        )
    assert done["proposal"]["status"] == "approved" and done["next_steps"] == []
    # Neither the inbox nor the proposal was read by the walk.
    assert not [sql for sql in seen if "FROM human_task" in sql and "role_code =" in sql]


def test_a_return_answers_with_the_next_round_and_a_resubmission_with_its_first_step(api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    head = api("truongphong.cntt")
    task = head.task_for(pid)
    done = head.ok(
        "POST", f"/tasks/{task['id']}/complete", json={"action": "return", "comment": "Bổ sung"}
    )
    assert done["proposal"]["status"] == "returned"
    # The next round waits on the nominator: not the unit head's step.
    [step] = done["next_steps"]
    assert (step["element"], step["for_me"]) == ("file_proposal", False)
    assert step["id"] == nominator.task_for(pid)["id"]
    resubmitted = nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    [step] = resubmitted["next_steps"]
    assert step["element"] == "unit_head_signoff" and step["id"] == head.task_for(pid)["id"]
