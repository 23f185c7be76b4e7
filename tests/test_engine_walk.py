"""workflows.engine.walk walks the task tree node for node as SpiffWorkflow 3.2.0's iterators do,
and storage builds and restores every instance with it."""

import itertools
import json

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.util.task import BpmnTaskIterator
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskIterator, TaskState

from scripts.ldtt_path import ENGINE_STEPS, START_DATA
from workflows.engine import steps, storage, walk
from workflows.engine.diagrams import parse, read_diagrams
from workflows.engine.quiet_task import QuietTask
from workflows.engine.scripting import make_script_engine
from workflows.process import functions
from workflows.process.functions import DIAGRAM_FUNCTIONS
from workflows.reference import role_codes

PASSING = {**functions.without_ballots(), "ballot_result": lambda *_: "passed"}

STATES = [
    TaskState.ANY_MASK,
    TaskState.READY,
    TaskState.WAITING,
    TaskState.COMPLETED,
    TaskState.NOT_FINISHED_MASK,
    TaskState.FINISHED_MASK,
    TaskState.PREDICTED_MASK,
    TaskState.DEFINITE_MASK,
    TaskState.READY | TaskState.WAITING,
]
OTHER_FILTERS = [
    {},
    {"manual": True},
    {"manual": False},
    {"spec_class": BoundaryEvent},
    {"lane": "director"},
    {"max_depth": 3},
    {"spec_name": "End"},
]


@pytest.fixture(scope="module")
def runtime():
    diagrams = read_diagrams()
    spec, subprocess_specs = parse(diagrams, role_codes(), functions=DIAGRAM_FUNCTIONS)
    return storage.Runtime(diagrams.content_hash, spec, subprocess_specs, "{}")


def _ldtt_waits(runtime, workflow_class=None):
    """The workflow at each wait of the LĐTT path (ballots, timers, the end)."""
    workflow = runtime.new_workflow(
        {**START_DATA, "proposal_id": 3, "resume_stage": "unit"}, functions.without_ballots()
    )
    if workflow_class is not None:
        workflow = workflow_class(
            runtime.spec, runtime.subprocess_specs, script_engine=make_script_engine(PASSING)
        )
        workflow.data.update({**START_DATA, "proposal_id": 3, "resume_stage": "unit"})
        for task in workflow.get_tasks():
            task.data.update(workflow.data)
    workflow.script_engine = make_script_engine(PASSING)
    workflow.do_engine_steps()
    yield workflow
    for element, data in ENGINE_STEPS:
        task = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
        assert task.task_spec.bpmn_id == element
        task.set_data(**data)
        task.run()
        workflow.do_engine_steps()
        yield workflow


def _same_walks(workflow, starts):
    checked = 0
    for start, state, extra in itertools.product(starts, STATES, OTHER_FILTERS):
        kwargs = {"state": state, **extra}
        ours = [t.id for t in walk.tasks(start, **kwargs)]
        assert ours == [t.id for t in BpmnTaskIterator(start, **kwargs)], kwargs
        if "lane" not in kwargs:  # a BPMN filter: the plain iterator has none
            plain = [t.id for t in walk.tasks(start, bpmn=False, **kwargs)]
            assert plain == [t.id for t in TaskIterator(start, **kwargs)], kwargs
        checked += len(ours)
    return checked


def test_the_walk_is_the_librarys_on_every_wait_of_a_proposal(runtime):
    checked = 0
    for workflow in _ldtt_waits(runtime):
        tree = list(workflow.tasks.values())
        starts = [workflow.task_tree, tree[len(tree) // 2], tree[-1]]
        checked += _same_walks(workflow, starts)
        end_at = tree[len(tree) // 3].task_spec.name
        assert [t.id for t in walk.tasks(workflow.task_tree, end_at_spec=end_at)] == [
            t.id for t in BpmnTaskIterator(workflow.task_tree, end_at_spec=end_at)
        ]
    assert checked > 1000


def test_a_proposal_runs_the_same_path_with_the_librarys_walks(runtime):
    """The library's own classes and walk.Workflow reach the same trees, wait by wait."""

    def shape(workflow):
        tree = [(t.task_spec.name, t.state) for t in TaskIterator(workflow.task_tree)]
        return tree, steps.completed_elements(workflow), workflow.is_completed()

    ours = [shape(w) for w in _ldtt_waits(runtime)]
    theirs = [shape(w) for w in _ldtt_waits(runtime, BpmnWorkflow)]
    assert ours == theirs
    assert len(ours) == len(ENGINE_STEPS) + 1 and ours[-1][2]


def test_storage_restores_the_walking_classes_under_the_librarys_names(runtime):
    workflow = next(iter(_ldtt_waits(runtime)))
    assert type(workflow) is walk.Workflow
    text = storage.dump(workflow)
    assert '"typename":"BpmnWorkflow"' in text
    again = runtime.load(text, functions.without_ballots())
    assert type(again) is walk.Workflow
    assert storage.dump(again) == text


SUBPROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="outer" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:parallelGateway id="split"><bpmn:incoming>f1</bpmn:incoming>
      <bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f3</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:subProcess id="sub"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
      <bpmn:startEvent id="ss"><bpmn:outgoing>g1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:userTask id="inner"><bpmn:incoming>g1</bpmn:incoming>
        <bpmn:outgoing>g2</bpmn:outgoing></bpmn:userTask>
      <bpmn:endEvent id="se"><bpmn:incoming>g2</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="g1" sourceRef="ss" targetRef="inner"/>
      <bpmn:sequenceFlow id="g2" sourceRef="inner" targetRef="se"/>
    </bpmn:subProcess>
    <bpmn:userTask id="beside"><bpmn:incoming>f3</bpmn:incoming>
      <bpmn:outgoing>f5</bpmn:outgoing></bpmn:userTask>
    <bpmn:parallelGateway id="join"><bpmn:incoming>f4</bpmn:incoming>
      <bpmn:incoming>f5</bpmn:incoming><bpmn:outgoing>f6</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:endEvent id="e"><bpmn:incoming>f6</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="split"/>
    <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="sub"/>
    <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="beside"/>
    <bpmn:sequenceFlow id="f4" sourceRef="sub" targetRef="join"/>
    <bpmn:sequenceFlow id="f5" sourceRef="beside" targetRef="join"/>
    <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_subprocesses_are_walked_and_stored_as_the_library_does(runtime):
    parser = SpiffBpmnParser()
    parser.add_bpmn_str(SUBPROCESS.encode())
    spec, subprocess_specs = parser.get_spec("outer"), parser.get_subprocess_specs("outer")
    workflow = walk.Workflow(spec, subprocess_specs, script_engine=make_script_engine())
    workflow.do_engine_steps()
    assert all(type(sub) is walk.SubWorkflow for sub in workflow.subprocesses.values())
    ready = workflow.get_tasks(state=TaskState.READY, manual=True)
    assert sorted(t.task_spec.bpmn_id for t in ready) == ["beside", "inner"]
    sub_roots = [sub.task_tree for sub in workflow.subprocesses.values()]
    _same_walks(workflow, [workflow.task_tree, *sub_roots])
    for kwargs in ({"skip_subprocesses": True}, {"state": TaskState.COMPLETED}):
        assert [t.id for t in walk.tasks(workflow.task_tree, **kwargs)] == [
            t.id for t in BpmnTaskIterator(workflow.task_tree, **kwargs)
        ]
    # through storage (spec included: this diagram is no stored version), then to the end;
    # the subprocess is written and read as the library's own serializer does it
    stock = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    stock.registry.typenames.update(
        {walk.Workflow: "BpmnWorkflow", walk.SubWorkflow: "BpmnSubWorkflow", QuietTask: "Task"}
    )
    written = storage.SERIALIZER.to_dict(workflow)
    assert json.dumps(written) == json.dumps(stock.to_dict(workflow)) and written["subprocesses"]
    restored = storage.SERIALIZER.from_dict(storage.SERIALIZER.to_dict(workflow))
    again = stock.to_dict(stock.from_dict(storage.SERIALIZER.to_dict(workflow)))
    assert json.dumps(storage.SERIALIZER.to_dict(restored)) == json.dumps(again)
    assert type(restored) is walk.Workflow
    assert all(type(sub) is walk.SubWorkflow for sub in restored.subprocesses.values())
    restored.script_engine = make_script_engine()
    for task in restored.get_tasks(state=TaskState.READY, manual=True):
        task.run()
        restored.do_engine_steps()
    assert restored.is_completed()
    assert steps.completed_elements(restored)[-1] == "e"
