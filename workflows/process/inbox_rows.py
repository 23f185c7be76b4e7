"""The inbox rows of an instance: one HumanTask row per READY human step, written when the
instance is saved (workflows.process.runtime), so that the inbox is an indexed query over rows,
never a scan of workflows (workflows.process.inbox)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session, make_transient_to_detached

from models import HumanTask, Proposal, TaskState, WorkflowInstance, core_path, utcnow
from workflows import reference
from workflows.directory.orgs import task_org_id
from workflows.engine.steps import ReadyStep
from workflows.errors import N_, Conflict


class _Open(NamedTuple):
    """An open inbox row: its id (the order of creation) and its stage."""

    id: int
    stage: str


#: sync's reads, built once (building and keying a statement per completion costs more CPU
#: than running it): the open rows when the caller does not know them, and the stage of the
#: first open row when the open rows the caller knows are at different stages
_OPEN_ROWS = select(HumanTask.id, HumanTask.task_guid, HumanTask.stage).where(
    HumanTask.instance_id == bindparam("instance_id"), HumanTask.state == TaskState.READY
)
_FIRST_OPEN_STAGE = (
    select(HumanTask.stage)
    .where(HumanTask.instance_id == bindparam("instance_id"), HumanTask.state == TaskState.READY)
    .order_by(HumanTask.id)
    .limit(1)
)
#: the new rows in one INSERT, which gives back their ids: the ORM's unit of work needs the id
#: of each row before the next and so inserts them one at a time on SQLite (5 at the
#: secretariat's step), while a multi-row INSERT … RETURNING names them all (issue 19)
_TASKS = cast(Table, HumanTask.__table__)
_INSERT = insert(_TASKS).returning(_TASKS.c.id, _TASKS.c.task_guid)


@dataclass(frozen=True)
class Synced:
    """What sync wrote."""

    created: list[HumanTask]
    #: the stage of the proposal's first ready task (lowest id) after the sync; None: none.
    #: The rows of a proposal's ended instances are all closed, so they are this instance's.
    stage: str | None


def sync(
    session: Session,
    proposal: Proposal,
    instance: WorkflowInstance,
    ready_steps: list[ReadyStep],
    route: Callable[[], dict[str, Any]],
    dues: Callable[[], dict[str, dict[str, datetime]]],
    open_rows: Mapping[str, str] | None = None,
) -> Synced:
    """Make the inbox rows of this instance match its READY human steps.

    `open_rows`: step guid → stage of the instance's open (READY) rows, when the caller knows
    them from this transaction (workflows.process.runtime: the steps that were ready in the
    state read under the instance lock, less the one it completed); None: they are read.
    `route()`: the award's route (the routing table's row), which places a step at an
    organisation; `dues()`: step guid → its reminder and deadline. Both are asked only when a
    row is created (a ballot cast while others are still open creates none)."""
    ready = {s.guid: s for s in ready_steps}
    existing: dict[str, _Open] | None = None
    known: Mapping[str, str] | None = open_rows
    if known is None:
        # Only the columns needed: the rows' organisation and claimer (joined by default) are not.
        found = core_path.execute(session, _OPEN_ROWS, {"instance_id": instance.id})
        existing = {row.task_guid: _Open(row.id, row.stage) for row in found}
        known = {guid: row.stage for guid, row in existing.items()}
    gone = [guid for guid in known if guid not in ready]
    if gone:
        # Through the ORM, its values literal: a row of the instance loaded in this session
        # sees its new state (evaluated in memory, no read back).
        session.execute(
            update(HumanTask)
            .where(
                HumanTask.instance_id == instance.id,
                HumanTask.task_guid.in_(gone),
                HumanTask.state == TaskState.READY,
            )
            .values(state=TaskState.CANCELLED, completed_at=utcnow())
        )
    new = {guid: step for guid, step in ready.items() if guid not in known}
    route_of = route() if new else {}
    due_of = dues() if new else {}
    roles = reference.roles()
    orgs: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    now = utcnow()
    for guid, step in new.items():
        # Roles are reference data (roles.json, written to the table by `tdkt init` only).
        role = roles.get(step.lane)
        if role is None:
            raise Conflict(
                "step_lane_unknown",
                N_(
                    "Bước '%(step)s' thuộc làn '%(lane)s' không phải vai trò đã biết",
                    step=step.name,
                    lane=step.lane,
                ),
            )
        if role.scope not in orgs:
            orgs[role.scope] = task_org_id(session, proposal, role, route_of)
        due = due_of.get(step.timer_guid or guid, {})
        rows.append(
            {
                **_NEW_ROW,
                "instance_id": instance.id,
                "proposal_id": proposal.id,
                "task_guid": guid,
                "bpmn_id": step.bpmn_id,
                "name": step.name,
                "role_code": role.code,
                "org_id": orgs[role.scope],
                "stage": step.stage,
                "form": step.form,
                "actions": ",".join(step.actions),
                "instructions": step.instructions,
                "created_at": now,
                "remind_at": due.get("reminder"),
                "due_at": due.get("deadline"),
                "assignee_id": step.assignee,
            }
        )
    created = _insert(session, rows) if rows else []
    if not rows:
        session.flush()
    return Synced(created, _first_stage(session, instance, ready, known, existing, created))


#: every column of a new row is written, so that all rows share one INSERT and the objects made
#: of them need no read back: these are the ones a new row leaves empty
_NEW_ROW: dict[str, Any] = {
    "state": TaskState.READY,
    "claimed_by_id": None,
    "claimed_at": None,
    "completed_at": None,
    "completed_by_id": None,
    "action": None,
    "overdue_at": None,
}


def _insert(session: Session, rows: list[dict[str, Any]]) -> list[HumanTask]:
    """Insert `rows` in one statement and give them as rows of the session, in their order.

    The objects are made persistent from the values written and the ids returned (all their
    columns are known), as a flush would leave them, without the unit of work."""
    # RETURNING's order is not promised for a multi-row INSERT: the ids are matched by step.
    ids = {row.task_guid: row.id for row in core_path.execute(session, _INSERT, rows)}
    created = []
    for values in rows:
        row = HumanTask(id=ids[values["task_guid"]], **values)
        make_transient_to_detached(row)
        session.add(row)
        created.append(row)
    return created


def _first_stage(
    session: Session,
    instance: WorkflowInstance,
    ready: Mapping[str, ReadyStep],
    known: Mapping[str, str],
    existing: Mapping[str, _Open] | None,
    created: list[HumanTask],
) -> str | None:
    """The stage of the instance's first open row (lowest id) after the sync. Rows that stayed
    open are older than the ones just created; when the caller knew them without their ids
    and they are at different stages (never on the shipped diagrams), it is read."""
    if existing is not None:
        kept = [row for guid, row in existing.items() if guid in ready]
        kept += [_Open(row.id, row.stage) for row in created]
        first = min(kept, default=None)
        return first.stage if first is not None else None
    stages = {stage for guid, stage in known.items() if guid in ready}
    if len(stages) == 1:
        return stages.pop()
    if not stages:
        return min(created, key=lambda row: row.id).stage if created else None
    return core_path.execute(session, _FIRST_OPEN_STAGE, {"instance_id": instance.id}).scalar()


#: what a waiting step's row carries when the step moves to another organisation: the engine
#: step, its form and its clock (a move restarts no deadline); not its claim, which was made
#: by someone of the old organisation
_CARRIED = (
    "instance_id",
    "proposal_id",
    "task_guid",
    "bpmn_id",
    "name",
    "role_code",
    "stage",
    "form",
    "actions",
    "instructions",
    "due_at",
    "remind_at",
    "overdue_at",
    "assignee_id",
)


def move(session: Session, old: HumanTask, org_id: int) -> HumanTask:
    """The row of `old`'s step at organisation `org_id` (an organisation event moved it): the
    old row closes (cancelled: a completion of it answers 409), the new one waits there."""
    old.state, old.completed_at = TaskState.CANCELLED, utcnow()
    new = HumanTask(org_id=org_id, **{name: getattr(old, name) for name in _CARRIED})
    session.add(new)
    session.flush()
    return new
