"""state_converters.TaskStateConverter writes and reads what SpiffWorkflow 3.2.0's TaskConverter
does."""

import json
from datetime import datetime

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from scripts.ldtt_path import ENGINE_STEPS, START_DATA
from workflows.engine import state_converters, storage
from workflows.engine.diagrams import parse, read_diagrams
from workflows.engine.quiet_task import QuietTask
from workflows.engine.scripting import make_script_engine
from workflows.process import functions
from workflows.process.functions import DIAGRAM_FUNCTIONS
from workflows.reference import role_codes

#: the library's converters for tasks, with the application's spec handling around them
STOCK_WRITE = BpmnWorkflowSerializer(
    BpmnWorkflowSerializer.configure(
        {**SPIFF_CONFIG, BpmnWorkflow: state_converters.StateOnlyConverter}
    )
)
STOCK_READ = BpmnWorkflowSerializer(
    BpmnWorkflowSerializer.configure(
        {**SPIFF_CONFIG, BpmnWorkflow: state_converters.SharedSpecConverter}
    )
)
# the application's tasks are the library's Task with quieter logging (quiet_task.py)
STOCK_WRITE.registry.typenames[QuietTask] = "Task"

#: the diagram functions, with every council passing its ballot
PASSING = {**functions.without_ballots(), "ballot_result": lambda *_: "passed"}


@pytest.fixture(scope="module")
def runtime():
    diagrams = read_diagrams()
    spec, subprocess_specs = parse(diagrams, role_codes(), functions=DIAGRAM_FUNCTIONS)
    return storage.Runtime(diagrams.content_hash, spec, subprocess_specs, "{}")


def _states(runtime) -> list[BpmnWorkflow]:
    """The LĐTT path's wait states, as dumped: mid-ballot ones hold a multi-instance task,
    per-member data deltas, internal data and waiting boundary timers."""
    workflow = runtime.new_workflow(
        {**START_DATA, "proposal_id": 3, "resume_stage": "unit"}, functions.without_ballots()
    )
    workflow.do_engine_steps()
    states = [storage.dump(workflow)]
    for element, data in ENGINE_STEPS:
        workflow = runtime.load(states[-1], functions.without_ballots())
        workflow.script_engine = make_script_engine(PASSING)
        task = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
        assert task.task_spec.bpmn_id == element
        task.set_data(**data)
        task.run()
        workflow.do_engine_steps()
        states.append(storage.dump(workflow))
    return states


def _stock_dump(workflow) -> str:
    text = STOCK_WRITE.serialize_json(workflow)
    return json.dumps(json.loads(text), separators=(",", ":"))


def _stock_load(runtime, text: str) -> BpmnWorkflow:
    dct = json.loads(text)
    dct.pop(STOCK_READ.VERSION_KEY)
    dct["spec"], dct["subprocess_specs"] = runtime.spec, runtime.subprocess_specs
    return STOCK_READ.from_dict(dct)


def _view(workflow) -> list:
    return [
        (
            str(t.id),
            str(t._parent),
            [str(c) for c in t._children],
            t.state,
            t.task_spec.name,
            t.triggered,
            t.last_state_change,
            t.internal_data,
            t.data,
            # what Task.__init__ gives a task, and nothing else
            sorted(vars(t)),
            t.thread_id,
        )
        for t in workflow.tasks.values()
    ] + [sorted(str(t.id) for t in workflow.event_manager.tasks.values()), workflow.data]


def test_every_wait_state_writes_and_reads_as_the_library_does(runtime):
    states = _states(runtime)
    assert any("council_vote [child]" in s for s in states)
    for text in states:
        ours, stock = runtime.load(text, functions.without_ballots()), _stock_load(runtime, text)
        assert _view(ours) == _view(stock)
        assert storage.dump(ours) == text == _stock_dump(stock)


def test_deleted_keys_and_values_the_encoder_converts_round_trip(runtime):
    workflow = runtime.new_workflow(
        {**START_DATA, "proposal_id": 4, "resume_stage": "unit"}, functions.without_ballots()
    )
    workflow.do_engine_steps()
    ready = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
    # A child's data differs from its parent's by an update, a nested value and a deletion.
    ready.data.pop("year")
    ready.data.update(when=datetime(2025, 12, 5, 8, 30), route={"a": [1, {"b": 2}]})
    text = storage.dump(workflow)
    assert text == _stock_dump(workflow)
    ours, stock = runtime.load(text, functions.without_ballots()), _stock_load(runtime, text)
    assert _view(ours) == _view(stock)
    loaded = ours.get_task_from_id(ready.id)
    assert "year" not in loaded.data and loaded.data["when"] == datetime(2025, 12, 5, 8, 30)
    # A child's copy of a container is its own: changing it leaves the parent's alone.
    loaded.parent.data.setdefault("dept_council_members", []).append(99)
    assert 99 not in loaded.data["dept_council_members"]
