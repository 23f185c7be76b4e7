"""The timers an instance waits on, as rows: written whenever the instance is saved.

SpiffWorkflow keeps a workflow's waiting catch events in its event manager; that is what
`workflow.waiting_events()` lists (name, type, fire time). The rows need the boundary event's
BPMN id and the step it is attached to as well, so they are read from the same tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import InstanceTimer, WorkflowInstance, utcnow

from .deadlines import WHICH, parse_fire_time

#: due_at("board_appraise", "deadline"): the step and which of its moments a timer waits for
_DUE_AT = re.compile(r"""due_at\(\s*["'](?P<step>\w+)["']\s*,\s*["'](?P<which>\w+)["']""")


@dataclass(frozen=True)
class Timer:
    bpmn_id: str
    #: naive UTC; None for a timer that never fires (no rule applies)
    fire_at: datetime | None
    #: the engine id of the step the timer is attached to, if it is a boundary event
    step_guid: str | None
    #: "reminder" or "deadline" when its expression is due_at(...), else None
    which: str | None


def kind_of(task_spec) -> str | None:
    definition = getattr(task_spec, "event_definition", None)
    match = _DUE_AT.search(getattr(definition, "expression", "") or "")
    return match["which"] if match and match["which"] in WHICH else None


def waiting(workflow: BpmnWorkflow) -> list[Timer]:
    """The timers the workflow waits on (what waiting_events() lists, with their ids)."""
    found = []
    for task in workflow.event_manager.tasks.values():
        definition = task.task_spec.event_definition
        if not isinstance(definition, TimerEventDefinition):
            continue
        value = definition.details(task).value
        found.append(
            Timer(
                bpmn_id=task.task_spec.bpmn_id,
                fire_at=parse_fire_time(value) if isinstance(value, str) else None,
                step_guid=_attached_step(task),
                which=kind_of(task.task_spec),
            )
        )
    return found


def _attached_step(task) -> str | None:
    parent = task.parent
    if parent is None or not isinstance(parent.task_spec, BoundaryEventSplit):
        return None
    for sibling in parent.children:
        if not isinstance(sibling.task_spec, BoundaryEvent):
            return str(sibling.id)
    return None


def fired(workflow: BpmnWorkflow) -> list[tuple[str, str | None, str | None]]:
    """(boundary event id, attached step guid, which) of every timer that has fired."""
    return [
        (t.task_spec.bpmn_id, _attached_step(t), kind_of(t.task_spec))
        for t in workflow.get_tasks(state=TaskState.COMPLETED)
        if isinstance(t.task_spec, BoundaryEvent)
    ]


def step_dues(workflow: BpmnWorkflow) -> dict[str, dict[str, datetime]]:
    """step guid → {"reminder": …, "deadline": …} from the timers attached to it."""
    dues: dict[str, dict[str, datetime]] = {}
    for timer in waiting(workflow):
        if timer.step_guid and timer.which and timer.fire_at is not None:
            dues.setdefault(timer.step_guid, {})[timer.which] = timer.fire_at
    return dues


def sync(session: Session, instance: WorkflowInstance, workflow: BpmnWorkflow) -> None:
    """Make the instance's unfired timer rows match what the engine waits on (not flushed).

    A row whose timer fired is kept with fired_at set; one whose timer went away with its
    step (completed, the round ended) is deleted; rows that still match are left alone, so
    a worker holding one of them sees the same row.
    """
    now = utcnow()
    wanted = {}
    if not workflow.is_completed():
        wanted = {t.bpmn_id: t.fire_at for t in waiting(workflow) if t.fire_at is not None}
    done = {bpmn_id for bpmn_id, _, _ in fired(workflow)}
    # No autoflush: the instance's own UPDATE must wait for the caller's flush, which turns
    # a lost optimistic lock (StaleDataError) into a conflict.
    with session.no_autoflush:
        rows = list(
            session.scalars(
                select(InstanceTimer).where(
                    InstanceTimer.instance_id == instance.id, InstanceTimer.fired_at.is_(None)
                )
            )
        )
    for row in rows:
        if wanted.get(row.bpmn_id) == row.fire_at:
            wanted.pop(row.bpmn_id)
        elif row.bpmn_id in done:
            row.fired_at = now
        else:
            session.delete(row)
    for bpmn_id, fire_at in wanted.items():
        session.add(InstanceTimer(instance_id=instance.id, bpmn_id=bpmn_id, fire_at=fire_at))
