"""The council's secret ballot: one ballot task per member (a parallel multi-instance user task
in bpmn/proposal.bpmn), counted in a ballot box per (proposal, round, stage).

Secrecy: a member's choices never enter the workflow data, the audit trail or any row; they
only add to the per-nominee counts (ballot_tally) in the transaction that completes the member's
task. Who answered is kept (ballot_voter: present or "không tham dự", and when), never what.
When the last member has answered, the box closes: quorum and approval threshold are applied
from workflows/data/council_rules.json (dated data), nominees who did not pass are marked
voted_down, and the diagram's gateway reads the outcome through `ballot_result(stage, …)`.
"""

from __future__ import annotations

import json

from sqlalchemy import and_, case, false, func, insert, inspect, or_, select, true, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from models import (
    BallotBox,
    BallotTally,
    BallotVoter,
    HumanTask,
    Nominee,
    Proposal,
    RoleAssignment,
    User,
    WorkflowInstance,
    utcnow,
)
from workflows import reference
from workflows.council.rules import COUNCIL_ROLE, CouncilRule, rule_for, rule_from_json
from workflows.directory.orgs import task_org_id
from workflows.errors import Conflict, ValidationFailed
from workflows.proposals.procedure import today

FORM = "ballot"
VOTE, ABSENT = "vote", "absent"
YES, NO = "yes", "no"
#: the start-data list each multi-instance ballot task iterates over
MEMBERS_KEY = {"department": "dept_council_members", "province": "province_council_members"}
#: what ballot_result answers, read by the gateways after the ballot tasks
NO_QUORUM, NONE_PASSED, PASSED = "no_quorum", "none_passed", "passed"


# --- members, in the start data of a round -------------------------------------------------------


def members(session: Session, proposal: Proposal, stage: str) -> list[int]:
    """User ids of the council's members who may vote on this proposal, when the round starts.

    A member who filed the proposal or is nominated in it gets no ballot (separation of duties).
    """
    return _members(session, proposal, (stage,))[stage]


def start_data(session: Session, proposal: Proposal) -> dict:
    called = _members(session, proposal, tuple(MEMBERS_KEY))
    return {MEMBERS_KEY[stage]: called[stage] for stage in MEMBERS_KEY}


def _members(session: Session, proposal: Proposal, stages: tuple[str, ...]) -> dict[str, list[int]]:
    # Both councils in one read: the roles, then every holder of either council's role at its
    # organisation with whether they are nominated (access.conflict_of_interest, batched).
    out: dict[str, list[int]] = {stage: [] for stage in stages}
    roles = reference.roles()
    seats = []
    for stage in stages:
        role = roles.get(COUNCIL_ROLE[stage])
        if role is None:
            continue
        try:
            org_id = task_org_id(session, proposal, role, {})
        except Conflict:
            # A province without that council: the step is never reached for it.
            continue
        seats.append((stage, role.code, org_id))
    if not seats:
        return out
    nominated = (
        select(Nominee.id)
        .where(Nominee.proposal_id == proposal.id, Nominee.user_id == User.id)
        .exists()
    )
    rows = session.execute(
        select(RoleAssignment.role_code, RoleAssignment.org_id, User.id, nominated)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            User.active.is_(True),
            or_(
                *(
                    and_(RoleAssignment.role_code == code, RoleAssignment.org_id == org_id)
                    for _, code, org_id in seats
                )
            ),
        )
    ).all()
    for stage, code, org_id in seats:
        # One ballot per member in the order they joined (ids), as the boxes have always
        # listed them; a user holding the role twice there is called once.
        ids = {
            user_id
            for role_code, at, user_id, is_nominee in rows
            if role_code == code and at == org_id and not is_nominee
        }
        ids.discard(proposal.created_by_id)
        out[stage] = sorted(ids)
    return out


# --- the box ------------------------------------------------------------------------------------


def open_boxes(session: Session, proposal: Proposal, round_: int, rows: list[HumanTask]) -> None:
    """Open the box of each stage whose ballot tasks were just created (one row per member)."""
    by_stage: dict[str, list[HumanTask]] = {}
    for row in rows:
        if row.form == FORM:
            by_stage.setdefault(row.stage, []).append(row)
    for stage, ballots in by_stage.items():
        if session.scalar(_box_query(proposal.id, round_, stage).with_only_columns(BallotBox.id)):
            continue
        rule = rule_for(stage, proposal.award_code, today())
        box = BallotBox(
            proposal_id=proposal.id,
            round=round_,
            stage=stage,
            council_org_id=ballots[0].org_id,
            members_total=len(ballots),
            rules_json=json.dumps(rule.as_dict(), ensure_ascii=False),
            status="open",
            present=0,
            absent=0,
        )
        box.tallies = [
            BallotTally(nominee_id=n.id, yes=0, no=0) for n in active_nominees(session, proposal)
        ]
        session.add(box)
    session.flush()


def box_of(session: Session, proposal_id: int, round_: int, stage: str) -> BallotBox | None:
    """The box with its tallies: the one this transaction counted in if any, else read."""
    box = _remembered(session, proposal_id, round_, stage)
    if box is None:
        query = (
            _box_query(proposal_id, round_, stage)
            .options(joinedload(BallotBox.tallies))
            # A box kept by the session from an earlier transaction is read again, not trusted.
            .execution_options(populate_existing=True)
        )
        box = session.scalars(query).unique().first()
    return box


def _box_query(proposal_id: int, round_: int, stage: str):
    return select(BallotBox).where(
        BallotBox.proposal_id == proposal_id,
        BallotBox.round == round_,
        BallotBox.stage == stage,
    )


#: session.info key of (transaction, box): the box a ballot was just counted in, so that the
#: diagram's gateway and the audit read it from memory rather than from the database again
_COUNTED = "tdkt.ballots.counted"


def _remember(session: Session, box: BallotBox) -> None:
    session.info[_COUNTED] = (session.get_transaction(), box)


def _remembered(session: Session, proposal_id: int, round_: int, stage: str) -> BallotBox | None:
    transaction, box = session.info.get(_COUNTED, (None, None))
    if box is None:
        return None
    if transaction is None or transaction is not session.get_transaction():
        # Counted in another transaction (sessions keep objects after commit): read it again.
        del session.info[_COUNTED]
        return None
    state = inspect(box)
    loaded = state.dict
    if (
        state.session is not session
        or not state.persistent
        or "tallies" not in loaded
        or (loaded.get("proposal_id"), loaded.get("round"), loaded.get("stage"))
        != (proposal_id, round_, stage)
    ):
        return None
    return box


def active_nominees(session: Session, proposal: Proposal) -> list[Nominee]:
    if "nominees" in proposal.__dict__:
        # A list in the session is one read after the instance lock: the locked reads of the
        # proposal (review._TASK_AND_PROPOSAL, proposals._PROPOSAL_AND_FILING) drop a list read
        # before, rounds.lock_instance expires nominee rows read before, and the worker reads
        # in a new session. Eligibility has just read it; _vote_down's update keeps it in step.
        return active_of(proposal)
    return list(
        session.scalars(
            select(Nominee)
            .where(Nominee.proposal_id == proposal.id, Nominee.status == "active")
            .order_by(Nominee.position, Nominee.id)
        )
    )


def active_of(proposal: Proposal) -> list[Nominee]:
    """active_nominees from the proposal's list as already read (a page that just read it)."""
    return sorted(
        (n for n in proposal.nominees if n.status == "active"), key=lambda n: (n.position, n.id)
    )


def rule_of(box: BallotBox) -> CouncilRule:
    return rule_from_json(box.rules_json)


# --- casting ------------------------------------------------------------------------------------


def clean(payload: dict, nominee_ids: list[int]) -> tuple[str, dict[int, str]]:
    """(action, {nominee id: yes/no}) from a ballot, or ValidationFailed naming each field.

    The API sends {"action": "vote", "choices": {"<nominee id>": "yes"|"no"}}; the web form
    sends one radio group per nominee named "choice-<nominee id>".
    """
    action = payload.get("action")
    if action not in (VOTE, ABSENT):
        raise ValidationFailed({"action": f"phải là một trong: {VOTE}, {ABSENT}"})
    if action == ABSENT:
        return action, {}
    raw = payload.get("choices")
    if raw is None:
        raw = {k[len("choice-") :]: v for k, v in payload.items() if k.startswith("choice-")}
    if not isinstance(raw, dict):
        raise ValidationFailed({"choices": "phải là một bảng {mã người được đề nghị: yes/no}"})
    errors: dict[str, str] = {}
    choices: dict[int, str] = {}
    for key, value in raw.items():
        nominee = int(key) if str(key).isdigit() else None
        if nominee not in nominee_ids:
            errors[f"choices.{key}"] = "không có người/tập thể này trong phiếu bầu"
        elif value not in (YES, NO):
            errors[f"choices.{key}"] = "phải là yes (đồng ý) hoặc no (không đồng ý)"
        else:
            choices[nominee] = value
    for nominee in nominee_ids:
        if nominee not in choices and f"choices.{nominee}" not in errors:
            errors[f"choices.{nominee}"] = "bắt buộc chọn đồng ý hoặc không đồng ý"
    if errors:
        raise ValidationFailed(errors)
    return action, choices


def cast(
    session: Session, user: User, task: HumanTask, proposal: Proposal, round_: int, payload: dict
) -> str:
    """Count one member's ballot; close the box when it is the last. Returns the action.

    The caller holds the instance's lock (review.locked_task): the box is read once, after it,
    with its tallies and whether this member has already answered."""
    found = (
        session.execute(
            select(BallotBox, BallotVoter.id)
            .outerjoin(
                BallotVoter,
                and_(BallotVoter.box_id == BallotBox.id, BallotVoter.user_id == user.id),
            )
            .where(
                BallotBox.proposal_id == proposal.id,
                BallotBox.round == round_,
                BallotBox.stage == task.stage,
            )
            .options(joinedload(BallotBox.tallies))
            .execution_options(populate_existing=True)
        )
        .unique()
        .first()
    )
    box, already = found if found is not None else (None, None)
    if box is None or box.status != "open":
        raise Conflict("Hòm phiếu của bước này không mở")
    action, choices = clean(payload, [t.nominee_id for t in box.tallies])
    if already is not None:
        raise Conflict("Bạn đã bỏ phiếu cho hồ sơ này ở bước này")
    present, absent = box.present + (action == VOTE), box.absent + (action == ABSENT)
    # Written with plain statements, the same values set on the box in memory: the ORM's
    # flush of two objects costs more CPU than the statements themselves.
    session.execute(
        insert(BallotVoter).values(box_id=box.id, user_id=user.id, present=action == VOTE)
    )
    changes: dict = {"present": present, "absent": absent}
    rule = rule_of(box) if present + absent >= box.members_total else None
    if rule is not None:
        # The last member has answered: the box closes.
        changes.update(
            status="closed",
            closed_at=utcnow(),
            quorum_met=rule.quorum_met(present, box.members_total),
        )
    session.execute(
        update(BallotBox).where(BallotBox.id == box.id).values(**changes),
        execution_options={"synchronize_session": False},
    )
    for key, value in changes.items():
        set_committed_value(box, key, value)
    _count(session, box, choices, rule)
    if rule is not None:
        _vote_down(session, box, proposal)
    _remember(session, box)
    return action


def _count(
    session: Session, box: BallotBox, choices: dict[int, str], rule: CouncilRule | None
) -> None:
    """Add the choices to the tallies and, when the box closes (`rule`), decide who passed:
    one UPDATE of the box's tallies, and the same values on the tallies in memory."""
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
    if yes:
        values["yes"] = BallotTally.yes + case((BallotTally.nominee_id.in_(yes), 1), else_=0)
    if no:
        values["no"] = BallotTally.no + case((BallotTally.nominee_id.in_(no), 1), else_=0)
    if rule is not None:
        passing = [tally.nominee_id for tally, _, _, passed in counts if passed]
        values["passed"] = case((BallotTally.nominee_id.in_(passing), true()), else_=false())
    if not values:
        return
    session.execute(
        update(BallotTally).where(BallotTally.box_id == box.id).values(**values),
        execution_options={"synchronize_session": False},
    )
    for tally, tally_yes, tally_no, passed in counts:
        set_committed_value(tally, "yes", tally_yes)
        set_committed_value(tally, "no", tally_no)
        if rule is not None:
            set_committed_value(tally, "passed", passed)


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


def summary(box: BallotBox, names: dict[int, str] | None = None) -> dict:
    """The tally as published: counts only."""
    tallies = [(t.nominee_id, t.yes, t.no, t.passed) for t in box.tallies]
    return _published(
        box.members_total, box.present, box.absent, box.quorum_met, box.rules_json, tallies, names
    )


def _published(members_total, present, absent, quorum_met, rules_json, tallies, names) -> dict:
    return {
        "members_total": members_total,
        "present": present,
        "absent": absent,
        "quorum_met": quorum_met,
        "rule": rule_from_json(rules_json).describe(),
        "nominees": [
            {
                "nominee_id": nominee_id,
                **({"name": names.get(nominee_id, "")} if names else {}),
                "yes": yes,
                "no": no,
                "passed": passed,
            }
            for nominee_id, yes, no, passed in tallies
        ],
    }


# --- after the ballot: what the gateway reads, and closing the round -----------------------------


class BallotResults:
    """`ballot_result(stage, proposal_id, round)` for the diagrams: read when the gateway is
    evaluated, in the transaction that counted the last ballot."""

    def __init__(self, session: Session):
        self.session = session

    def __call__(self, stage: str, proposal_id: int, round_: int) -> str:
        box = box_of(self.session, proposal_id, round_, stage)
        if box is None or box.status != "closed" or not box.quorum_met:
            # No member to call (box never opened) is no quorum as well.
            return NO_QUORUM
        return PASSED if any(t.passed for t in box.tallies) else NONE_PASSED


def no_ballots(stage: str, proposal_id: int, round_: int) -> str:
    raise RuntimeError("ballot_result: the engine was started without the ballot boxes")


def is_no_quorum(end_event: str | None) -> bool:
    return bool(end_event) and end_event.startswith("end_no_quorum_")


def tallies_for(session: Session, proposal: Proposal) -> list[dict]:
    """Every closed or open box of the proposal, as shown on its page (counts only)."""
    names = {n.id: n.name for n in proposal.nominees}
    rows = session.execute(
        select(
            BallotBox.id,
            BallotBox.stage,
            BallotBox.round,
            BallotBox.status,
            BallotBox.members_total,
            BallotBox.present,
            BallotBox.absent,
            BallotBox.quorum_met,
            BallotBox.rules_json,
            BallotTally.nominee_id,
            BallotTally.yes,
            BallotTally.no,
            BallotTally.passed,
        )
        .outerjoin(BallotTally, BallotTally.box_id == BallotBox.id)
        .where(BallotBox.proposal_id == proposal.id)
        .order_by(BallotBox.id, BallotTally.id)
    ).all()
    boxes: dict[int, tuple] = {}
    tallies: dict[int, list[tuple]] = {}
    for row in rows:
        boxes.setdefault(row[0], row)
        if row.nominee_id is not None:
            tallies.setdefault(row[0], []).append(row[9:])
    out = []
    for box_id, box in boxes.items():
        item = _published(*box[4:9], tallies.get(box_id, []), names)
        if box.status == "open":
            # Partial counts would tell the last voters what the first ones chose.
            item["nominees"] = []
        item.update(stage=box.stage, round=box.round, status=box.status)
        out.append(item)
    return out


def voters_count(session: Session, box_id: int) -> int:
    return session.scalar(select(func.count()).where(BallotVoter.box_id == box_id)) or 0


def box_of_task(session: Session, task: HumanTask) -> tuple[BallotBox | None, int]:
    """The box a ballot task counts in (its instance's round and stage) and how many members
    have answered so far: one read, for the ballot page."""
    answered = (
        select(func.count(BallotVoter.id))
        .where(BallotVoter.box_id == BallotBox.id)
        .scalar_subquery()
    )
    found = session.execute(
        select(BallotBox, answered)
        .join(
            WorkflowInstance,
            and_(
                WorkflowInstance.proposal_id == BallotBox.proposal_id,
                WorkflowInstance.round == BallotBox.round,
            ),
        )
        .where(WorkflowInstance.id == task.instance_id, BallotBox.stage == task.stage)
    ).first()
    return (found[0], found[1] or 0) if found is not None else (None, 0)
