"""Walking a workflow's task tree: SpiffWorkflow 3.2.0's iterators, in one loop.

The library walks the whole tree many times per completed step: every completed task asks each
WAITING task to update itself (`Workflow.update_waiting_tasks`, ~35 walks per proposal), each
pass of `do_engine_steps` lists the READY tasks, and the application lists READY, COMPLETED and
unfinished tasks after it. The library's `TaskIterator` spends about ten Python calls on each
node it visits (properties, the filter, depth bookkeeping); here a node costs none, and a
generator call is made only for a task that matches.

The walk is the library's, node for node: depth first, children expanded when the node is
popped (so a caller that changes the tree while walking sees what the library would), the same
pruning by state, `end_at_spec` and `max_depth`, BPMN subprocesses entered before the children
as `BpmnTaskIterator` does, and the same filter. One thing differs: the library's depth counter
drifts where a subprocess or a childless node meets a sibling, so its cut at `max_depth` (1000)
falls at a slightly different node; here depth is the task's true depth below the start (a
subprocess's root one below its task). No tdkt tree comes near it: a revision round restarts the
process instead of looping (ARCHITECTURE.md, "Engine pitfalls").

`Workflow` and `SubWorkflow` are the library's classes walking this way; storage builds and
restores every instance with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.util.subworkflow import BpmnSubWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from workflows.engine.quiet_task import make_quiet

_PREDICTED: int = TaskState.PREDICTED_MASK
_DEFINITE: int = TaskState.DEFINITE_MASK
_FINISHED: int = TaskState.FINISHED_MASK
_NOT_FINISHED: int = TaskState.NOT_FINISHED_MASK
_WAITING: int = TaskState.WAITING
_ANY: int = TaskState.ANY_MASK
_MAYBE: int = TaskState.MAYBE
_FUTURE: int = TaskState.FUTURE
_COMPLETED: int = TaskState.COMPLETED

#: the keyword arguments `tasks` understands; any other (depth_first, task_filter) goes to the
#: library's own iterator
_KNOWN = frozenset(
    {
        "state",
        "manual",
        "spec_name",
        "spec_class",
        "lane",
        "catches_event",
        "updated_ts",
        "end_at_spec",
        "max_depth",
        "skip_subprocesses",
    }
)


def _min_state(state: int) -> int:
    # TaskIterator.__init__: which nodes are expanded for a filter on `state`.
    if state & _PREDICTED:
        return _MAYBE
    if state & _DEFINITE:
        return _FUTURE
    return _COMPLETED


def tasks(
    start: Task,
    state: int = _ANY,
    manual: bool | None = None,
    spec_name: str | None = None,
    spec_class: type | None = None,
    lane: str | None = None,
    catches_event: Any = None,
    updated_ts: float = 0,
    end_at_spec: str | None = None,
    max_depth: int = 1000,
    skip_subprocesses: bool = False,
    bpmn: bool = True,
) -> Iterator[Task]:
    """The tasks from `start` that the library's iterator would give for the same arguments, in
    the same order; `bpmn`: enter subprocesses (BpmnTaskIterator) or not (TaskIterator)."""
    min_state = _min_state(state)
    # BpmnTaskIterator's test for not entering a finished subprocess; a task's state is one bit,
    # never above the mask's value, so the test is kept as the library writes it.
    enter_finished = not state <= _FINISHED
    plain = (
        manual is None
        and spec_name is None
        and spec_class is None
        and lane is None
        and catches_event is None
        and not updated_ts
    )
    subprocesses = start.workflow.top_workflow.subprocesses if bpmn else {}
    stack: list[tuple[Task, int]] = [(start, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        task, depth = pop()
        task_state = task._state
        sub = subprocesses.get(task.id) if subprocesses else None
        if (
            (task._children or sub is not None)
            and (task_state >= min_state or sub is not None)
            and depth < max_depth
            and (end_at_spec is None or task.task_spec.name != end_at_spec)
        ):
            below = depth + 1
            lookup = task.workflow.tasks.get
            for child in reversed(task._children):
                push((lookup(child), below))
            if (
                sub is not None
                and not skip_subprocesses
                and (enter_finished or task_state < _FINISHED)
            ):
                push((sub.task_tree, below))
        if not task_state & state:
            continue
        if plain:
            yield task
            continue
        spec = task.task_spec
        if (
            task.last_state_change >= updated_ts
            and (manual is None or spec.manual == manual)
            and (spec_name is None or spec.name == spec_name)
            and (spec_class is None or isinstance(spec, spec_class))
            and (
                catches_event is None
                or (isinstance(spec, CatchingEvent) and spec.catches(task, catches_event))
            )
            and (lane is None or spec.lane == lane)
        ):
            yield task


class _Walking:
    """What both workflow classes share: the library's walks, through `tasks`, over a tree of
    quiet_task.QuietTask."""

    task_tree: Task
    completed: bool
    tasks: dict[Any, Task]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the library's constructor makes a new instance's first tasks of its own class
        make_quiet(self.tasks)

    def get_tasks_iterator(self, first_task: Task | None = None, **kwargs: Any) -> Iterator[Task]:
        if kwargs.keys() <= _KNOWN:
            return tasks(first_task or self.task_tree, **kwargs)
        return super().get_tasks_iterator(first_task, **kwargs)  # type: ignore[misc, no-any-return]

    def get_tasks(self, first_task: Task | None = None, **kwargs: Any) -> list[Task]:
        return list(self.get_tasks_iterator(first_task, **kwargs))

    def is_completed(self) -> bool:
        # Workflow.is_completed: finished when no unfinished task is left (TaskIterator).
        if not self.completed:
            for _ in tasks(self.task_tree, state=_NOT_FINISHED, bpmn=False):
                return False
            self.completed = True
        return self.completed

    def update_waiting_tasks(self) -> None:
        # Workflow.update_waiting_tasks, run after every completed task: a walk of the tree
        # (TaskIterator: subprocesses have their own), each WAITING task updated as it is met.
        for task in tasks(self.task_tree, state=_WAITING, bpmn=False):
            task.task_spec._update(task)


class SubWorkflow(_Walking, BpmnSubWorkflow):
    """A BPMN subprocess (call activity, subprocess) walked by `tasks`."""


class Workflow(_Walking, BpmnWorkflow):
    """A BpmnWorkflow walked by `tasks`; its subprocesses are `SubWorkflow`s."""

    def create_subprocess(self, my_task: Task, spec_name: str) -> SubWorkflow:
        # BpmnWorkflow.create_subprocess with this module's class.
        subprocess = SubWorkflow(
            self.subprocess_specs[spec_name], parent_task_id=my_task.id, top_workflow=self
        )
        self.subprocesses[my_task.id] = subprocess
        return subprocess
