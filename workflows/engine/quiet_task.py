"""SpiffWorkflow 3.2.0's Task, building its log record only when its log would take it.

Every state change logs at INFO with an `extra` dict built first, whether or not the logger is
on: the workflow's and spec's names, the state's name twice, the parent looked up twice (a UUID
hashed each time), the clock read twice. About fifteen state changes make one completion of the
LĐTT path; tdkt does not log the library at INFO. Here the record is built, identical, only
when `spiff.task` is enabled for its level.

A task's children are made of this class too, so a whole tree is; walk.Workflow turns the
tasks the library's constructor makes (a new instance's first ones) into it, and storage
restores every task as it, written under the library's typename.
"""

from __future__ import annotations

import logging
import time

from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.specs.base import TaskSpec
from SpiffWorkflow.task import Task
from SpiffWorkflow.task import logger as _log
from SpiffWorkflow.util.task import TaskState

_PREDICTED: int = TaskState.PREDICTED_MASK
_READY: int = TaskState.READY
_MAYBE: int = TaskState.MAYBE
_INFO = logging.INFO
_DEBUG = logging.DEBUG


class QuietTask(Task):
    """Task with `_set_state` and `_add_child` of SpiffWorkflow 3.2.0, less the log records
    nobody reads."""

    # what Task.__init__ sets, for the type checker (annotations only: no class attribute)
    _state: int
    last_state_change: float

    def _set_state(self, value: int) -> None:
        if value != self._state:
            before = self.last_state_change
            self.last_state_change = now = time.time()
            self._state = value
            if _log.isEnabledFor(_INFO):
                _log.info(
                    f"State changed to {TaskState.get_name(value)}",
                    extra=self.collect_log_extras({"elapsed": now - before}),
                )
        elif _log.isEnabledFor(_DEBUG):
            _log.debug(f"State set to {TaskState.get_name(value)}", extra=self.collect_log_extras())

    def _add_child(self, task_spec: TaskSpec, state: int = _MAYBE) -> Task:
        if self._state & _PREDICTED and state & _PREDICTED == 0:
            raise WorkflowException(
                "Attempt to add non-predicted child to predicted task", task_spec=self.task_spec
            )
        task = QuietTask(self.workflow, task_spec, self, state=state)
        task.thread_id = self.thread_id
        if state == _READY:
            task._ready()
        return task


def make_quiet(tasks: dict[object, Task]) -> None:
    """Turn the library's own tasks among `tasks` into QuietTasks (the same object, its class
    changed: the class adds no attribute)."""
    for task in tasks.values():
        if type(task) is Task:
            task.__class__ = QuietTask
