"""The LĐTT path on SpiffWorkflow alone: no database, no HTTP, a serialise/deserialise per wait.

Only loading uses the application (the bpmn/ files and workflows.engine's parser and
script engine). Two variants: the library's stock serializer, which writes the spec
into every instance, and the application's storage, which keeps the spec out of it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from bench.ldtt import END_DECIDED
from scripts.ldtt_path import ENGINE_STEPS, START_DATA
from workflows.engine import steps, storage
from workflows.engine.diagrams import parse, read_diagrams
from workflows.engine.scripting import make_script_engine
from workflows.process import functions
from workflows.reference import role_codes

#: the diagram functions, with every council passing its ballot
PASSING = {**functions.without_ballots(), "ballot_result": lambda *_: "passed"}


@dataclass
class BareResult:
    label: str
    completions: int
    seconds: float
    latencies: list[float]
    state_bytes: int

    @property
    def per_second(self) -> float:
        return self.completions / self.seconds


class Stock:
    """BpmnWorkflowSerializer as its documentation shows it: spec included."""

    label = "bare SpiffWorkflow, stock serializer (spec in every instance)"

    def __init__(self) -> None:
        self.spec, self.subprocess_specs = parse(
            read_diagrams(), role_codes(), functions=functions.DIAGRAM_FUNCTIONS
        )
        self.serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))

    def new(self, data: dict) -> BpmnWorkflow:
        workflow = BpmnWorkflow(
            self.spec,
            self.subprocess_specs,
            script_engine=make_script_engine(functions.without_ballots()),
        )
        workflow.data.update(data)
        for task in workflow.get_tasks():
            task.data.update(data)
        return workflow

    def dump(self, workflow: BpmnWorkflow) -> str:
        return self.serializer.serialize_json(workflow)

    def load(self, state: str) -> BpmnWorkflow:
        workflow = self.serializer.deserialize_json(state)
        workflow.script_engine = make_script_engine(functions.without_ballots())
        return workflow


class AppStorage:
    """workflows.engine.storage: the spec kept once per version, put back on load."""

    label = "bare SpiffWorkflow, the app's storage (spec stored once)"

    def __init__(self) -> None:
        diagrams = read_diagrams()
        spec, subprocess_specs = parse(
            diagrams, role_codes(), functions=functions.DIAGRAM_FUNCTIONS
        )
        self.runtime = storage.Runtime(diagrams.content_hash, spec, subprocess_specs, "{}")

    def new(self, data: dict) -> BpmnWorkflow:
        return self.runtime.new_workflow(data, functions.without_ballots())

    def dump(self, workflow: BpmnWorkflow) -> str:
        return storage.dump(workflow)

    def load(self, state: str) -> BpmnWorkflow:
        return self.runtime.load(state, functions.without_ballots())


def run(variant, instances: int) -> BareResult:
    latencies: list[float] = []
    state_bytes = 0
    t_start = time.perf_counter()
    for n in range(instances):
        workflow = variant.new({**START_DATA, "proposal_id": n + 1, "resume_stage": "unit"})
        workflow.do_engine_steps()
        state = variant.dump(workflow)
        state_bytes = max(state_bytes, len(state.encode()))
        for element, data in ENGINE_STEPS:
            t0 = time.perf_counter()
            workflow = variant.load(state)
            # No database here: the council's ballot box is taken to have passed everyone.
            workflow.script_engine = make_script_engine(PASSING)
            ready = workflow.get_tasks(state=TaskState.READY, manual=True)
            # A council's step waits on one ballot per member: they are completed one by one.
            if not ready or any(t.task_spec.bpmn_id != element for t in ready):
                raise RuntimeError(f"expected to wait at {element}, found {ready}")
            ready[0].set_data(**data)
            ready[0].run()
            workflow.do_engine_steps()
            state = variant.dump(workflow)
            latencies.append(time.perf_counter() - t0)
        if steps.reached_end_event(workflow) != END_DECIDED:
            raise RuntimeError(f"instance {n} ended at {steps.reached_end_event(workflow)}")
    seconds = time.perf_counter() - t_start
    return BareResult(variant.label, len(latencies), seconds, latencies, state_bytes)
