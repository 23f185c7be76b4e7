"""The timer events of a workflow: those it waits on and those that have fired.

SpiffWorkflow keeps a workflow's waiting catch events in its event manager; that is what
`workflow.waiting_events()` lists (name, type, fire time). Callers need the boundary event's
BPMN id, its expression and the step it is attached to as well, so they are read from the same
tasks. What an expression means (which moment of which step) is the application's business.
"""

from __future__ import annotations

from dataclasses import dataclass

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.specs.base import TaskSpec
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState


@dataclass(frozen=True)
class EngineTimer:
    bpmn_id: str
    #: the evaluated time expression (an ISO moment or duration), None when it is no text
    value: str | None
    #: the engine id of the step the timer is attached to, if it is a boundary event
    step_guid: str | None
    #: the timer's expression as written in the diagram
    expression: str


def waiting(workflow: BpmnWorkflow) -> list[EngineTimer]:
    """The timers the workflow waits on (what waiting_events() lists, with their ids)."""
    found = []
    for task in workflow.event_manager.tasks.values():
        definition = task.task_spec.event_definition
        if not isinstance(definition, TimerEventDefinition):
            continue
        value = definition.details(task).value
        found.append(
            EngineTimer(
                bpmn_id=task.task_spec.bpmn_id,
                value=value if isinstance(value, str) else None,
                step_guid=_attached_step(task),
                expression=expression_of(task.task_spec),
            )
        )
    return found


def expression_of(task_spec: TaskSpec) -> str:
    definition = getattr(task_spec, "event_definition", None)
    return str(getattr(definition, "expression", "") or "")


def _attached_step(task: Task) -> str | None:
    step = attached_task(task)
    return str(step.id) if step is not None else None


@dataclass(frozen=True)
class FiredTimer:
    bpmn_id: str
    #: the step the timer is attached to, and that step's children (a multi-instance step's
    #: instances: a council's ballots)
    step_guid: str | None
    step_children: tuple[str, ...]
    expression: str


def completed(workflow: BpmnWorkflow) -> list[Task]:
    """The workflow's COMPLETED tasks: one walk that several readers below share."""
    done: list[Task] = workflow.get_tasks(state=TaskState.COMPLETED)
    return done


def fired(done: list[Task]) -> list[FiredTimer]:
    """Every boundary timer among `done` (the workflow's COMPLETED tasks)."""
    out = []
    for task in done:
        if not isinstance(task.task_spec, BoundaryEvent):
            continue
        step = attached_task(task)
        out.append(
            FiredTimer(
                bpmn_id=task.task_spec.bpmn_id,
                step_guid=str(step.id) if step is not None else None,
                step_children=tuple(str(c.id) for c in step.children) if step else (),
                expression=expression_of(task.task_spec),
            )
        )
    return out


def fired_ids(done: list[Task]) -> set[str]:
    return {t.task_spec.bpmn_id for t in done if isinstance(t.task_spec, BoundaryEvent)}


def attached_task(task: Task) -> Task | None:
    """The step a boundary event's task is attached to (its sibling under the split)."""
    parent = task.parent
    if parent is None or not isinstance(parent.task_spec, BoundaryEventSplit):
        return None
    for sibling in parent.children:
        if not isinstance(sibling.task_spec, BoundaryEvent):
            return sibling
    return None
