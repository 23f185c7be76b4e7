"""The script engine the diagrams run with.

Gateway conditions, DMN cells, scripts and timer expressions are Python evaluated by
SpiffWorkflow. A diagram is code, so every text is checked against the whitelist of
workflows.engine.expressions before it runs (whatever spec it came from: a file, a database
row), the environment offers the few builtins the diagrams need, no way to import, and the
functions the application injects when it loads an instance (workflows.process.functions:
`due_at`, `ballot_result`), each sealed so that it carries no module's globals. This package
knows none of them: it imports SpiffWorkflow only.
"""

import ast
import builtins
import types
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

from workflows.engine.expressions import EVAL, EXEC, UnsafeExpression, check, verdict

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


class CheckedEnvironment(TaskDataEnvironment):
    """The library's environment, refusing any text outside the whitelist before it runs:
    the check at load covers the files, this one whatever spec an instance was built from.

    A text that passes is run compiled once per process (`eval`/`exec` of a string compiles it
    at every call: ~50 times per completed step, the same few hundred texts for every
    proposal), and a literal (most DMN output cells: a code, a sentence) is its value; the
    check still runs before every evaluation, its verdict cached per text."""

    def __init__(self, environment_globals: dict[str, Any]):
        super().__init__(environment_globals)
        self.callables = frozenset(SAFE_BUILTINS) | frozenset(
            name for name in environment_globals if name != "__builtins__"
        )

    def evaluate(
        self, expression: Any, context: dict[str, Any], external_context: Any = None
    ) -> Any:
        if not isinstance(expression, str):
            raise TypeError("diagram expressions are evaluated from their text only")
        refusal = verdict(expression, self.callables, EVAL)  # check(), inlined
        if refusal is not None:
            raise UnsafeExpression(*refusal)
        code, is_literal, value = _prepared(expression)
        if is_literal:
            return value
        # TaskDataEnvironment.evaluate of SpiffWorkflow 3.2.0, with the compiled text (its
        # _prepare_context does nothing, and copy.copy of a dict is its copy()).
        my_globals = self.globals.copy()
        my_globals.update(external_context or {})
        my_globals.update(context)
        return eval(code, my_globals)

    def execute(self, script: Any, context: dict[str, Any], external_context: Any = None) -> Any:
        if not isinstance(script, str):
            raise TypeError("diagram scripts are run from their text only")
        check(script, self.callables, EXEC)
        # TaskDataEnvironment.execute of SpiffWorkflow 3.2.0, with the compiled text (as above).
        self.check_for_overwrite(context, external_context or {})
        my_globals = self.globals.copy()
        my_globals.update(external_context or {})
        context.update(my_globals)
        try:
            exec(compiled(script, EXEC), context)
        finally:
            self._remove_globals_and_functions_from_context(context, external_context)
        return True


@lru_cache(maxsize=4096)
def compiled(text: str, mode: str) -> types.CodeType:
    """`text` compiled as eval and exec would compile it (a SyntaxError is raised the same)."""
    return compile(text, "<string>", mode)


@lru_cache(maxsize=4096)
def _prepared(text: str) -> tuple[types.CodeType, bool, Any]:
    """The expression compiled, and whether it is a literal with the literal's value (an
    immutable constant: str, number, bool, None)."""
    code = compiled(text, EVAL)
    body = ast.parse(text, mode="eval").body
    if isinstance(body, ast.Constant):
        return code, True, body.value
    return code, False, None


def sealed(function: Callable[..., object]) -> Callable[..., object]:
    """`function` behind a plain function whose globals are empty and which is no bound
    method: `f.__globals__` and `f.__func__` lead nowhere (attributes are refused by the
    whitelist anyway; this is the second wall)."""
    if getattr(function, "__tdkt_sealed__", False):
        return function

    def call(*args: object, **kwargs: object) -> object:
        return function(*args, **kwargs)

    wall = types.FunctionType(
        call.__code__,
        {"__builtins__": {}},
        getattr(function, "__name__", "f"),
        None,
        call.__closure__,
    )
    wall.__tdkt_sealed__ = True  # type: ignore[attr-defined]
    return wall


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
        environment=CheckedEnvironment(
            {"__builtins__": SAFE_BUILTINS, **{k: sealed(f) for k, f in offered.items()}}
        )
    )
