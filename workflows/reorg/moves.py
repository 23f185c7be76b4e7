"""What an organisation event moves, computed from the database as it is: the one answer the
preview lists and `apply` carries out (so the preview never promises what apply does not do).

What moves from an organisation that ends: its people (their history is keyed by person and
goes with them), its units (re-parented), its role assignments (moved or closed), its open
proposals and the steps waiting at it, its movement participations and its bloc or cluster
memberships. What stays on it: its own collective records (awards, year records, initiatives,
headcounts) — reports roll them up through the successor (org_history.lineage_ids) — and the
movements it organised (their heir reviews them: org_history.reviewer_of).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from models import (
    FINAL_STATUSES,
    AwardRecord,
    GroupMembership,
    Headcount,
    HumanTask,
    Initiative,
    Movement,
    MovementParticipant,
    Organisation,
    OrgEventKind,
    OrgKind,
    Person,
    Proposal,
    RoleAssignment,
    RoleCode,
    TaskState,
    YearRecord,
)
from workflows.directory import org_history
from workflows.reorg.parties import Parties
from workflows.reorg.plan import EventPlan, RolesOutcome

#: the categories of a preview, in the order it lists them
CATEGORIES = (
    "people",
    "units",
    "roles_moved",
    "roles_closed",
    "council_members",
    "proposals",
    "tasks",
    "participants",
    "memberships_ended",
    "memberships_started",
    "movements_reviewed",
    "kept_award_records",
    "kept_year_records",
    "kept_initiatives",
    "kept_headcounts",
)


@dataclass
class Moves:
    """Each category: rows as plain dicts (ids, names, from and to), for the preview and apply."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {c: [] for c in CATEGORIES})
    #: the proposals whose instances apply locks before it moves their steps
    proposal_ids: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {c: len(items) for c, items in self.rows.items()}

    def add(self, category: str, **row) -> None:
        self.rows[category].append(row)


def day_before(plan: EventPlan) -> date:
    return plan.effective_on - timedelta(days=1)


def _name(org: Organisation | None) -> str | None:
    return org.name if org is not None else None


def targets(plan: EventPlan, parties: Parties, successor: Organisation | None) -> dict:
    """organisation id that ends → the one that takes over its work (None: nobody)."""
    if plan.kind in (OrgEventKind.MERGE, OrgEventKind.DISSOLVE, OrgEventKind.SPLIT):
        return {org.id: successor for org in parties.subjects}
    return {}


def affected_proposals(session: Session, plan: EventPlan, parties: Parties) -> list[int]:
    """The open proposals the event moves, by id (their instances are locked in this order)."""
    ids = [org.id for org in parties.subjects]
    if not ids or plan.kind in (OrgEventKind.RENAME, OrgEventKind.ESTABLISH):
        return []
    where: ColumnElement[bool] = Proposal.org_id.in_(ids)
    if plan.kind != OrgEventKind.TRANSFER:
        where = or_(where, Proposal.department_id.in_(ids))
    return list(
        session.scalars(
            select(Proposal.id)
            .where(where, Proposal.status.not_in(FINAL_STATUSES))
            .order_by(Proposal.id)
        )
    )


def compute(
    session: Session, plan: EventPlan, parties: Parties, successor: Organisation | None
) -> Moves:
    """What the event moves; `successor`: the merge's (new or existing), the heir, the split's
    default, the transfer's department."""
    moves = Moves()
    if plan.kind == OrgEventKind.TRANSFER:
        _transfer(session, plan, parties, moves)
        return moves
    ending = targets(plan, parties, successor)
    if not ending:
        return moves
    person_to: dict[int, Organisation | None] = {}
    unit_to: dict[int, Organisation | None] = {}
    for share in plan.shares:
        taker = parties.shares[share.successor_id]
        person_to.update({p: taker for p in share.people})
        unit_to.update({u: taker for u in share.units})
    for org_id, taker in ending.items():
        org = session.get_one(Organisation, org_id)
        for person in session.scalars(
            select(Person).where(Person.org_id == org_id).order_by(Person.id)
        ):
            to = person_to.get(person.id, taker)
            if to is not None:
                moves.add(
                    "people",
                    id=person.id,
                    name=person.full_name,
                    user_id=person.user_id,
                    from_id=org_id,
                    to_id=to.id,
                    to=to.name,
                )
        for unit in session.scalars(
            select(Organisation)
            .where(
                Organisation.parent_id == org_id,
                org_history.valid_on(Organisation, plan.effective_on),
            )
            .order_by(Organisation.id)
        ):
            to = unit_to.get(unit.id, taker)
            moves.add("units", id=unit.id, name=unit.name, from_id=org_id, to_id=to.id, to=to.name)
        _roles(session, plan, org, taker, person_to, moves)
        _proposals(session, org, taker, unit_to, moves)
        _participants(session, org, taker, moves)
        _memberships(session, plan, org, taker, moves)
        _kept(session, org, moves)
        for movement in session.scalars(
            select(Movement).where(Movement.organiser_id == org_id).order_by(Movement.id)
        ):
            moves.add(
                "movements_reviewed",
                id=movement.id,
                name=movement.title,
                code=movement.code,
                reviewer=_name(taker),
            )
    return moves


def _roles(session, plan, org, taker, person_to, moves: Moves) -> None:
    person_of_user = dict(
        session.execute(
            select(Person.user_id, Person.id).where(
                Person.org_id == org.id, Person.user_id.is_not(None)
            )
        ).all()
    )
    for ra in session.scalars(
        select(RoleAssignment)
        .where(
            RoleAssignment.org_id == org.id,
            (RoleAssignment.valid_to.is_(None)) | (RoleAssignment.valid_to >= plan.effective_on),
        )
        .order_by(RoleAssignment.id)
    ):
        to = person_to.get(person_of_user.get(ra.user_id, -1), taker)
        row = dict(
            id=ra.id,
            user_id=ra.user_id,
            name=ra.user.full_name,
            role=ra.role_code,
            from_id=org.id,
            from_name=org.name,
        )
        if plan.roles == RolesOutcome.MOVE and to is not None:
            moves.add("roles_moved", **row, to_id=to.id, to=to.name)
        else:
            moves.add("roles_closed", **row, to_id=None, to=None)
        if ra.role_code == RoleCode.DEPT_COUNCIL:
            moves.add("council_members", **row, to=to.name if to and plan.roles == "move" else None)


def _proposals(session, org, taker, unit_to: dict, moves: Moves) -> None:
    """Open proposals of the unit that ends go to the taker (and its department); those of
    the department that ends go with their unit's new department."""
    if taker is None:
        return
    for proposal in session.scalars(
        select(Proposal)
        .where(
            (Proposal.org_id == org.id) | (Proposal.department_id == org.id),
            Proposal.status.not_in(FINAL_STATUSES),
        )
        .order_by(Proposal.id)
    ):
        if proposal.org_id == org.id:
            new_org, dept = taker.id, _department(session, taker)
        else:
            new_org, dept = (
                proposal.org_id,
                _department(session, unit_to.get(proposal.org_id, taker)),
            )
        new_dept = dept.id if dept is not None else proposal.department_id
        mapping = {proposal.org_id: new_org, proposal.department_id: new_dept}
        _proposal(session, moves, proposal, mapping, new_org, new_dept)


def _department(session, org: Organisation) -> Organisation | None:
    return org if org.kind == OrgKind.DEPARTMENT else org_history.department_on(session, org, None)


def _proposal(session, moves: Moves, proposal, mapping: dict, new_org: int, new_dept: int) -> None:
    if any(row["id"] == proposal.id for row in moves.rows["proposals"]):
        return
    moves.proposal_ids.append(proposal.id)
    moves.add(
        "proposals",
        id=proposal.id,
        name=proposal.title,
        status=proposal.status,
        org_id=new_org,
        department_id=new_dept,
        from_org_id=proposal.org_id,
        from_department_id=proposal.department_id,
    )
    mapping = {old: new for old, new in mapping.items() if old != new}
    if not mapping:
        return
    for task in session.scalars(
        select(HumanTask)
        .where(
            HumanTask.proposal_id == proposal.id,
            HumanTask.state == TaskState.READY,
            HumanTask.org_id.in_(mapping),
        )
        .order_by(HumanTask.id)
        .execution_options(populate_existing=True)
    ):
        moves.add(
            "tasks",
            id=task.id,
            name=task.name,
            proposal_id=proposal.id,
            role=task.role_code,
            from_id=task.org_id,
            to_id=mapping[task.org_id],
            to=session.get_one(Organisation, mapping[task.org_id]).name,
        )


def _participants(session, org, taker, moves: Moves) -> None:
    for part in session.scalars(
        select(MovementParticipant)
        .where(MovementParticipant.org_id == org.id)
        .order_by(MovementParticipant.id)
    ):
        if taker is None:
            continue
        already = session.scalar(
            select(MovementParticipant.id).where(
                MovementParticipant.movement_id == part.movement_id,
                MovementParticipant.org_id == taker.id,
            )
        )
        already = already or any(
            r["movement_id"] == part.movement_id and r["to_id"] == taker.id
            for r in moves.rows["participants"]
        )
        if not already:
            moves.add(
                "participants",
                id=part.id,
                movement_id=part.movement_id,
                name=part.movement.title,
                from_id=org.id,
                to_id=taker.id,
                to=taker.name,
            )


def _memberships(session, plan, org, taker, moves: Moves) -> None:
    if org.kind != OrgKind.DEPARTMENT:
        return
    for gm in session.scalars(
        select(GroupMembership)
        .where(
            GroupMembership.member_id == org.id,
            (GroupMembership.valid_to.is_(None)) | (GroupMembership.valid_to >= plan.effective_on),
        )
        .order_by(GroupMembership.id)
    ):
        moves.add("memberships_ended", id=gm.id, name=gm.grouping.name, member=org.name)
        if taker is None:
            continue
        member = taker.id in {
            g.id for g in org_history.groupings_on(session, taker, plan.effective_on)
        } or any(
            r["grouping_id"] == gm.grouping_id and r["member_id"] == taker.id
            for r in moves.rows["memberships_started"]
        )
        if not member:
            moves.add(
                "memberships_started",
                grouping_id=gm.grouping_id,
                name=gm.grouping.name,
                member_id=taker.id,
                member=taker.name,
            )


def _kept(session, org, moves: Moves) -> None:
    for category, table in (
        ("kept_award_records", AwardRecord),
        ("kept_year_records", YearRecord),
        ("kept_initiatives", Initiative),
        ("kept_headcounts", Headcount),
    ):
        where = table.org_id == org.id
        if table is Initiative:
            where = where & Initiative.person_id.is_(None)
        count = session.scalar(select(func.count()).select_from(table).where(where))
        if count:
            moves.add(category, id=org.id, name=org.name, count=count)


def _transfer(session, plan: EventPlan, parties: Parties, moves: Moves) -> None:
    unit, target = parties.subjects[0], parties.successor
    assert target is not None
    old = org_history.parent_on(session, unit, day_before(plan))
    moves.add(
        "units",
        id=unit.id,
        name=unit.name,
        from_id=old.id if old else None,
        to_id=target.id,
        to=target.name,
    )
    for proposal in session.scalars(
        select(Proposal)
        .where(Proposal.org_id == unit.id, Proposal.status.not_in(FINAL_STATUSES))
        .order_by(Proposal.id)
    ):
        _proposal(
            session,
            moves,
            proposal,
            {proposal.department_id: target.id},
            proposal.org_id,
            target.id,
        )


def day_before_day(day: date) -> date:
    return day - timedelta(days=1)
