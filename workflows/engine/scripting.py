"""The script engine the diagrams run with.

Gateway conditions, DMN cells, scripts and timer expressions are Python evaluated by
SpiffWorkflow. Diagrams come only from the repository, but a diagram is still code, so the
environment offers the few builtins the diagrams need, no way to import, and the functions the
application injects when it loads an instance (workflows.process.functions: `due_at`,
`ballot_result`). This package knows none of them: it imports SpiffWorkflow only.
"""

import builtins
from collections.abc import Callable, Mapping

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

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


def make_script_engine(
    functions: Mapping[str, Callable[..., object]] | None = None,
) -> PythonScriptEngine:
    """An engine offering the safe builtins and `functions` (name → callable) to expressions.

    A diagram that calls a function it was not given fails with a NameError naming it."""
    offered = dict(functions or {})
    clash = set(offered) & set(SAFE_BUILTINS) | {"__builtins__"} & set(offered)
    if clash:
        raise ValueError(f"diagram functions shadow builtins: {sorted(clash)}")
    return PythonScriptEngine(
        environment=TaskDataEnvironment({"__builtins__": SAFE_BUILTINS, **offered})
    )
