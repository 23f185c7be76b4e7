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
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, object_session

from models import InstanceTimer, WorkflowInstance, utcnow
from workflows.deadlines.due_dates import WHICH, parse_fire_time

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


def fired(
    workflow: BpmnWorkflow, done: list[Task] | None = None
) -> list[tuple[str, str | None, str | None]]:
    """(boundary event id, attached step guid, which) of every timer that has fired.

    `done`: the workflow's COMPLETED tasks, when the caller has listed them already."""
    if done is None:
        done = workflow.get_tasks(state=TaskState.COMPLETED)
    return [
        (t.task_spec.bpmn_id, _attached_step(t), kind_of(t.task_spec))
        for t in done
        if isinstance(t.task_spec, BoundaryEvent)
    ]


def _fired_ids(done: list[Task]) -> set[str]:
    return {t.task_spec.bpmn_id for t in done if isinstance(t.task_spec, BoundaryEvent)}


def step_dues(workflow: BpmnWorkflow) -> dict[str, dict[str, datetime]]:
    """step guid → {"reminder": …, "deadline": …} from the timers attached to it."""
    dues: dict[str, dict[str, datetime]] = {}
    for timer in waiting(workflow):
        if timer.step_guid and timer.which and timer.fire_at is not None:
            dues.setdefault(timer.step_guid, {})[timer.which] = timer.fire_at
    return dues


def wanted(workflow: BpmnWorkflow, finished: bool | None = None) -> dict[str, datetime]:
    """{bpmn id: fire time} of the timers the instance's rows hold while it is in this state.

    `finished`: workflow.is_completed(), when the caller has asked it in this state."""
    if workflow.is_completed() if finished is None else finished:
        return {}
    return {t.bpmn_id: t.fire_at for t in waiting(workflow) if t.fire_at is not None}


#: what an instance's unfired timer rows hold, {bpmn id: fire time}, when known without a
#: query: a plain attribute of the instance object, valid in the transaction that set it and
#: while the row's version is the same (after a rollback or another flush, sync reads them)
_STORED = "_tdkt_timer_rows"


def remember_stored(instance: WorkflowInstance, rows: dict[str, datetime]) -> None:
    """Note what the instance's unfired timer rows hold (its state was just read under the
    instance lock, or its rows written): sync then writes only the difference."""
    session = object_session(instance)
    transaction = _transaction(session) if session is not None else None
    setattr(instance, _STORED, (transaction, instance.lock_version, dict(rows)))


def _transaction(session: Session):
    # The innermost: what a savepoint rolled back is not known either.
    return session.get_nested_transaction() or session.get_transaction()


def sync(
    session: Session,
    instance: WorkflowInstance,
    workflow: BpmnWorkflow,
    done: list | None = None,
    finished: bool | None = None,
) -> None:
    """Make the instance's unfired timer rows match what the engine waits on.

    A row whose timer fired is kept with fired_at set; one whose timer went away with its
    step (completed, the round ended) is deleted; rows that still match are left alone, so
    a worker holding one of them sees the same row. `done`: the workflow's COMPLETED tasks,
    when the caller has listed them already; `finished`: workflow.is_completed(), likewise.
    """
    now = utcnow()
    target = wanted(workflow, finished)
    want = dict(target)
    if done is None:
        done = workflow.get_tasks(state=TaskState.COMPLETED)
    fired_ids = _fired_ids(done)
    stored = _stored(session, instance)
    fire, drop = [], []
    for bpmn_id, fire_at in stored.items():
        if want.get(bpmn_id) == fire_at:
            want.pop(bpmn_id)
        elif bpmn_id in fired_ids:
            fire.append(bpmn_id)
        else:
            drop.append(bpmn_id)
    unfired = (InstanceTimer.instance_id == instance.id, InstanceTimer.fired_at.is_(None))
    # No autoflush: the instance's own UPDATE must wait for the caller's flush, which turns
    # a lost optimistic lock (StaleDataError) into a conflict.
    with session.no_autoflush:
        if fire:
            session.execute(
                update(InstanceTimer)
                .where(*unfired, InstanceTimer.bpmn_id.in_(fire))
                .values(fired_at=now)
            )
        if drop:
            session.execute(delete(InstanceTimer).where(*unfired, InstanceTimer.bpmn_id.in_(drop)))
    for bpmn_id, fire_at in want.items():
        session.add(InstanceTimer(instance_id=instance.id, bpmn_id=bpmn_id, fire_at=fire_at))
    remember_stored(instance, target)


def _stored(session: Session, instance: WorkflowInstance) -> dict[str, datetime]:
    known = getattr(instance, _STORED, None)
    if known is not None and known[0] is not None:
        transaction, version, rows = known
        if transaction is _transaction(session) and version == instance.lock_version:
            return rows
    with session.no_autoflush:
        return dict(
            session.execute(
                select(InstanceTimer.bpmn_id, InstanceTimer.fire_at).where(
                    InstanceTimer.instance_id == instance.id, InstanceTimer.fired_at.is_(None)
                )
            ).all()
        )
