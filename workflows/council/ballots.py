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
from typing import cast

from sqlalchemy import ColumnElement, Row, Table, and_, bindparam, func, insert, or_, select
from sqlalchemy.orm import Session, joinedload

from models import (
    Action,
    BallotBox,
    BallotTally,
    BallotVoter,
    HumanTask,
    Nominee,
    Proposal,
    RoleAssignment,
    Stage,
    User,
    WorkflowInstance,
    core_path,
)
from workflows import reference
from workflows.council.rules import COUNCIL_ROLE, CouncilRule, rule_for, rule_from_json, rules_on
from workflows.deadlines.calendar import today
from workflows.directory.orgs import task_org_id
from workflows.directory.roles_held import held_on
from workflows.errors import N_, Conflict, Text, ValidationFailed

FORM = "ballot"
VOTE, ABSENT = Action.VOTE, Action.ABSENT
YES, NO = "yes", "no"
#: the start-data list each multi-instance ballot task iterates over
MEMBERS_KEY = {Stage.DEPARTMENT: "dept_council_members", Stage.PROVINCE: "province_council_members"}


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
            # The members on the day the box opens: a member whose term ended gets no ballot.
            held_on(today()),
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
        at = {"proposal_id": proposal.id, "round": round_, "stage": stage}
        if core_path.execute(session, _BOX_ID, at).first() is not None:
            continue
        opened = today()
        rule = rule_for(stage, proposal.award_code, opened, rules_on(session, opened))
        box_id = core_path.execute(
            session,
            _INSERT_BOX,
            {
                **at,
                "council_org_id": ballots[0].org_id,
                "members_total": len(ballots),
                "rules_json": json.dumps(rule.as_dict(), ensure_ascii=False),
                "status": "open",
                "present": 0,
                "absent": 0,
            },
        ).scalar_one()
        nominees = active_nominees(session, proposal)
        if nominees:
            tallies = [{"box_id": box_id, "nominee_id": n.id, "yes": 0, "no": 0} for n in nominees]
            core_path.execute(session, _INSERT_TALLIES, tallies)


def box_of(session: Session, proposal_id: int, round_: int, stage: str) -> BallotBox | None:
    """The box with its tallies, as stored (workflows.council.counting.Boxes keeps the one a
    transaction has just counted in)."""
    query = (
        box_query(proposal_id, round_, stage)
        .options(joinedload(BallotBox.tallies))
        # A box kept by the session from an earlier transaction is read again, not trusted.
        .execution_options(populate_existing=True)
    )
    return session.scalars(query).unique().first()


def box_query(
    proposal_id: int | ColumnElement[int],
    round_: int | ColumnElement[int],
    stage: str | ColumnElement[str],
):
    """The box of a proposal's round at a stage (values, or bind parameters for a statement
    built once)."""
    return select(BallotBox).where(
        BallotBox.proposal_id == proposal_id,
        BallotBox.round == round_,
        BallotBox.stage == stage,
    )


#: the box and its zero counts in two statements on the connection: nothing in the step that
#: opens a box reads it again as an object, so the unit of work (a box, then a row per nominee)
#: bought nothing there (issue 19: the secretariat's step is the slowest of the path)
_BOX_ID = box_query(
    bindparam("proposal_id"), bindparam("round"), bindparam("stage")
).with_only_columns(BallotBox.id)
_INSERT_BOX = insert(cast(Table, BallotBox.__table__)).returning(BallotBox.__table__.c.id)
_INSERT_TALLIES = insert(cast(Table, BallotTally.__table__))


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


# --- a ballot as cast (counted in workflows.council.counting) -----------------------------------


def clean(payload: dict, nominee_ids: list[int]) -> tuple[str, dict[int, str]]:
    """(action, {nominee id: yes/no}) from a ballot, or ValidationFailed naming each field.

    The API sends {"action": "vote", "choices": {"<nominee id>": "yes"|"no"}}; the web form
    sends one radio group per nominee named "choice-<nominee id>".
    """
    action = payload.get("action")
    if action not in (VOTE, ABSENT):
        raise ValidationFailed(
            "invalid_ballot",
            {"action": N_("phải là một trong: %(choices)s", choices=f"{VOTE}, {ABSENT}")},
        )
    if action == ABSENT:
        return action, {}
    raw = payload.get("choices")
    if raw is None:
        raw = {k[len("choice-") :]: v for k, v in payload.items() if k.startswith("choice-")}
    if not isinstance(raw, dict):
        raise ValidationFailed(
            "invalid_ballot", {"choices": N_("phải là một bảng {mã người được đề nghị: yes/no}")}
        )
    errors: dict[str, Text] = {}
    choices: dict[int, str] = {}
    for key, value in raw.items():
        nominee = int(key) if str(key).isascii() and str(key).isdigit() else None
        if nominee not in nominee_ids:
            errors[f"choices.{key}"] = N_("không có người/tập thể này trong phiếu bầu")
        elif value not in (YES, NO):
            errors[f"choices.{key}"] = N_("phải là yes (đồng ý) hoặc no (không đồng ý)")
        else:
            choices[nominee] = value
    for nominee in nominee_ids:
        if nominee not in choices and f"choices.{nominee}" not in errors:
            errors[f"choices.{nominee}"] = N_("bắt buộc chọn đồng ý hoặc không đồng ý")
    if errors:
        raise ValidationFailed("invalid_ballot", errors)
    return action, choices


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
        # the act the rule rests on: the province's own, or the shipped default's note
        "rule_source": rule_from_json(rules_json).source,
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


# --- after the ballot -------------------------------------------------------------------------


def is_no_quorum(end_event: str | None) -> bool:
    return end_event is not None and end_event.startswith("end_no_quorum_")


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
    boxes: dict[int, Row] = {}
    tallies: dict[int, list[tuple[int, int, int, bool | None]]] = {}
    for row in rows:
        boxes.setdefault(row.id, row)
        if row.nominee_id is not None:
            tallies.setdefault(row.id, []).append((row.nominee_id, row.yes, row.no, row.passed))
    out = []
    for box_id, box in boxes.items():
        item = _published(
            box.members_total,
            box.present,
            box.absent,
            box.quorum_met,
            box.rules_json,
            tallies.get(box_id, []),
            names,
        )
        if box.status == "open":
            # Partial counts would tell the last voters what the first ones chose.
            item["nominees"] = []
        item.update(stage=box.stage, round=box.round, status=box.status)
        out.append(item)
    return out


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
