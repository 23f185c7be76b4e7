"""Reading the ready human steps of a workflow and completing one of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.exceptions import TaskNotFoundException, WorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState


class StepError(Exception):
    """The engine could not run a step; the message names the step and the cause."""


@dataclass(frozen=True)
class ReadyStep:
    guid: str
    bpmn_id: str
    name: str
    lane: str
    stage: str
    form: str
    actions: tuple[str, ...]
    instructions: str
    #: the one user the step is for (a council member's ballot), from the data item the
    #: property `assignee` names; None: any holder of the lane's role
    assignee: int | None = None
    #: the task the boundary timers are attached to: the multi-instance task for a ballot
    timer_guid: str | None = None
    #: the organisation the step is for (one member of a bloc), from the data item the
    #: property `org` names; None: the kind's organisation for the lane (cases.kinds.org_for)
    org: int | None = None


def ready_steps(workflow: BpmnWorkflow) -> list[ReadyStep]:
    steps = []
    for task in workflow.get_tasks(state=TaskState.READY, manual=True):
        spec = task.task_spec
        props = spec.extensions.get("properties", {})
        parent = task.parent
        multi = parent is not None and getattr(parent.task_spec, "bpmn_id", None) == spec.bpmn_id
        steps.append(
            ReadyStep(
                guid=str(task.id),
                bpmn_id=spec.bpmn_id,
                name=spec.bpmn_name or spec.bpmn_id,
                lane=spec.lane,
                stage=props["stage"],
                form=props["form"],
                actions=_actions(props["actions"]),
                instructions=spec.extensions.get("instructionsForEndUser") or "",
                assignee=task.data.get(props["assignee"]) if props.get("assignee") else None,
                timer_guid=str(parent.id) if multi else str(task.id),
                org=task.data.get(props["org"]) if props.get("org") else None,
            )
        )
    return steps


@lru_cache(maxsize=1024)
def _actions(text: str) -> tuple[str, ...]:
    """A step's `actions` property ("approve, return") as a tuple: the same few texts each time."""
    return tuple([a.strip() for a in text.split(",") if a.strip()])


def start(workflow: BpmnWorkflow) -> None:
    _run_engine(workflow, "start")


def fire_timers(workflow: BpmnWorkflow) -> None:
    """Let the timers whose time has come fire, and run the engine to the next wait.

    refresh_timers first: do_engine_steps alone refreshes only at its end, so a due timer would
    wait for the next call."""
    try:
        workflow.refresh_timers()
    except WorkflowException as exc:
        raise StepError(_describe(exc, "timers")) from exc
    _run_engine(workflow, "timers")


def complete(workflow: BpmnWorkflow, guid: str, data: Mapping[str, object]) -> None:
    """Complete the READY manual task `guid` with `data` and run the engine to the next wait."""
    try:
        task = workflow.get_task_from_id(UUID(guid))
    except (TaskNotFoundException, ValueError):
        task = None
    if task is None or task.state != TaskState.READY or not task.task_spec.manual:
        raise StepError(f"step {guid} is not waiting for a person")
    task.set_data(**data)
    try:
        task.run()
    except WorkflowException as exc:
        raise StepError(_describe(exc, task.task_spec.bpmn_name)) from exc
    _run_engine(workflow, task.task_spec.bpmn_name or task.task_spec.bpmn_id)


def reached_end_event(workflow: BpmnWorkflow, done: list[Task] | None = None) -> str | None:
    """The bpmn id of the end event the process finished at, if it has finished.

    `done`: the workflow's COMPLETED tasks, when the caller has listed them already."""
    if not workflow.is_completed():
        return None
    if done is None:
        done = workflow.get_tasks(state=TaskState.COMPLETED)
    ends = [
        t
        for t in done
        if isinstance(t.task_spec, EndEvent) and t.workflow is workflow and not _after_timer(t)
    ]
    return ends[-1].task_spec.bpmn_id if ends else None


def _after_timer(task: Task) -> bool:
    # A non-interrupting boundary timer (a reminder, a deadline) ends its own branch while the
    # step goes on; the round ends where the step's path ends, not there.
    parent = task.parent
    while parent is not None:
        if isinstance(parent.task_spec, BoundaryEvent):
            return True
        parent = parent.parent
    return False


def completed_elements(workflow: BpmnWorkflow, done: list[Task] | None = None) -> list[str]:
    """BPMN ids of the elements this instance has passed, in order of completion.

    `done`: the workflow's COMPLETED tasks, when the caller has listed them already."""
    if done is None:
        done = workflow.get_tasks(state=TaskState.COMPLETED)
    passed = [t for t in done if getattr(t.task_spec, "bpmn_id", None)]
    passed.sort(key=_by_change)
    return [t.task_spec.bpmn_id for t in passed]


_by_change = attrgetter("last_state_change")


def _run_engine(workflow: BpmnWorkflow, after: str) -> None:
    try:
        workflow.do_engine_steps()
    except WorkflowException as exc:
        raise StepError(_describe(exc, after)) from exc


def _describe(exc: WorkflowException, after: str) -> str:
    task = getattr(exc, "task", None)
    where = task.task_spec.bpmn_name or task.task_spec.bpmn_id if task is not None else after
    line = getattr(exc, "line_number", None)
    return f"engine error at '{where}'" + (f" (line {line})" if line else "") + f": {exc}"
