"""How an instance's state is written and read: SpiffWorkflow 3.2.0's converters for a workflow,
its subworkflows and its tasks, writing the library's own format with less work, and restoring
onto spec objects a process has built once (workflows.engine.storage configures them).
"""

from __future__ import annotations

from copy import copy
from functools import lru_cache
from operator import attrgetter
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnSubWorkflowConverter,
    BpmnWorkflowConverter,
    TaskConverter,
)
from SpiffWorkflow.bpmn.serializer.helpers.bpmn_converter import BpmnConverter
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.util.subworkflow import BpmnSubWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from workflows.engine.quiet_task import QuietTask
from workflows.engine.walk import SubWorkflow, Workflow

SPEC_KEYS = ("spec", "subprocess_specs")

#: a task id's text to its UUID, one object per id: parsing is pure, and a task's parent and
#: children then hold the very keys of `workflow.tasks`, so each lookup matches by identity
_uuid = lru_cache(maxsize=1 << 14)(UUID)


class TaskStateConverter(TaskConverter):
    """TaskConverter of SpiffWorkflow 3.2.0: the same dict written and read, with less work.

    Loading a task looked its parent up in the workflow (hashing a UUID each time) three times,
    parsed every id string again wherever it appears (key, id, parent, children), and copied
    the parent's data through DeepMerge into an empty dict; a load is ~45 tasks. A task is now
    built with the attributes `Task.__init__` gives it, without the constructor's lookups
    (its parent, a new id, the clock), and the workflow converters below call this one
    directly instead of through the registry's dispatch.
    """

    def __init__(self, target_class: type, registry: Any, typename: str | None = None):
        super().__init__(target_class, registry, typename)
        # the workflow converters find this one here (they are built from the same config)
        registry.tdkt_task_converter = self
        # tasks are restored as QuietTasks, written under the library's typename
        self.target_class = QuietTask
        registry.typenames[QuietTask] = self.typename

    def to_dict(self, task: Task) -> dict[str, Any]:
        parent_id = task._parent
        parent = task.workflow.tasks.get(parent_id) if parent_id is not None else None
        if parent is None:
            data: dict[str, Any] = task.data
            delta: dict[str, Any] = {}
        else:
            # DeepMerge.get_updated_keys and get_deleted_keys, with the parent found once
            before, after = parent.data, task.data
            data = {}
            delta = {
                "updates": {k: v for k, v in after.items() if k not in before or v != before[k]},
                "deletions": [k for k in before if k not in after],
            }
        internal = task.internal_data
        return {
            "id": _text(task.id.int),
            "parent": _text(parent_id.int) if parent is not None else None,
            "children": list(map(_text, map(_number, task._children))),
            "last_state_change": task.last_state_change,
            "state": task._state,
            "task_spec": task.task_spec.name,
            "triggered": task.triggered,
            # converting an empty dict gives a new empty dict
            "internal_data": self.registry.convert(internal)
            if internal or type(internal) is not dict
            else {},
            "data": data,
            "delta": delta,
        }

    def from_dict(
        self, dct: dict[str, Any], workflow: BpmnWorkflow, loaded: dict[str, Task] | None = None
    ) -> Task:
        """`loaded`: the tasks of this load so far by their id's text, where the parent of a
        task is found without hashing its UUID again (the library writes parents first)."""
        task_spec = workflow.spec.task_specs.get(dct["task_spec"])
        task_id = _uuid(dct["id"])
        cls = self.target_class
        if task_spec is None or cls is not QuietTask:
            # the constructor puts a StartTask in place of a missing spec
            task: Task = cls(workflow, task_spec, state=dct["state"], id=task_id)
        else:
            # Task.__init__ of SpiffWorkflow 3.2.0 for a task without a parent (its parent
            # and clock are set just below), attribute for attribute
            task = _new_task(QuietTask)
            task.id = task_id
            workflow.tasks[task_id] = task
            task.workflow = workflow
            task._state = dct["state"]
            task.task_spec = task_spec
            task.thread_id = QuietTask.thread_id_pool
        parent_text = dct["parent"]
        task._parent = parent_id = _uuid(parent_text) if parent_text is not None else None
        task._children = list(map(_uuid, dct["children"]))
        task.last_state_change = dct["last_state_change"]
        task.triggered = dct["triggered"]
        internal = dct["internal_data"]
        # _restore, inlined: most tasks hold an empty dict here
        restore = self.registry.restore
        task.internal_data = restore(internal) if internal or type(internal) is not dict else {}
        if task._state & _WAITING and isinstance(task_spec, CatchingEvent):
            workflow.top_workflow.event_manager.add_task(task)
        if loaded is not None:
            loaded[dct["id"]] = task
        delta: dict[str, Any] = dct.get("delta") or {}
        parent = None
        if delta and parent_id is not None:
            if loaded is not None:
                parent = loaded.get(parent_text)
            if parent is None:
                parent = workflow.tasks.get(parent_id)
        if parent is not None:
            # DeepMerge.merge({}, parent.data): each value, mutable containers copied once
            # (a plain dict, list or set by its own copy, as copy.copy does it); most values
            # are texts and numbers, known by their type without an isinstance call. The
            # deleted keys are left out of the copy rather than popped one by one after it.
            deleted = delta.get("deletions") or ()
            gone = frozenset(deleted) if deleted else _NONE
            data = {
                k: v
                if type(v) in _ATOMS
                else v.copy()
                if type(v) in _MUTABLE
                else copy(v)
                if isinstance(v, _MUTABLE)
                else v
                for k, v in parent.data.items()
                if k not in gone
            }
            updates = delta.get("updates")
            if updates:
                data.update(restore(updates))
                # a key both updated and deleted ends deleted, as when popped after the update
                for key in gone.intersection(updates) if deleted else ():
                    data.pop(key, None)
        else:
            data = self._restore(dct["data"])
        task.data = data
        return task

    def _restore(self, value: Any) -> Any:
        # Most tasks hold empty dicts here: a new empty dict is what restoring one gives.
        return self.registry.restore(value) if value or type(value) is not dict else {}


_MUTABLE = (dict, list, set)
#: the task classes written by TaskStateConverter.to_dict directly
_DIRECT = (Task, QuietTask)
_NONE: frozenset[str] = frozenset()
#: types that are none of _MUTABLE's (exact types: a subclass of str could be a list's too)
_ATOMS = frozenset({str, int, float, bool, type(None)})


#: a task id's text from its number, for the ids written at every save (each task's own, its
#: parent's, its children's): UUID.__str__ formats the number again each time
_number = attrgetter("int")


@lru_cache(maxsize=1 << 14)
def _text(number: int) -> str:
    # uuid.UUID.__str__ (Python 3.11), from the number alone
    h = f"{number:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_WAITING: int = TaskState.WAITING
_new_task = object.__new__


def _tasks_to_dict(converter: BpmnConverter, workflow: Any) -> dict[str, Any]:
    """`converter.mapping_to_dict(workflow.tasks)`, with each task written by the task
    converter directly (the registry would dispatch on its class: three calls a task)."""
    tasks: dict[str, Task] = workflow.tasks
    registry = converter.registry
    direct = getattr(registry, "tdkt_task_converter", None)
    if direct is None:
        written: dict[str, Any] = converter.mapping_to_dict(tasks)
        return written
    typename = direct.typename
    out = {}
    for task in tasks.values():
        if type(task) not in _DIRECT:
            out[str(task.id)] = registry.convert(task)
            continue
        dct = direct.to_dict(task)
        dct["typename"] = typename
        out[dct["id"]] = dct
    return out


def _tasks_from_dict(converter: BpmnConverter, tasks: dict[str, Any], workflow: Any) -> None:
    """`workflow.tasks = converter.mapping_from_dict(tasks, UUID, workflow=workflow)`, each
    task read by the task converter directly; a task registers itself in `workflow.tasks` as
    it is built, in the same order."""
    direct = getattr(converter.registry, "tdkt_task_converter", None)
    if direct is None or {t.get("typename") for t in tasks.values()} - {direct.typename}:
        workflow.tasks = converter.mapping_from_dict(tasks, _uuid, workflow=workflow)
        return
    loaded: dict[str, Task] = {}
    for dct in tasks.values():
        direct.from_dict(dct, workflow, loaded)


class SharedSpecConverter(BpmnWorkflowConverter):
    """Restores a workflow onto spec objects that are already built.

    The library rebuilds the whole spec from its dict on every load; a version's
    spec never changes, so it is built once per process and reused.

    Restored as workflows.engine.walk's Workflow (the library's class with cheaper tree walks),
    written under the library's typename, so the stored text stays the library's.
    """

    def __init__(self, target_class: type, registry: Any, typename: str | None = None):
        super().__init__(target_class, registry, typename)
        self.target_class = Workflow
        registry.typenames[Workflow] = self.typename

    def from_dict(self, dct: dict[str, Any]) -> BpmnWorkflow:
        spec = dct.get("spec")
        if isinstance(spec, dict):
            restored: BpmnWorkflow = super().from_dict(dct)
            return restored
        dct.pop("spec")
        workflow = self.target_class(spec, dct.pop("subprocess_specs"), deserializing=True)
        _tasks_from_dict(self, dct["tasks"], workflow)
        workflow.task_tree = workflow.tasks.get(_uuid(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


class SubWorkflowConverter(BpmnSubWorkflowConverter):
    """The library's subprocess converter, restoring walk.SubWorkflow under its typename, its
    tasks written and read by the task converter directly as the top workflow's are."""

    def __init__(self, target_class: type, registry: Any, typename: str | None = None):
        super().__init__(target_class, registry, typename)
        self.target_class = SubWorkflow
        registry.typenames[SubWorkflow] = self.typename

    def to_dict(self, workflow: BpmnSubWorkflow) -> dict[str, Any]:
        # BpmnSubWorkflowConverter.to_dict of SpiffWorkflow 3.2.0, key for key
        return {
            **_workflow_to_dict(self, workflow),
            "parent_task_id": str(workflow.parent_task_id),
            "spec": workflow.spec.name,
        }

    def from_dict(self, dct: dict[str, Any], task: Task, top_workflow: BpmnWorkflow) -> Any:
        # BpmnSubWorkflowConverter.from_dict of SpiffWorkflow 3.2.0
        spec = top_workflow.subprocess_specs.get(task.task_spec.spec)
        subprocess = self.target_class(spec, task.id, top_workflow, deserializing=True)
        _tasks_from_dict(self, dct["tasks"], subprocess)
        subprocess.task_tree = subprocess.tasks.get(_uuid(dct["root"]))
        self.set_default_attributes(subprocess, dct)
        return subprocess


class StateOnlyConverter(SharedSpecConverter):
    """Writes a workflow without its spec, which is stored once per version.

    The library's converter writes the whole spec (~40 KB of JSON) into every
    instance; converting it only to drop it again was most of the cost of a save.
    """

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        # BpmnWorkflowConverter.to_dict of SpiffWorkflow 3.2.0, less "spec" and "subprocess_specs"
        # (WorkflowConverter.to_dict, with the tasks written directly).
        dct = _workflow_to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct


def _workflow_to_dict(converter: BpmnConverter, workflow: Any) -> dict[str, Any]:
    """The keys a workflow and a subworkflow share, in the library's order (WorkflowConverter
    .to_dict of SpiffWorkflow 3.2.0, with the tasks written directly)."""
    registry = converter.registry
    last_task = workflow.last_task
    return {
        "data": registry.convert(registry.clean(workflow.data)),
        "correlations": workflow.correlations,
        "last_task": str(last_task.id) if last_task is not None else None,
        "success": workflow.success,
        "completed": workflow.completed,
        "tasks": _tasks_to_dict(converter, workflow),
        "root": str(workflow.task_tree.id),
    }
