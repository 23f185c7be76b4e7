"""Re-homing a loaded workflow on the spec of another process version.

SpiffWorkflow 3.2 has the honest tool for it (`SpiffWorkflow.bpmn.util.diff`, what spiff-arena's
instance migration calls): a `SpecDiff` aligns the old spec's task specs with the new one's by
name (the BPMN id), `migrate_workflow` puts the aligned specs under the existing tasks — ids and
data kept — and resets the READY and WAITING branches so that what follows them is predicted
again from the new diagram. This module adds what the library leaves to its caller:

- the counterparts of the steps a person is waiting on, by name only: the library falls back on
  matching by structure, which would land a proposal on a step that merely sits where the old
  one sat;
- every task left in the tree after the move must have a spec of the same name in the new
  version, or the stored state would not load again (the serializer finds specs by name);
- catching events the reset dropped are taken out of the event manager (the 3.2 leak noted in
  ARCHITECTURE.md, "Engine pitfalls");
- the timers waited on are evaluated again with the new diagram's expressions, each as of the
  moment its step began (`functions_at`), so a deadline is not restarted by the move.

Imports SpiffWorkflow only; what a step's properties mean is the application's business.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from workflows.engine.scripting import make_script_engine
from workflows.engine.storage import SERIALIZER, Functions
from workflows.engine.timers import attached_task


@dataclass(frozen=True)
class Counterpart:
    """A step a person waits on, and the task spec of the same BPMN id in the new version."""

    guid: str
    bpmn_id: str
    old_name: str
    old_lane: str | None
    old_properties: Mapping[str, Any]
    #: False: the new version has no element with this id
    found: bool
    new_name: str = ""
    new_lane: str | None = None
    new_properties: Mapping[str, Any] = field(default_factory=dict)
    #: the task is one instance of a multi-instance step (a council member's ballot)
    multi_instance: bool = False


def counterparts(
    workflow: BpmnWorkflow, spec: Any, subprocess_specs: Mapping[str, Any]
) -> list[Counterpart]:
    """The READY manual tasks of `workflow` and their counterparts by name in `spec` (or, for a
    task of a sub-process, in that sub-process's new spec)."""
    found = []
    for task in workflow.get_tasks(state=TaskState.READY, manual=True):
        old = task.task_spec
        new = _spec_of(task, workflow, spec, subprocess_specs)
        parent = task.parent
        multi = parent is not None and getattr(parent.task_spec, "bpmn_id", None) == old.bpmn_id
        common = {
            "guid": str(task.id),
            "bpmn_id": old.bpmn_id,
            "old_name": old.bpmn_name or old.bpmn_id,
            "old_lane": old.lane,
            "old_properties": dict(old.extensions.get("properties", {})),
            "multi_instance": multi,
        }
        if new is None:
            found.append(Counterpart(found=False, **common))
        else:
            found.append(
                Counterpart(
                    found=True,
                    new_name=new.bpmn_name or new.bpmn_id,
                    new_lane=getattr(new, "lane", None),
                    new_properties=dict(getattr(new, "extensions", {}).get("properties", {})),
                    **common,
                )
            )
    return found


def rehome(workflow: BpmnWorkflow, spec: Any, subprocess_specs: Mapping[str, Any]) -> list[str]:
    """Move `workflow` onto `spec` in place. Returns the names of the task specs left in the
    tree with no counterpart of the same name (a completed step the new version dropped, a
    sub-process it no longer has): when it is not empty the workflow is inconsistent and must be
    thrown away (the caller loaded it for this). Predicted tasks are no obstacle: the reset
    drops them and predicts the new version's."""
    top, sub_diffs = diff_workflow(SERIALIZER.registry, workflow, spec, subprocess_specs)
    gone = [workflow.subprocesses[sp_id].spec.name for sp_id, d in sub_diffs.items() if d is None]
    if gone:
        return sorted(set(gone))
    migrate_workflow(top, workflow, spec)
    for sp_id, sp_diff in sub_diffs.items():
        sub = workflow.subprocesses[sp_id]
        if sp_diff is not None:
            migrate_workflow(sp_diff, sub, subprocess_specs[sub.spec.name])
    workflow.subprocess_specs = dict(subprocess_specs)
    _forget_dropped_events(workflow)
    stale = [
        task.task_spec
        for task in workflow.get_tasks()
        if _spec_of(task, workflow, spec, subprocess_specs) is not task.task_spec
    ]
    # Named by their BPMN ids: the library's helper specs (a boundary event's split and join)
    # go with an element that is named already; only when none has an id are they named.
    named = {s.bpmn_id for s in stale if getattr(s, "bpmn_id", None)}
    return sorted(named or {s.name for s in stale})


def _spec_of(
    task: Any, workflow: BpmnWorkflow, spec: Any, subprocess_specs: Mapping[str, Any]
) -> Any:
    owner = spec if task.workflow is workflow else subprocess_specs.get(task.workflow.spec.name)
    return owner.task_specs.get(task.task_spec.name) if owner is not None else None


def _forget_dropped_events(workflow: BpmnWorkflow) -> None:
    manager = workflow.event_manager
    for task_id, task in list(manager.tasks.items()):
        if task.workflow.tasks.get(task.id) is not task:
            manager.tasks.pop(task_id, None)


def waiting_since(workflow: BpmnWorkflow) -> dict[UUID, float]:
    """When each READY or WAITING task began to wait, read before `rehome` (whose reset stamps
    them again with the present)."""
    return {
        task.id: task.last_state_change
        for task in workflow.get_tasks(state=TaskState.READY | TaskState.WAITING)
    }


def recompute_timers(
    workflow: BpmnWorkflow,
    functions_at: Callable[[datetime], Functions],
    since: Mapping[UUID, float],
) -> None:
    """Evaluate again, with the current spec's expressions, every timer the workflow waits on,
    as of when it began waiting (`since`, from `waiting_since` before the move), or when the
    step it is attached to did (a timer the new version adds). `functions_at(t)`: the diagram
    functions with their clock at `t`."""
    for task in list(workflow.event_manager.tasks.values()):
        definition = task.task_spec.event_definition
        if not isinstance(definition, TimerEventDefinition):
            continue
        step = attached_task(task)
        stamp = since.get(task.id) or (since.get(step.id) if step is not None else None)
        began = datetime.fromtimestamp(stamp or task.last_state_change, UTC)
        engine = make_script_engine(functions_at(began))
        task.internal_data["event_value"] = engine.evaluate(task, definition.expression)
