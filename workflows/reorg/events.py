"""Previewing and applying an organisation event (the plan: workflows.reorg.plan).

`apply` works in the caller's transaction (it flushes, never commits): it locks the
organisations involved, then the running instances of the proposals it moves (the runtime's
lock, in proposal order), checks the plan again and computes what moves only then, so a step
completed meanwhile either landed before (its new step moves) or waits and finds its old step
moved (409). It writes the event with its parties and summary, the dated name, placement and
membership rows, and tells the people concerned.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    AuditAction,
    GroupMembership,
    HumanTask,
    MovementParticipant,
    NotificationKind,
    Organisation,
    OrgEvent,
    OrgEventKind,
    OrgEventParty,
    OrgName,
    OrgPlacement,
    PartyRole,
    Person,
    Proposal,
    RoleAssignment,
    User,
)
from workflows.deadlines.notifications import link_to, message, notify, smtp_configured
from workflows.errors import N_, Conflict
from workflows.process import audit, handover_notices, inbox_rows
from workflows.process.runtime import RunningProcess
from workflows.reorg import checks, moves
from workflows.reorg.plan import EventPlan


@dataclass(frozen=True)
class Preview:
    plan: EventPlan
    moves: moves.Moves

    @property
    def counts(self) -> dict[str, int]:
        return self.moves.counts()


def preview(session: Session, plan: EventPlan) -> Preview:
    """What `apply` would do, listed; nothing written."""
    parties = checks.validate(session, plan)
    successor = _successor_preview(plan, parties)
    return Preview(plan, moves.compute(session, plan, parties, successor))


def _successor_preview(plan: EventPlan, parties: checks.Parties) -> Organisation | None:
    if plan.new_org is not None and parties.successor is None:
        new = plan.new_org
        # Not added to the session: a stand-in that names the new organisation in the lists.
        return Organisation(
            id=0, code=new.code, name=new.name, short_name=new.short_name, kind=new.kind
        )
    return parties.successor


def lock_organisations(session: Session, ids: list[int]) -> None:
    """Row locks on the organisations, in id order (PostgreSQL: FOR NO KEY UPDATE, which a
    step writing an inbox row that references one does not wait for; SQLite: the caller holds
    the write lock, as every writing request does)."""
    session.execute(
        select(Organisation.id)
        .where(Organisation.id.in_(sorted(set(ids))))
        .order_by(Organisation.id)
        .with_for_update(key_share=True)
    ).all()


def apply(session: Session, plan: EventPlan, actor: User) -> OrgEvent:
    """Carry out the plan in the caller's transaction; ValidationFailed as `validate`."""
    ids = [*plan.org_ids, *([plan.successor_id] if plan.successor_id else [])]
    ids += [s.successor_id for s in plan.shares]
    lock_organisations(session, ids)
    parties = checks.validate(session, plan)
    for proposal_id in moves.affected_proposals(session, plan, parties):
        # A proposal with no running instance has no step to race with.
        with suppress(Conflict):
            RunningProcess.lock(session, proposal_id)
    created = _create(session, plan) if plan.new_org is not None else None
    successor = created or parties.successor
    planned = moves.compute(session, plan, parties, successor)
    event = OrgEvent(
        kind=plan.kind,
        effective_on=plan.effective_on,
        decision_no=plan.decision_no.strip(),
        decision_date=plan.decision_date,
        issued_by=plan.issued_by,
        note=plan.note,
        source_note=plan.source_note,
        summary=_summary(planned),
        created_by_id=actor.id,
    )
    session.add(event)
    _parties(event, plan, parties, successor)
    _history(session, plan, parties)
    _carry_out(session, plan, planned, event, actor)
    session.flush()
    return event


def _create(session: Session, plan: EventPlan) -> Organisation:
    new = plan.new_org
    assert new is not None
    org = Organisation(
        code=new.code,
        name=new.name.strip(),
        short_name=new.short_name.strip(),
        kind=new.kind,
        parent_id=new.parent_id,
        valid_from=plan.effective_on,
        source_note=plan.source_note,
    )
    session.add(org)
    session.flush()
    session.add(
        OrgName(
            org_id=org.id, name=org.name, short_name=org.short_name, valid_from=plan.effective_on
        )
    )
    session.add(OrgPlacement(org_id=org.id, parent_id=org.parent_id, valid_from=plan.effective_on))
    return org


def _parties(event: OrgEvent, plan: EventPlan, parties: checks.Parties, successor) -> None:
    kind = plan.kind
    if kind in (OrgEventKind.RENAME, OrgEventKind.ESTABLISH):
        subjects = parties.subjects or ([successor] if successor else [])
        for org in subjects:
            event.parties.append(OrgEventParty(org_id=org.id, role=PartyRole.SUBJECT))
        return
    if kind == OrgEventKind.TRANSFER:
        unit = parties.subjects[0]
        event.parties.append(OrgEventParty(org_id=unit.id, role=PartyRole.SUBJECT))
        if unit.parent_id is not None:
            event.parties.append(OrgEventParty(org_id=unit.parent_id, role=PartyRole.PREDECESSOR))
        event.parties.append(OrgEventParty(org_id=successor.id, role=PartyRole.SUCCESSOR))
        return
    for org in parties.subjects:
        event.parties.append(OrgEventParty(org_id=org.id, role=PartyRole.PREDECESSOR))
    for share in plan.shares:
        event.parties.append(
            OrgEventParty(org_id=share.successor_id, role=PartyRole.SUCCESSOR, share=share.share)
        )
    if successor is not None and all(s.successor_id != successor.id for s in plan.shares):
        event.parties.append(OrgEventParty(org_id=successor.id, role=PartyRole.SUCCESSOR))


def _close(session: Session, table, org: Organisation, day: date, **current) -> Any:
    """End the open history rows of `org` in `table` the day before `day`, writing the row of
    the current value first when the history has none (an organisation loaded before it).
    Returns the row that already starts on `day` (another event of that day), if any."""
    rows: list = list(
        session.scalars(
            select(table).where(
                table.org_id == org.id, (table.valid_to.is_(None)) | (table.valid_to >= day)
            )
        )
    )
    if not rows and not session.scalar(select(table.id).where(table.org_id == org.id)):
        rows = [table(org_id=org.id, valid_from=org.valid_from, **current)]
        session.add(rows[0])
    same_day = None
    for row in rows:
        if row.valid_from is not None and row.valid_from >= day:
            same_day = row
        else:
            row.valid_to = moves.day_before_day(day)
    return same_day


def _open(session: Session, table, org: Organisation, day: date, same_day, **values) -> None:
    """The row from `day` on: the one of another event of that day takes the new values."""
    if same_day is not None:
        for name, value in values.items():
            setattr(same_day, name, value)
    else:
        session.add(table(org_id=org.id, valid_from=day, **values))


def _history(session: Session, plan: EventPlan, parties: checks.Parties) -> None:
    day = plan.effective_on
    if plan.kind == OrgEventKind.RENAME:
        org = parties.subjects[0]
        same_day = _close(session, OrgName, org, day, name=org.name, short_name=org.short_name)
        org.name, org.short_name = plan.new_name.strip(), plan.new_short_name.strip()  # type: ignore[union-attr]
        _open(session, OrgName, org, day, same_day, name=org.name, short_name=org.short_name)
    elif plan.kind == OrgEventKind.TRANSFER:
        unit = parties.subjects[0]
        same_day = _close(session, OrgPlacement, unit, day, parent_id=unit.parent_id)
        unit.parent_id = parties.successor.id  # type: ignore[union-attr]
        _open(session, OrgPlacement, unit, day, same_day, parent_id=unit.parent_id)
    elif plan.ending:
        for org in parties.subjects:
            org.valid_to = moves.day_before_day(day)
            _close(session, OrgName, org, day, name=org.name, short_name=org.short_name)
            _close(session, OrgPlacement, org, day, parent_id=org.parent_id)


def _carry_out(
    session: Session, plan: EventPlan, planned: moves.Moves, event: OrgEvent, actor: User
) -> None:
    day, before = plan.effective_on, moves.day_before(plan)
    rows = planned.rows
    for row in rows["people"]:
        session.get_one(Person, row["id"]).org_id = row["to_id"]
    for row in rows["units"]:
        unit = session.get_one(Organisation, row["id"])
        if plan.kind != OrgEventKind.TRANSFER:
            same_day = _close(session, OrgPlacement, unit, day, parent_id=unit.parent_id)
            unit.parent_id = row["to_id"]
            _open(session, OrgPlacement, unit, day, same_day, parent_id=unit.parent_id)
    for row in rows["roles_moved"] + rows["roles_closed"]:
        _role(session, plan, row, event)
    for row in rows["proposals"]:
        proposal = session.get_one(Proposal, row["id"])
        proposal.org_id, proposal.department_id = row["org_id"], row["department_id"]
    moved_tasks = [_move_task(session, row) for row in rows["tasks"]]
    for row in rows["proposals"]:
        proposal = session.get_one(Proposal, row["id"])
        mine = [(old, new) for old, new in moved_tasks if new.proposal_id == proposal.id]
        audit.record(
            session,
            proposal,
            actor,
            AuditAction.ORG_EVENT,
            from_status=proposal.status,
            comment=_trail_text(session, event, row, mine),
            data={"org_event_id": event.id, "tasks": [[o.id, n.id] for o, n in mine]},
        )
        handover_notices.steps_arrived(session, proposal, [n for _o, n in mine], actor.id)
    for row in rows["participants"]:
        session.get_one(MovementParticipant, row["id"]).org_id = row["to_id"]
    for row in rows["memberships_ended"]:
        session.get_one(GroupMembership, row["id"]).valid_to = before
    for row in rows["memberships_started"]:
        session.add(
            GroupMembership(
                grouping_id=row["grouping_id"], member_id=row["member_id"], valid_from=day
            )
        )


def _role(session: Session, plan: EventPlan, row: dict, event: OrgEvent) -> None:
    ra = session.get_one(RoleAssignment, row["id"])
    day, before = plan.effective_on, moves.day_before(plan)
    to_id = row["to_id"]
    if ra.valid_from is not None and ra.valid_from >= day:
        # Not begun yet: it begins at the successor instead (or never).
        if to_id is None:
            session.delete(ra)
        else:
            ra.org_id = to_id
    else:
        ra.valid_to = before
        if to_id is not None and not _holds(session, ra, to_id, day):
            session.add(
                RoleAssignment(
                    user_id=ra.user_id,
                    role_code=ra.role_code,
                    org_id=to_id,
                    valid_from=day,
                    valid_to=ra.valid_to if ra.valid_to and ra.valid_to >= day else None,
                )
            )
    user = session.get_one(User, row["user_id"])
    notify(
        session,
        user,
        NotificationKind.ROLE_CHANGED,
        message(
            NotificationKind.ROLE_CHANGED,
            decision=event.decision_no,
            day=day.strftime("%d/%m/%Y"),
            role=ra.role.name_vi,
            old_org=row["from_name"],
            new_org=row["to"] or "—",
        ),
        mail=smtp_configured(),
        link=link_to("/"),
    )


def _holds(session: Session, ra: RoleAssignment, org_id: int, day: date) -> bool:
    return bool(
        session.scalar(
            select(RoleAssignment.id).where(
                RoleAssignment.user_id == ra.user_id,
                RoleAssignment.role_code == ra.role_code,
                RoleAssignment.org_id == org_id,
                (RoleAssignment.valid_to.is_(None)) | (RoleAssignment.valid_to >= day),
            )
        )
    )


def _move_task(session: Session, row: dict) -> tuple[HumanTask, HumanTask]:
    """The old row closes and a new one waits at the successor (the inbox writer makes it)."""
    old = session.get_one(HumanTask, row["id"])
    return old, inbox_rows.move(session, old, row["to_id"])


def _trail_text(session: Session, event: OrgEvent, row: dict, tasks) -> str:
    org = session.get_one(Organisation, row["org_id"])
    text = N_(
        "Theo quyết định số %(no)s (hiệu lực từ %(day)s), hồ sơ tiếp tục tại %(org)s",
        no=event.decision_no,
        day=event.effective_on.strftime("%d/%m/%Y"),
        org=org.name,
    )
    steps = [
        N_(
            "bước “%(step)s” chuyển từ %(old)s sang %(new)s",
            step=new.name,
            old=session.get_one(Organisation, old.org_id).name,
            new=session.get_one(Organisation, new.org_id).name,
        )
        for old, new in tasks
    ]
    return "; ".join([str(text), *map(str, steps)])


def _summary(planned: moves.Moves) -> dict:
    rows = planned.rows
    return {
        "counts": planned.counts(),
        "ids": {
            c: [r.get("id") for r in rows[c]]
            for c in ("people", "units", "roles_moved", "roles_closed", "proposals", "tasks")
        },
    }
