"""Counting a member's ballot into the box, closing it when the last member has answered, and
what the diagram's gateway reads of it (`ballot_result`).

The caller holds the instance's lock (workflows.process.runtime): the box is read once, after it,
and written with plain statements. `Boxes` is the ballot boxes as one transaction sees them: the
box a ballot was just counted in is answered from memory to the gateway and the audit trail,
instead of being read again; a `Boxes` lives as long as the runtime that owns it (one
transaction).
"""

from __future__ import annotations

import typing

from sqlalchemy import Executable, Table, and_, bindparam, case, false, insert, select, true, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from models import (
    BallotBox,
    BallotTally,
    BallotVoter,
    HumanTask,
    Nominee,
    Proposal,
    User,
    core_path,
    utcnow,
)
from workflows.council.ballots import ABSENT, NO, VOTE, YES, box_of, clean, rule_of
from workflows.council.rules import CouncilRule
from workflows.errors import N_, Conflict

#: what ballot_result answers, read by the gateways after the ballot tasks
NO_QUORUM, NONE_PASSED, PASSED = "no_quorum", "none_passed", "passed"


class Boxes:
    """The ballot boxes as this transaction sees them."""

    def __init__(self, session: Session):
        self.session = session
        self._counted: dict[tuple[int, int, str], BallotBox] = {}

    def cast(
        self, user: User, task: HumanTask, proposal: Proposal, round_: int, payload: dict
    ) -> str:
        """Count one member's ballot (`cast`); the box is kept for the gateway and the audit."""
        action, box = cast(self.session, user, task, proposal, round_, payload)
        self._counted[(box.proposal_id, box.round, box.stage)] = box
        return action

    def box(self, proposal_id: int, round_: int, stage: str) -> BallotBox | None:
        """The box with its tallies: the one counted in by this object if any, else read."""
        counted = self._counted.get((proposal_id, round_, stage))
        return counted if counted is not None else box_of(self.session, proposal_id, round_, stage)

    def result(self, stage: str, proposal_id: int, round_: int) -> str:
        """`ballot_result(stage, proposal_id, round)` for the diagrams' gateways."""
        box = self.box(proposal_id, round_, stage)
        if box is None or box.status != "closed" or not box.quorum_met:
            # No member to call (box never opened) is no quorum as well.
            return NO_QUORUM
        return PASSED if any(t.passed for t in box.tallies) else NONE_PASSED


def cast(
    session: Session, user: User, task: HumanTask, proposal: Proposal, round_: int, payload: dict
) -> tuple[str, BallotBox]:
    """Count one member's ballot; close the box when it is the last. Returns the action and the
    box as counted (its counts and tallies in memory are what was written).

    The caller holds the instance's lock (review.locked_task): the box is read once, after it,
    with its tallies and whether this member has already answered."""
    params = {"proposal": proposal.id, "round": round_, "stage": task.stage, "voter": user.id}
    found = session.execute(_BOX_AND_VOTER, params).unique().first()
    box, already = found if found is not None else (None, None)
    if box is None or box.status != "open":
        raise Conflict("ballot_box_closed", N_("Hòm phiếu của bước này không mở"))
    action, choices = clean(payload, [t.nominee_id for t in box.tallies])
    if already is not None:
        raise Conflict("already_voted", N_("Bạn đã bỏ phiếu cho hồ sơ này ở bước này"))
    present, absent = box.present + (action == VOTE), box.absent + (action == ABSENT)
    # Written with plain statements, the same values set on the box in memory: the ORM's
    # flush of two objects costs more CPU than the statements themselves.
    voter = {"box_id": box.id, "user_id": user.id, "present": action == VOTE, "cast_at": utcnow()}
    changes: dict = {"present": present, "absent": absent}
    rule = rule_of(box) if present + absent >= box.members_total else None
    if rule is not None:
        # The last member has answered: the box closes.
        changes.update(
            status="closed",
            closed_at=utcnow(),
            quorum_met=rule.quorum_met(present, box.members_total),
        )
    for key, value in changes.items():
        set_committed_value(box, key, value)
    _write(session, box.id, voter, changes, _count(box, choices, rule))
    if rule is not None:
        _vote_down(session, box, proposal)
    return action, box


#: cast's read of the box (its tallies, and whether this member has answered) and its voter
#: row, built once with the values bound per ballot: building and keying them cost more CPU
#: than running them, on the most frequent completion there is (issue 19)
_BOX_AND_VOTER = (
    select(BallotBox, BallotVoter.id)
    .outerjoin(
        BallotVoter,
        and_(BallotVoter.box_id == BallotBox.id, BallotVoter.user_id == bindparam("voter")),
    )
    .where(
        BallotBox.proposal_id == bindparam("proposal"),
        BallotBox.round == bindparam("round"),
        BallotBox.stage == bindparam("stage"),
    )
    .options(joinedload(BallotBox.tallies))
    .execution_options(populate_existing=True)
)
_BOXES = typing.cast(Table, BallotBox.__table__)
_TALLIES = typing.cast(Table, BallotTally.__table__)
_VOTERS = typing.cast(Table, BallotVoter.__table__)


def _write(session: Session, box_id: int, voter: dict, changes: dict, tallies: dict | None) -> None:
    """The ballot's writes: its voter row, the box's counts and the tallies (None: unchanged).

    On the session's connection: the ORM's execution path costs hundreds of calls a statement
    for nothing a ballot keeps. On PostgreSQL the three go in one statement, the voter row and
    the box's update as data-modifying WITH clauses of the tallies' update, each run once
    whatever the main statement reads (issue 19); SQLite has no such clauses: three."""
    voter_row = insert(_VOTERS).values(**voter)
    box_update = update(_BOXES).where(_BOXES.c.id == box_id).values(**changes)
    tally_update = (
        update(_TALLIES).where(_TALLIES.c.box_id == box_id).values(**tallies) if tallies else None
    )
    if session.get_bind().dialect.name != "postgresql":
        for statement in (voter_row, box_update, tally_update):
            if statement is not None:
                core_path.execute(session, statement)
        return
    voter_cte = voter_row.returning(_VOTERS.c.id).cte("cast_voter")
    main: Executable
    if tally_update is None:
        main = box_update.add_cte(voter_cte)
    else:
        box_cte = box_update.returning(_BOXES.c.id).cte("counted_box")
        main = tally_update.add_cte(voter_cte, box_cte)
    core_path.execute(session, main)


def _count(box: BallotBox, choices: dict[int, str], rule: CouncilRule | None) -> dict | None:
    """Add the choices to the tallies and, when the box closes (`rule`), decide who passed:
    the values of the box's tallies' UPDATE (None: nothing changes), and the same values on
    the tallies in memory."""
    yes = {n for n, choice in choices.items() if choice == YES}
    no = {n for n, choice in choices.items() if choice == NO}
    counts = []
    for tally in box.tallies:
        tally_yes = tally.yes + (tally.nominee_id in yes)
        tally_no = tally.no + (tally.nominee_id in no)
        passed = None
        if rule is not None:
            passed = box.quorum_met and rule.passes(tally_yes, box.present, box.members_total)
        counts.append((tally, tally_yes, tally_no, passed))
    values = {}
    tallies = _TALLIES.c
    if yes:
        values["yes"] = tallies.yes + case((tallies.nominee_id.in_(yes), 1), else_=0)
    if no:
        values["no"] = tallies.no + case((tallies.nominee_id.in_(no), 1), else_=0)
    if rule is not None:
        passing = [tally.nominee_id for tally, _, _, passed in counts if passed]
        values["passed"] = case((tallies.nominee_id.in_(passing), true()), else_=false())
    for tally, tally_yes, tally_no, passed in counts:
        set_committed_value(tally, "yes", tally_yes)
        set_committed_value(tally, "no", tally_no)
        if rule is not None:
            set_committed_value(tally, "passed", passed)
    return values or None


def _vote_down(session: Session, box: BallotBox, proposal: Proposal) -> None:
    """Mark the nominees the closed box did not pass; without a quorum nobody is voted down:
    the council meets again."""
    failed = [t.nominee_id for t in box.tallies if not t.passed] if box.quorum_met else []
    if failed:
        session.execute(
            update(Nominee)
            .where(
                Nominee.proposal_id == proposal.id,
                Nominee.id.in_(failed),
                Nominee.status == "active",
            )
            .values(status="voted_down"),
            # The nominees already in the session (the proposal's list) change with the row.
            execution_options={"synchronize_session": "evaluate"},
        )
