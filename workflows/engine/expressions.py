"""Which Python a diagram may hold: a whitelist over the parsed expression.

Gateway conditions, timer expressions, scripts and DMN cells are Python that SpiffWorkflow runs
with `eval`/`exec`. Restricting `__builtins__` is not enough: one attribute climbs from any
object to its class, the subclasses of `object` and a module's globals
(`().__class__.__bases__[0].__subclasses__()`, `due_at.__func__.__globals__`). So an expression
is parsed and every node must be of a kind listed here: names, literals, comparisons, boolean
and arithmetic operators, conditional expressions, subscripts, f-strings with literal format
specs, and calls of a name the expression is offered. No attribute access at all (no diagram
needs one), no name starting with "_", no lambda, comprehension, generator, walrus or starred
argument. Checked when the diagrams are loaded (workflows.engine.diagrams, .dmn) and again
before every evaluation (workflows.engine.scripting), the verdict cached per text.

`sites` lists where a BPMN or DMN file holds Python, with the element and line to name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

EVAL = "eval"
EXEC = "exec"

_OPERATORS = (
    ast.And,
    ast.Or,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Div,
    ast.FloorDiv,
    ast.Mod,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.Is,
    ast.IsNot,
    ast.Load,
    ast.Store,
)
# Pow and shifts are left out: `9**9**9` or `1 << 10**10` would hold a worker for ever.
_EXPRESSIONS = (
    ast.Expression,
    ast.BoolOp,
    ast.BinOp,
    ast.UnaryOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.keyword,
    ast.Constant,
    ast.Name,
    ast.Subscript,
    ast.Slice,
    ast.Tuple,
    ast.List,
    ast.Dict,
    ast.Set,
    ast.JoinedStr,
    ast.FormattedValue,
)
#: statements a script task may hold besides expressions (there is none in bpmn/ today)
_STATEMENTS = (ast.Module, ast.Expr, ast.Assign, ast.AugAssign, ast.If, ast.Pass)


class UnsafeExpression(ValueError):
    """An expression outside the whitelist; `line` is its line within the text (from 1)."""

    def __init__(self, message: str, line: int = 1, syntax: bool = False):
        self.line, self.syntax = line, syntax
        super().__init__(message)


def check(text: str, callables: frozenset[str], mode: str = EVAL) -> None:
    """Raise UnsafeExpression unless `text` passes the whitelist; `callables`: the names it may
    call (the safe builtins and the functions offered to the diagram)."""
    refusal = verdict(text, callables, mode)
    if refusal is not None:
        raise UnsafeExpression(*refusal)


@lru_cache(maxsize=8192)
def verdict(text: str, callables: frozenset[str], mode: str = EVAL) -> tuple[str, int, bool] | None:
    """None when `text` passes, else (why, line, whether it is a syntax error): cached, as the
    same few hundred texts are evaluated at every step of every proposal."""
    try:
        tree = ast.parse(text, mode=mode)
    except SyntaxError as exc:
        kind = "expression" if mode == EVAL else "script"
        return f"not a Python {kind}: {exc.msg}", exc.lineno or 1, True
    allowed = _EXPRESSIONS + _OPERATORS + (_STATEMENTS if mode == EXEC else ())
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 1)
        if not isinstance(node, allowed):
            return f"{_describe(node)} is not allowed in a diagram expression", line, False
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            return f"the name '{node.id}' starts with '_'", line, False
        if isinstance(node, ast.keyword) and (node.arg is None or node.arg.startswith("_")):
            return "'**' and keyword names starting with '_' are not allowed", line, False
        if isinstance(node, ast.Call) and not (
            isinstance(node.func, ast.Name) and node.func.id in callables
        ):
            called = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
            return f"'{called}' is not a function offered to diagrams", line, False
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = node.format_spec
            if not all(isinstance(part, ast.Constant) for part in ast.walk(spec) if part != spec):
                return "a format specification must be literal text", line, False
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if not all(isinstance(t, ast.Name) for t in targets):
                return "a script may assign plain names only", line, False
    return None


def _describe(node: ast.AST) -> str:
    names = {
        ast.Attribute: "attribute access ('.')",
        ast.Lambda: "lambda",
        ast.NamedExpr: "':=' (walrus)",
        ast.Starred: "'*' unpacking",
        ast.GeneratorExp: "a generator expression",
        ast.ListComp: "a list comprehension",
        ast.SetComp: "a set comprehension",
        ast.DictComp: "a dict comprehension",
        ast.Pow: "'**' (power)",
    }
    return names.get(type(node), f"'{type(node).__name__}'")


# -- the DMN engine's own expressions ---------------------------------------------------------

#: a "?" outside quotes, as SpiffWorkflow's DMNEngine finds it
_QUESTION = re.compile(r"(\?)(?=(?:[^'\"]|['\"][^'\"]*['\"])*$)")


def dmn_input_tests(input_expression: str, cell: str) -> list[str]:
    """What SpiffWorkflow 3.2's DMNEngine.evaluate runs for an input cell: the input expression
    and the cell's test, assembled as the library assembles them (`?` is the input's value,
    a cell that parses alone is compared with `==`, one that does not is appended)."""
    replaced = _QUESTION.sub("dmninputexpr", cell)
    if "dmninputexpr" in replaced:
        return [input_expression, replaced]
    try:
        ast.parse(cell)
    except SyntaxError:
        return [input_expression + cell]
    return [f"({input_expression}) == ({cell})"]


# -- where a diagram file holds Python --------------------------------------------------------

#: local names of BPMN/spiff elements whose text is Python, and how it is run
_BPMN_TEXT = {
    "conditionExpression": EVAL,
    "timeDate": EVAL,
    "timeDuration": EVAL,
    "timeCycle": EVAL,
    "completionCondition": EVAL,
    "loopCardinality": EVAL,
    "condition": EVAL,
    "messagePayload": EVAL,
    "formalExpression": EVAL,
    "script": EXEC,
    "preScript": EXEC,
    "postScript": EXEC,
}


@dataclass(frozen=True)
class Site:
    """One piece of Python in a diagram file: its text, how it runs, the element to name."""

    text: str
    mode: str
    element: str
    line: int


def sites(tree: etree._Element) -> Iterator[Site]:
    """Every expression or script of a BPMN or DMN tree (DMN input cells as the engine runs
    them, combined with their column's input expression)."""
    inputs: dict[str, str] = {}
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        name = etree.QName(node).localname
        if name in _BPMN_TEXT and (node.text or "").strip():
            yield Site(node.text or "", _BPMN_TEXT[name], _owner(node), node.sourceline or 0)
        elif name == "parameter" and node.get("value"):  # spiff service task parameters
            yield Site(node.get("value", ""), EVAL, _owner(node), node.sourceline or 0)
        elif name == "input":
            text, line = _child_text(node, "inputExpression")
            inputs[node.get("id", "")] = text
            if text.strip():
                yield Site(text, EVAL, node.get("id", ""), line)
        elif name == "outputEntry":
            text, line = _child_text(node, None)
            if text.strip():
                yield Site(text, EVAL, node.get("id", ""), line)
    for table in tree.iter("{*}decisionTable"):
        columns = [inputs.get(i.get("id", ""), "") for i in table.iterfind("{*}input")]
        for rule in table.iterfind("{*}rule"):
            for column, entry in zip(columns, rule.iterfind("{*}inputEntry"), strict=False):
                cell, line = _child_text(entry, None)
                if cell and cell != "-":
                    for text in dmn_input_tests(column, cell):
                        yield Site(text, EVAL, entry.get("id", ""), line)


def _child_text(node: etree._Element, wrapper: str | None) -> tuple[str, int]:
    """The text of a DMN cell (its <text> child) and the line it is on."""
    if wrapper is not None:
        found = node.find(f"{{*}}{wrapper}")
        if found is None:
            return "", node.sourceline or 0
        node = found
    text = node.find("{*}text")
    if text is None:
        return "", node.sourceline or 0
    return text.text or "", text.sourceline or node.sourceline or 0


def _owner(node: etree._Element) -> str:
    """The id of the nearest element that has one (a timer's event, a flow's id)."""
    current: etree._Element | None = node
    while current is not None:
        found = current.get("id")
        if found:
            return str(found)
        current = current.getparent()
    return ""
