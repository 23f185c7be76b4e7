"""The inbox rows of an instance: one HumanTask row per READY human step, written when the
instance is saved (workflows.process.runtime), so that the inbox is an indexed query over rows,
never a scan of workflows (workflows.process.inbox)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from models import HumanTask, Proposal, TaskState, WorkflowInstance, core_path, utcnow
from workflows import reference
from workflows.directory.orgs import task_org_id
from workflows.engine.steps import ReadyStep
from workflows.errors import N_, Conflict


class _Open(NamedTuple):
    """An open inbox row: its id (the order of creation) and its stage."""

    id: int
    stage: str


#: sync's read of the open rows, built once (building and keying a statement per completion
#: costs more CPU than running it)
_OPEN_ROWS = select(HumanTask.id, HumanTask.task_guid, HumanTask.stage).where(
    HumanTask.instance_id == bindparam("instance_id"), HumanTask.state == TaskState.READY
)


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
) -> Synced:
    """Make the inbox rows of this instance match its READY human steps.

    `route()`: the award's route (the routing table's row), which places a step at an
    organisation; `dues()`: step guid → its reminder and deadline. Both are asked only when a
    row is created (a ballot cast while others are still open creates none)."""
    ready = {s.guid: s for s in ready_steps}
    # Only the columns needed: the rows' organisation and claimer (joined by default) are not.
    found = core_path.execute(session, _OPEN_ROWS, {"instance_id": instance.id})
    existing = {row.task_guid: _Open(row.id, row.stage) for row in found}
    gone = [row.id for guid, row in existing.items() if guid not in ready]
    if gone:
        session.execute(
            update(HumanTask)
            .where(HumanTask.id.in_(gone))
            .values(state=TaskState.CANCELLED, completed_at=utcnow())
        )
    new = {guid: step for guid, step in ready.items() if guid not in existing}
    route_of = route() if new else {}
    due_of = dues() if new else {}
    roles = reference.roles()
    orgs: dict[str, int] = {}
    created = []
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
        row = HumanTask(
            instance_id=instance.id,
            proposal_id=proposal.id,
            task_guid=guid,
            bpmn_id=step.bpmn_id,
            name=step.name,
            role_code=role.code,
            org_id=orgs[role.scope],
            stage=step.stage,
            form=step.form,
            actions=",".join(step.actions),
            instructions=step.instructions,
            remind_at=due.get("reminder"),
            due_at=due.get("deadline"),
            assignee_id=step.assignee,
        )
        session.add(row)
        created.append(row)
    session.flush()
    ready_rows = [v for guid, v in existing.items() if guid in ready]
    ready_rows += [_Open(row.id, row.stage) for row in created]
    first = min(ready_rows, default=None)
    return Synced(created, first.stage if first is not None else None)


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
