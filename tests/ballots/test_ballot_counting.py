"""Counting a ballot: the box is read once, after the instance's lock, and written with a few
statements; a box the session kept from an earlier transaction is never trusted."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from models import BallotBox, HumanTask, Proposal, User
from workflows.council import ballots, counting
from workflows.errors import Conflict
from workflows.process import review


def _user(s, username: str) -> User:
    return s.scalar(select(User).where(User.username == username))


def _ballot(s, pid: int, username: str) -> HumanTask:
    return s.scalar(
        select(HumanTask)
        .join(User, User.id == HumanTask.assignee_id)
        .where(HumanTask.proposal_id == pid, HumanTask.state == "ready", User.username == username)
    )


def _yes(s, pid: int) -> dict:
    nominees = s.get_one(Proposal, pid).nominees
    return {"action": "vote", "choices": {str(n.id): "yes" for n in nominees}}


def _complete(app, s, pid: int, username: str) -> None:
    registry = app.extensions["tdkt_registry"]
    task = _ballot(s, pid, username)
    review.complete_task(s, registry, _user(s, username), task.id, _yes(s, pid))


def _api_vote(api, pid: int, username: str) -> None:
    api(username).vote(pid, api(username).task_for(pid)["id"])


def _counts(app, pid: int) -> tuple[int, int, list[int]]:
    with app.extensions["tdkt_sessions"]() as s:
        box = s.scalar(select(BallotBox).where(BallotBox.proposal_id == pid))
        return box.present, box.absent, [t.yes for t in box.tallies]


def test_a_box_kept_from_an_earlier_transaction_is_read_again(app, api, council, at_council):
    members = council(3)
    pid = at_council(nominees=("Nguyễn Văn An",))
    with app.extensions["tdkt_sessions"]() as s:
        kept = ballots.box_of(s, pid, 1, "department")
        assert (kept.present, kept.tallies[0].yes) == (0, 0)
        s.commit()  # the session keeps the box loaded (expire_on_commit=False)
        _api_vote(api, pid, members[0])  # another worker counts a ballot meanwhile
        _complete(app, s, pid, members[1])
        s.commit()
        assert (kept.present, kept.tallies[0].yes) == (2, 2)
    assert _counts(app, pid) == (2, 0, [2])


def test_the_box_counted_in_is_not_reused_by_a_later_transaction(app, api, council, at_council):
    members = council(3)
    pid = at_council(nominees=("Nguyễn Văn An",))
    with app.extensions["tdkt_sessions"]() as s:
        _complete(app, s, pid, members[0])
        assert ballots.box_of(s, pid, 1, "department").present == 1
        s.commit()
        _api_vote(api, pid, members[1])
        box = ballots.box_of(s, pid, 1, "department")
        assert (box.present, box.tallies[0].yes) == (2, 2)


def test_a_rolled_back_ballot_leaves_the_box_as_it_was(app, council, at_council):
    members = council(3)
    pid = at_council(nominees=("Nguyễn Văn An",))
    with app.extensions["tdkt_sessions"]() as s:
        _complete(app, s, pid, members[0])
        assert ballots.box_of(s, pid, 1, "department").present == 1
        s.rollback()
        box = ballots.box_of(s, pid, 1, "department")
        assert (box.present, box.tallies[0].yes) == (0, 0)
    assert _counts(app, pid) == (0, 0, [0])


def test_a_member_who_answered_is_refused_by_the_box(app, council, at_council):
    members = council(3)
    pid = at_council(nominees=("Nguyễn Văn An",))
    with app.extensions["tdkt_sessions"]() as s:
        task, user, proposal = (
            _ballot(s, pid, members[0]),
            _user(s, members[0]),
            s.get(Proposal, pid),
        )
        counting.cast(s, user, task, proposal, 1, _yes(s, pid))
        with pytest.raises(Conflict):
            counting.cast(s, user, task, proposal, 1, {"action": "absent"})
        s.rollback()


def test_a_ballot_is_read_once_and_written_in_three_statements_or_one(app, council, at_council):
    members = council(3)
    pid = at_council()
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = app.extensions["tdkt_engine"]
    with app.extensions["tdkt_sessions"]() as s:
        proposal = s.get_one(Proposal, pid)
        [an, binh] = [n.id for n in proposal.nominees]
        choices = [{an: "yes", binh: "no"}, {an: "yes", binh: "yes"}, None]
        # Read the box (with its tallies and this member's answer), the member answered, the
        # box's counts, the tallies (on PostgreSQL the three writes are one statement, issue
        # 19); the last ballot (absent) also votes Bình down.
        expected = [4, 4, 5] if s.get_bind().dialect.name == "sqlite" else [2, 2, 3]
        for member, chosen, cost in zip(members, choices, expected, strict=True):
            task, user = _ballot(s, pid, member), _user(s, member)
            if chosen is None:
                payload = {"action": "absent"}
            else:
                payload = {"action": "vote", "choices": {str(k): v for k, v in chosen.items()}}
            statements.clear()
            event.listen(engine, "before_cursor_execute", count)
            try:
                counting.cast(s, user, task, proposal, 1, payload)
            finally:
                event.remove(engine, "before_cursor_execute", count)
            assert len(statements) == cost, statements
        # The last one closed the box: Bình (1 yes of 2 cast) is voted down, in memory too.
        box = ballots.box_of(s, pid, 1, "department")
        assert (box.status, box.present, box.absent, box.quorum_met) == ("closed", 2, 1, True)
        assert [(t.yes, t.no, t.passed) for t in box.tallies] == [(2, 0, True), (1, 1, False)]
        assert {n.id: n.status for n in proposal.nominees} == {an: "active", binh: "voted_down"}
        s.commit()
    with app.extensions["tdkt_sessions"]() as s:
        box = s.scalar(select(BallotBox).where(BallotBox.proposal_id == pid))
        assert [(t.yes, t.no, t.passed) for t in box.tallies] == [(2, 0, True), (1, 1, False)]
        assert [n.status for n in s.get_one(Proposal, pid).nominees] == ["active", "voted_down"]
