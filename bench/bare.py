"""The LĐTT path on SpiffWorkflow alone: no database, no HTTP, a serialise/deserialise per wait.

Only loading uses the application (the bpmn/ files and workflows.engine's parser and
script engine). Two variants: the library's stock serializer, which writes the spec
into every instance, and the application's storage, which keeps the spec out of it.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
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


@dataclass
class Calls:
    """Python calls per completed task (cProfile counts calls: a loaded machine moves time, not
    these), in all and inside SpiffWorkflow and workflows/engine."""

    total: float
    spiff: float
    engine: float


def calls(variant, instances: int) -> Calls:
    run(variant, 1)  # warm: first calls compile scripts and fill caches
    profile = cProfile.Profile()
    result: BareResult = profile.runcall(run, variant, instances)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]

    def inside(part: str) -> float:
        return sum(row[1] for key, row in stats.items() if part in key[0]) / result.completions

    return Calls(
        total=sum(row[1] for row in stats.values()) / result.completions,
        spiff=inside("SpiffWorkflow"),
        engine=inside("workflows/engine"),
    )


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.bare`: tasks/s (best of --repeat runs) and Python calls per completed
    task of both variants, without a database: the engine's own share of a completion."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--instances", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tiny", action="store_true", help="2 instances, one run")
    args = parser.parse_args(argv)
    instances, repeat = (2, 1) if args.tiny else (args.instances, args.repeat)
    print("| variant | tasks/s (best) | calls/task | SpiffWorkflow | workflows/engine | state B |")
    print("|---|---|---|---|---|---|")
    for variant in (Stock(), AppStorage()):
        run(variant, 2)  # warm: first calls compile scripts and fill caches
        best = max((run(variant, instances) for _ in range(repeat)), key=lambda r: r.per_second)
        counted = calls(variant, instances)
        print(
            f"| {variant.label} | {best.per_second:.0f} | {counted.total:.0f} "
            f"| {counted.spiff:.0f} | {counted.engine:.0f} | {best.state_bytes} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
