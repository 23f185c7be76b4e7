"""A loop's instances merge into it in any process, not only the one that opened the loop.

Each process (a gunicorn worker, the background worker, a restarted one) parses the diagrams
once and loads instances onto those specs (workflows.engine.storage): SpiffWorkflow 3.2.0
wires a multi-instance task to its instances' completion only when it creates them, or when it
deserializes a spec, which a parsed spec never is.
"""

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.util.task import TaskState

from scripts.ldtt_path import ENGINE_STEPS, START_DATA
from workflows.engine import storage
from workflows.engine.diagrams import for_process, parse, process_ids, read_diagrams
from workflows.engine.scripting import make_script_engine
from workflows.process import functions
from workflows.process.functions import DIAGRAM_FUNCTIONS
from workflows.reference import role_codes

PASSING = {**functions.without_ballots(), "ballot_result": lambda *_: "passed"}


def _another_process() -> storage.Runtime:
    # what a process that has run nothing yet holds: the diagrams parsed afresh
    diagrams = read_diagrams()
    spec, subprocess_specs = parse(diagrams, role_codes(), functions=DIAGRAM_FUNCTIONS)
    return storage.Runtime(diagrams.content_hash, spec, subprocess_specs, "{}")


def test_every_step_of_the_ldtt_path_in_a_process_of_its_own():
    workflow = _another_process().new_workflow(
        {**START_DATA, "resume_stage": "unit"}, functions.without_ballots()
    )
    workflow.do_engine_steps()
    state = storage.dump(workflow)
    for element, data in ENGINE_STEPS:
        workflow = _another_process().load(state, functions.without_ballots())
        workflow.script_engine = make_script_engine(PASSING)
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        assert ready, f"nothing waits for a person where {element} should"
        assert ready[0].task_spec.bpmn_id == element
        ready[0].set_data(**data)
        ready[0].run()
        workflow.do_engine_steps()
        state = storage.dump(workflow)
    assert workflow.is_completed()


def test_each_process_s_loops_are_wired_to_their_instances():
    diagrams = read_diagrams()
    loops = 0
    for process_id in process_ids(diagrams):
        spec, subprocess_specs = parse(
            for_process(diagrams, process_id), role_codes(), functions=DIAGRAM_FUNCTIONS
        )
        for process in (spec, *subprocess_specs.values()):
            for task_spec in process.task_specs.values():
                if isinstance(task_spec, LoopTask):
                    loops += 1
                    instance = process.task_specs[task_spec.task_spec]
                    assert instance.completed_event.is_connected(task_spec.merge_child)
    # the councils of proposal.bpmn and the two rounds of bloc_scoring.bpmn
    assert loops == 4
