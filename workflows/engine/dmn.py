"""A DMN decision table, parsed and evaluated by SpiffWorkflow's DMN engine outside any workflow.

`DecisionTable.parse` reads one decision's table with the library's validation and keeps the line
of every element, so an error names file, element and line (`DiagramError`). Evaluating is split
in steps a caller can cache between: `context` (the data the cells read), `input_values` (the
values of the input expressions: a key when the input cells compare only those),
`matching_rules` (the rows whose input cells hold) and `outputs` (one row's output cells). Cells
are Python, run with the diagrams' builtins by workflows.engine.scripting's environment, which
compiles each text once per process (compiling was four fifths of the table's cost). What the
table means is the caller's: this module knows no output by name.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, TypeVar

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
from SpiffWorkflow.dmn.specs.model import HitPolicy
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from workflows.engine.diagrams import DiagramError
from workflows.engine.expressions import EVAL, UnsafeExpression, check, dmn_input_tests
from workflows.engine.scripting import SAFE_BUILTINS, CheckedEnvironment

#: the hit policies the library knows, as the table's `hit_policy` spells them
COLLECT = HitPolicy.COLLECT.value
UNIQUE = HitPolicy.UNIQUE.value

_T = TypeVar("_T")


class _Context:
    """What the DMN engine reads of a task: its data, the workflow's script engine, and the
    names its error messages quote (there is no workflow: the table is evaluated on its own)."""

    def __init__(
        self, data: dict[str, Any], script_engine: PythonScriptEngine, file_name: str, name: str
    ):
        self.data = data
        self.script_engine = script_engine
        self.task_spec = SimpleNamespace(bpmn_name=name, bpmn_id=name)
        self.spec = SimpleNamespace(file=file_name)
        self.workflow = self.top_workflow = self


@dataclass(frozen=True)
class Rule:
    """One row of the table."""

    id: str
    #: the text of each output cell by output name ("" when the cell is empty)
    texts: Mapping[str, str]
    _spec: Any = field(repr=False, compare=False)  #: SpiffWorkflow.dmn.specs.model.Rule


class DecisionTable:
    """The first table of a DMN file's decision; build it with `DecisionTable.parse`."""

    def __init__(
        self,
        spec: Any,
        file_name: str,
        decision_id: str,
        lines: dict[str, int],
        subject: str = "the decision",
    ):
        self._spec = spec  #: SpiffWorkflow.dmn.specs.model.DecisionTable
        self.file_name = file_name
        self.decision_id = decision_id
        self._lines = lines
        self.rules = tuple(
            Rule(r.id, {e.output.name: e.text or "" for e in r.outputEntries}, r)
            for r in spec.rules
        )
        self._rule_of = {id(rule._spec): rule for rule in self.rules}
        self._engine = DMNEngine(spec)
        self._script_engine = PythonScriptEngine(
            environment=CheckedEnvironment({"__builtins__": SAFE_BUILTINS})
        )
        #: what a failing cell's message says was being evaluated ("evaluating … failed")
        self.subject = subject

    @classmethod
    def parse(cls, text: str, file_name: str, subject: str = "the decision") -> DecisionTable:
        """Parse and validate with the library; raises DiagramError naming file, element, line.

        The input and output cells are checked by `check_cells`, which the caller runs once it
        has checked what the table must look like."""
        try:
            tree = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError as exc:
            raise DiagramError(
                f"not well-formed XML: {exc.msg}", file_name, line=exc.lineno
            ) from exc
        lines = {node.get("id"): node.sourceline for node in tree.iter() if node.get("id")}
        parser = SpiffBpmnParser(validator=BpmnValidator())
        try:
            parser.add_dmn_xml(tree, filename=file_name)
            (dmn_parser,) = parser.dmn_parsers.values()
            dmn_parser.parse()
        except ValidationException as exc:
            element = exc.id or exc.tag
            line = exc.line_number or lines.get(exc.id, "")
            raise DiagramError(str(exc).split("\n")[0], file_name, element, line) from exc
        except (SpiffWorkflowException, ValueError) as exc:
            raise DiagramError(str(exc), file_name) from exc
        decision = dmn_parser.decision
        return cls(decision.decisionTables[0], file_name, decision.id, lines, subject)

    # -- what the table looks like ----------------------------------------------------------

    @property
    def id(self) -> str:
        id_: str = self._spec.id
        return id_

    @property
    def hit_policy(self) -> str:
        """COLLECT or UNIQUE."""
        policy: str = self._spec.hit_policy
        return policy

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self._spec.outputs)

    def line(self, element: str) -> int | str:
        """The line of an element of the file, "" when it has none."""
        return self._lines.get(element, "")

    def error(self, message: str, element: str | None = None) -> DiagramError:
        """A DiagramError naming the file, `element` (the table when none) and its line."""
        element = element or self.id
        return DiagramError(message, self.file_name, element, self.line(element))

    def check_cells(self, optional_outputs: Collection[str] = ()) -> None:
        """What the engine only finds when a row runs: input expressions and input cells that
        are not Python, and output cells left empty (allowed for `optional_outputs` only)."""
        for column in self._spec.inputs:
            self._check_python(column.expression or "", column.id, prefix="")
            self._check_safe(column.expression or "", column.id)
        for rule in self._spec.rules:
            for entry in rule.inputEntries:
                text = entry.lhs[0] if entry.lhs else None
                if text is not None:
                    # A cell is a value (compared with ==), a test missing its left side, or a
                    # test on "?" (the input's value).
                    self._check_python(text.replace("?", "v"), entry.id, prefix="v ")
                    for test in dmn_input_tests(entry.input.expression or "", text):
                        self._check_safe(test, entry.id)
            for entry in rule.outputEntries:
                if entry.output.name not in optional_outputs and not (entry.text or "").strip():
                    raise self.error(f"output '{entry.output.name}' is empty", entry.id)
                if (entry.text or "").strip():
                    self._check_safe(entry.text, entry.id)

    def _check_safe(self, text: str, element: str) -> None:
        try:
            check(text, frozenset(SAFE_BUILTINS), EVAL)
        except UnsafeExpression as exc:
            raise self.error(f"unsafe expression: {exc} ({text!r})", element) from exc

    def _check_python(self, text: str, element: str, prefix: str) -> None:
        try:
            ast.parse(text)
            return
        except SyntaxError as exc:
            error = exc
        if prefix:
            try:
                ast.parse(prefix + text)
                return
            except SyntaxError:
                pass
        raise self.error(f"not a Python expression: {error.msg} ({text!r})", element)

    # -- evaluating -------------------------------------------------------------------------

    def context(self, data: Mapping[str, Any]) -> _Context:
        """What the cells read: a copy of `data`, to pass to the methods below."""
        return _Context(dict(data), self._script_engine, self.file_name, self.decision_id)

    def input_values(self, context: _Context) -> tuple[Any, ...]:
        """The value of each input expression, in the table's order."""
        evaluate = self._script_engine.evaluate
        return self._guard(
            lambda: tuple(evaluate(context, i.expression) for i in self._spec.inputs), None
        )

    def matching_rules(self, context: _Context) -> list[Rule]:
        """The rows whose input cells hold, in the table's order (the first only for UNIQUE)."""
        specs = self._guard(lambda: self._engine.decide(context), None)
        return [self._rule_of[id(spec)] for spec in specs]

    def outputs(self, rule: Rule, context: _Context) -> dict[str, Any]:
        """The value of each of `rule`'s output cells by output name ("" when a cell is empty)."""
        return self._guard(lambda: rule._spec.output_as_dict(context), rule)

    def _guard(self, run: Callable[[], _T], rule: Rule | None) -> _T:
        try:
            return run()
        except Exception as exc:  # a cell is Python: anything, SpiffWorkflowException included
            element = rule.id if rule is not None else self.id
            kind = getattr(exc, "error_type", None) or type(exc).__name__
            raise self.error(f"evaluating {self.subject} failed ({kind}): {exc}", element) from exc
