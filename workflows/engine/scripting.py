"""The script engine the diagrams run with.

Gateway conditions, DMN cells, scripts and timer expressions are Python evaluated by
SpiffWorkflow. Diagrams come only from the repository, but a diagram is still code, so the
environment offers the few builtins the diagrams need, no way to import, and one function
of the application: `due_at(step, which)`, the ISO moment of a step's reminder or deadline
(workflows.deadlines.due_dates), for the timeDate of the boundary timers.
"""

import builtins
from collections.abc import Callable

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

from workflows.deadlines.due_dates import DeadlineContext

_ALLOWED = (
    "abs",
    "all",
    "any",
    "bool",
    "dict",
    "float",
    "int",
    "len",
    "list",
    "max",
    "min",
    "round",
    "set",
    "sorted",
    "str",
    "sum",
    "tuple",
)
SAFE_BUILTINS = {name: getattr(builtins, name) for name in _ALLOWED}
#: the application's functions a diagram may call, besides the builtins above
DIAGRAM_FUNCTIONS = ("due_at", "ballot_result")


def make_script_engine(
    deadlines: DeadlineContext | None = None, ballot_result: Callable[..., str] | None = None
) -> PythonScriptEngine:
    """An engine whose due_at reads `deadlines`: the rules and the province's calendar, given
    by the caller (whose calendar reads the province's exceptions once, when first needed).
    Without it, the rules and the official calendar alone. `ballot_result(stage, proposal_id,
    round)` is the outcome of a council's ballot box (workflows.council.ballots.BallotResults)."""
    context = deadlines or DeadlineContext()
    functions = {"due_at": context.due_at, "ballot_result": ballot_result or _no_ballot_boxes}
    return PythonScriptEngine(
        environment=TaskDataEnvironment({"__builtins__": SAFE_BUILTINS, **functions})
    )


def _no_ballot_boxes(stage, proposal_id, round_):
    raise RuntimeError("ballot_result: this engine was made without the ballot boxes")
