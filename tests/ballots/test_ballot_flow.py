"""The department council's secret ballot, driven through the JSON API."""

from __future__ import annotations

import json

from sqlalchemy import select, text

from models import AuditEvent, BallotBox, HumanTask, Nominee, Proposal, WorkflowInstance


def _ballot(api, username, pid):
    return api(username).task_for(pid)


def _nominee_ids(session, pid):
    return list(
        session.scalars(select(Nominee.id).where(Nominee.proposal_id == pid).order_by(Nominee.id))
    )


def _vote(api, username, pid, choices=None, action="vote"):
    task = _ballot(api, username, pid)
    body = {"action": action}
    if choices is not None:
        body["choices"] = {str(k): v for k, v in choices.items()}
    return api(username).post(f"/tasks/{task['id']}/complete", json=body)


def test_one_nominee_voted_down_the_other_goes_on(api, council, at_council, session):
    members = council(3)
    pid = at_council()
    an, binh = _nominee_ids(session, pid)
    # Each member sees exactly one ballot of their own.
    for m in members:
        task = _ballot(api, m, pid)
        assert task["element"] == "council_vote" and task["form"] == "ballot"
    assert _vote(api, members[0], pid, {an: "yes", binh: "no"}).status_code == 200
    assert _vote(api, members[1], pid, {an: "yes", binh: "yes"}).status_code == 200
    assert _vote(api, members[2], pid, action="absent").status_code == 200
    # Present 2 of 3: quorum 2/3 met (2*3 >= 2*3). An: 2 yes of 2 cast > 1/2 → passes.
    # Bình: 1 yes of 2 cast is not more than half → voted down.
    detail = api("giamdoc.tttt").ok("GET", f"/proposals/{pid}")
    assert detail["status"] == "in_review"
    assert [t["element"] for t in detail["current_tasks"]] == ["director_decide"]
    status = {n["id"]: n["status"] for n in detail["nominees"]}
    assert status == {an: "active", binh: "voted_down"}
    (box,) = detail["ballots"]
    assert (box["members_total"], box["present"], box["absent"], box["quorum_met"]) == (
        3,
        2,
        1,
        True,
    )
    assert [(n["nominee_id"], n["yes"], n["no"], n["passed"]) for n in box["nominees"]] == [
        (an, 2, 0, True),
        (binh, 1, 1, False),
    ]
    actions = [e["action"] for e in detail["history"]]
    assert actions.count("ballot_cast") == 3 and actions.count("ballot_closed") == 1


def test_no_choice_of_a_member_is_stored_anywhere(api, council, at_council, session):
    members = council(2)
    pid = at_council(nominees=("Nguyễn Văn An",))
    (an,) = _nominee_ids(session, pid)
    task_id = _ballot(api, members[0], pid)["id"]
    # A marker a choice would leave: the member's vote before the box closes.
    assert _vote(api, members[0], pid, {an: "no"}).status_code == 200
    session.rollback()  # a fresh snapshot
    state = session.scalar(
        select(WorkflowInstance.state_json).where(WorkflowInstance.proposal_id == pid)
    )
    assert '"no"' not in state and "choices" not in state and "yes" not in state
    events = session.scalars(select(AuditEvent).where(AuditEvent.proposal_id == pid)).all()
    cast = [e for e in events if e.action == "ballot_cast"]
    assert len(cast) == 1 and cast[0].data_json is None and cast[0].comment is None
    # The voter row has no column for a choice; the task keeps only "vote".
    columns = (
        {r[1] for r in session.execute(text("PRAGMA table_info(ballot_voter)"))}
        if (session.bind.dialect.name == "sqlite")
        else None
    )
    if columns is not None:
        assert columns == {"id", "box_id", "user_id", "present", "cast_at"}
    assert session.get(HumanTask, task_id).action == "vote"
    # Before closing, only how many voted is known: the counts are not published yet.
    detail = api("thuongtruc.tttt").ok("GET", f"/proposals/{pid}")
    (box,) = detail["ballots"]
    assert box["status"] == "open" and box["present"] == 1 and box["nominees"] == []


def test_no_quorum_restarts_at_the_secretariat(api, council, at_council, session):
    members = council(3)
    pid = at_council(nominees=("Nguyễn Văn An",))
    (an,) = _nominee_ids(session, pid)
    _vote(api, members[0], pid, {an: "yes"})
    _vote(api, members[1], pid, action="absent")
    _vote(api, members[2], pid, action="absent")
    # Present 1 of 3: 1*3 < 2*3 → no quorum; nobody is voted down, the proposal stays in review.
    detail = api("thuongtruc.tttt").ok("GET", f"/proposals/{pid}")
    assert (detail["status"], detail["round"], detail["stage"]) == ("in_review", 2, "department")
    assert [t["element"] for t in detail["current_tasks"]] == ["secretariat_check"]
    assert {n["status"] for n in detail["nominees"]} == {"active"}
    assert "no_quorum" in [e["action"] for e in detail["history"]]
    assert [b["quorum_met"] for b in detail["ballots"]] == [False]
    # The secretariat reconvenes the council: a fresh box for round 2.
    api("thuongtruc.tttt").act(pid)
    for m in members:
        _vote(api, m, pid, {an: "yes"})
    detail = api("giamdoc.tttt").ok("GET", f"/proposals/{pid}")
    assert [t["element"] for t in detail["current_tasks"]] == ["director_decide"]
    assert [(b["round"], b["quorum_met"]) for b in detail["ballots"]] == [(1, False), (2, True)]


def test_all_voted_down_rejects(api, council, at_council, session):
    members = council(2)
    pid = at_council(nominees=("Nguyễn Văn An",))
    (an,) = _nominee_ids(session, pid)
    for m in members:
        _vote(api, m, pid, {an: "no"})
    session.rollback()  # a fresh snapshot
    proposal = session.get(Proposal, pid)
    assert proposal.status == "rejected" and proposal.stage is None
    assert proposal.last_reason


def test_second_ballot_refused_and_others_ballots_hidden(api, council, at_council, session):
    members = council(2)
    pid = at_council(nominees=("Nguyễn Văn An",))
    (an,) = _nominee_ids(session, pid)
    mine = _ballot(api, members[0], pid)["id"]
    theirs = _ballot(api, members[1], pid)["id"]
    # Another member's ballot: not found, for reading it and for casting it.
    refused = api(members[0]).post(
        f"/tasks/{theirs}/complete", json={"action": "vote", "choices": {str(an): "yes"}}
    )
    assert refused.status_code == 404
    assert api(members[0]).post(f"/tasks/{theirs}/claim").status_code == 404
    assert _vote(api, members[0], pid, {an: "yes"}).status_code == 200
    again = api(members[0]).post(
        f"/tasks/{mine}/complete", json={"action": "vote", "choices": {str(an): "no"}}
    )
    assert again.status_code == 409
    # Someone outside the council, with a role at the department: no ballot either.
    outsider = api("giamdoc.tttt")
    assert all(t["proposal_id"] != pid for t in outsider.ok("GET", "/tasks"))
    assert outsider.post(f"/tasks/{theirs}/complete", json={"action": "absent"}).status_code in (
        403,
        404,
    )
    session.rollback()  # a fresh snapshot
    box = session.scalar(select(BallotBox).where(BallotBox.proposal_id == pid))
    assert (box.present, box.status) == (1, "open")


def test_bad_ballots_name_the_field(api, council, at_council, session):
    members = council(2)
    pid = at_council(nominees=("Nguyễn Văn An",))
    (an,) = _nominee_ids(session, pid)
    missing = _vote(api, members[0], pid, {})
    assert missing.status_code == 400
    assert f"choices.{an}" in json.dumps(missing.get_json())
    unknown = _vote(api, members[0], pid, {an: "yes", 999999: "yes"})
    assert unknown.status_code == 400 and "choices.999999" in json.dumps(unknown.get_json())
    wrong = _vote(api, members[0], pid, {an: "maybe"})
    assert wrong.status_code == 400
    bad_action = _vote(api, members[0], pid, {an: "yes"}, action="approve")
    assert bad_action.status_code == 400 and "action" in bad_action.get_json()["fields"]
    # Nothing was counted by the refused ballots.
    session.rollback()  # a fresh snapshot
    box = session.scalar(select(BallotBox).where(BallotBox.proposal_id == pid))
    assert (box.present, box.absent, [t.yes + t.no for t in box.tallies]) == (0, 0, [0])


def test_minutes_print_the_tally(api, council, at_council, session):
    from workflows.documents.context import minutes

    members = council(3)
    pid = at_council()
    an, binh = _nominee_ids(session, pid)
    _vote(api, members[0], pid, {an: "yes", binh: "no"})
    _vote(api, members[1], pid, {an: "yes", binh: "yes"})
    _vote(api, members[2], pid, action="absent")
    session.rollback()  # a fresh snapshot
    doc = minutes(session, session.get(Proposal, pid))
    text_ = " ".join(doc["body"])
    assert "Số thành viên Hội đồng: 3; có mặt: 2; vắng mặt: 1." in text_
    assert "Túc số: ít nhất 2/3" in text_
    tally = {row["label"]: row["value"] for row in doc["tally"]}
    assert tally["Tổng số thành viên Hội đồng"] == "3" and tally["Túc số"] == "Đủ"
    assert tally["Nguyễn Văn An"].startswith("Đồng ý 2 ") and "thông qua" in tally["Nguyễn Văn An"]
    assert tally["Trần Thị Bình"].startswith("Đồng ý 1 ")
    assert tally["Trần Thị Bình"].endswith("không thông qua")
    # Proposed: An alone; Bình under its own heading with the tally (1 yes of 3 members).
    assert [row["name"] for row in doc["nominees"]] == ["Nguyễn Văn An"]
    assert "cho 1 cá nhân" in doc["list_intro"]
    heading = doc["closing"].index("Không được Hội đồng thông qua:")
    assert doc["closing"][heading + 1] == "Trần Thị Bình: đồng ý 1/3 thành viên, không đồng ý 1."
    # The secretary line is the secretariat's holder, not the last member who voted.
    assert doc["left_name"] == "Phạm Thị Thu"


def test_a_nominee_key_in_other_digits_is_refused_not_a_500(api, council, at_council, session):
    members = council(3)
    pid = at_council()
    an, binh = _nominee_ids(session, pid)
    task = _ballot(api, members[0], pid)
    response = api(members[0]).post(
        f"/tasks/{task['id']}/complete",
        json={"action": "vote", "choices": {"²": "yes", str(an): "yes", str(binh): "no"}},
    )
    assert response.status_code == 400, response.get_data(as_text=True)
