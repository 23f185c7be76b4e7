"""quiet_task.QuietTask logs what SpiffWorkflow 3.2.0's Task logs, and builds no record while
its logger is off."""

import copy
import logging

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from scripts.ldtt_path import ENGINE_STEPS, START_DATA
from workflows.engine import storage
from workflows.engine.diagrams import parse, read_diagrams
from workflows.engine.quiet_task import QuietTask
from workflows.engine.scripting import make_script_engine
from workflows.process import functions
from workflows.process.functions import DIAGRAM_FUNCTIONS
from workflows.reference import role_codes

PASSING = {**functions.without_ballots(), "ballot_result": lambda *_: "passed"}
START = {**START_DATA, "proposal_id": 5, "resume_stage": "unit"}


@pytest.fixture(scope="module")
def runtime():
    diagrams = read_diagrams()
    spec, subprocess_specs = parse(diagrams, role_codes(), functions=DIAGRAM_FUNCTIONS)
    return storage.Runtime(diagrams.content_hash, spec, subprocess_specs, "{}")


def _run_path(runtime, library: bool) -> None:
    """The LĐTT path, on the library's classes or on the application's, reloaded at each wait."""
    if library:
        workflow = BpmnWorkflow(
            runtime.spec, runtime.subprocess_specs, script_engine=make_script_engine(PASSING)
        )
        workflow.data.update(START)
        for task in workflow.get_tasks():
            task.data.update(START)
    else:
        workflow = runtime.new_workflow(START, PASSING)
        assert all(type(t) is QuietTask for t in workflow.tasks.values())
    workflow.do_engine_steps()
    for element, data in ENGINE_STEPS:
        if not library:
            workflow = runtime.load(storage.dump(workflow), PASSING)
            assert all(type(t) is QuietTask for t in workflow.tasks.values())
        task = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
        assert task.task_spec.bpmn_id == element
        task.set_data(**data)
        task.run()
        workflow.do_engine_steps()
    assert workflow.is_completed()


class _Snapshots(logging.Handler):
    """Each record as it is emitted (its data is the task's live dict, changed later; a
    reloaded task holds the same keys in another order)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[tuple] = []

    def emit(self, record: logging.LogRecord) -> None:
        extras = ("workflow_spec", "task_spec", "task_type", "state", "data")
        self.seen.append(
            (record.levelno, record.getMessage())
            + tuple(copy.deepcopy(getattr(record, key)) for key in extras)
            # internal data holds task ids, new in each run
            + (sorted(record.internal_data), type(record.elapsed), record.parent is None)
        )


def _records(runtime, library: bool) -> list[tuple]:
    logger = logging.getLogger("spiff.task")
    handler, level = _Snapshots(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        _run_path(runtime, library)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return handler.seen


def test_a_proposal_logs_every_state_change_as_the_library_does(runtime):
    ours, theirs = _records(runtime, False), _records(runtime, True)
    assert len(theirs) > 100
    assert ours == theirs


def test_no_log_record_is_built_while_the_log_is_off(runtime, monkeypatch):
    assert not logging.getLogger("spiff.task").isEnabledFor(logging.INFO)

    def refused(*_args, **_kwargs):
        raise AssertionError("a log record was built for a logger that is off")

    monkeypatch.setattr(QuietTask, "collect_log_extras", refused)
    _run_path(runtime, False)
