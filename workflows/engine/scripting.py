"""The script engine the diagrams run with.

Gateway conditions, DMN cells and scripts are Python evaluated by SpiffWorkflow.
Diagrams come only from the repository, but a diagram is still code, so the
environment offers the few builtins the diagrams need and no way to import.
"""

import builtins

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


def make_script_engine() -> PythonScriptEngine:
    return PythonScriptEngine(environment=TaskDataEnvironment({"__builtins__": SAFE_BUILTINS}))
