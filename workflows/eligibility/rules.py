"""The award criteria of bpmn/eligibility.dmn, parsed and evaluated by SpiffWorkflow's DMN engine.

The table is COLLECT: every row whose inputs (award code, rule set in force, whether the
nominee is linked to the registry) match gives one criterion with its outcome and reason.
Its input cells compare only those three values, so the rows that match are found once per
combination and cached; per nominee only the output cells (Python over the facts of
workflows.eligibility.checks) are evaluated. The file is parsed once per content hash, and checked
at start-up with the other diagrams: a broken cell stops the app naming file, element, line.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import SimpleNamespace

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
from SpiffWorkflow.dmn.specs.model import HitPolicy
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from workflows.engine.diagrams import DiagramError, bpmn_dir
from workflows.engine.scripting import SAFE_BUILTINS

RULES_FILE = "eligibility.dmn"
#: the outputs every row gives; `grounds` may be empty (no initiative consumed)
OUTPUTS = ("criterion", "label", "passed", "reason", "grounds")


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    passed: bool
    reason: str
    #: (how many unused initiatives ground it, of which scopes); (0, ()) when none
    grounds: tuple[int, tuple[str, ...]] = (0, ())

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "passed": self.passed,
            "reason": self.reason,
        }


class _CompiledCells(TaskDataEnvironment):
    """The library's environment, evaluating each cell's text compiled once per process
    rather than at every call (compiling was four fifths of the table's cost); the same
    globals, the same errors (a SyntaxError is raised by compile as it was by eval)."""

    def evaluate(self, expression, context, external_context=None):
        if isinstance(expression, str):
            expression = _compiled(expression)
        return super().evaluate(expression, context, external_context)


@lru_cache(maxsize=4096)
def _compiled(expression: str):
    return compile(expression, "<string>", "eval")


class _Context:
    """What the DMN engine reads of a task: its data, the workflow's script engine, and the
    names its error messages quote (there is no workflow: the table is evaluated on its own)."""

    def __init__(self, data: dict, script_engine: PythonScriptEngine, file_name: str):
        self.data = data
        self.script_engine = script_engine
        self.task_spec = SimpleNamespace(bpmn_name="eligibility", bpmn_id="eligibility")
        self.spec = SimpleNamespace(file=file_name)
        self.workflow = self.top_workflow = self


@dataclass
class EligibilityRules:
    file_name: str
    content_hash: str
    table: object  #: SpiffWorkflow.dmn.specs.model.DecisionTable
    #: line of each rule and cell id in the file, for error messages
    lines: dict[str, int]
    _matches: dict[tuple, list] = field(default_factory=dict)
    _grounding: dict[tuple[str, str], bool] = field(default_factory=dict)

    @cached_property
    def script_engine(self) -> PythonScriptEngine:
        return PythonScriptEngine(environment=_CompiledCells({"__builtins__": SAFE_BUILTINS}))

    def evaluate(self, facts: dict) -> list[Criterion]:
        """The criteria for one nominee, in the table's order."""
        context = _Context(dict(facts), self.script_engine, self.file_name)
        key = tuple(
            self._guard(lambda i=i: self.script_engine.evaluate(context, i.expression), None)
            for i in self.table.inputs
        )
        rules = self._matches.get(key)
        if rules is None:
            rules = self._guard(lambda: DMNEngine(self.table).decide(context), None)
            self._matches[key] = rules
        return [self._criterion(rule, context) for rule in rules]

    def _criterion(self, rule, context: _Context) -> Criterion:
        out = self._guard(lambda: rule.output_as_dict(context), rule)
        grounds = out.get("grounds") or (0, ())
        return Criterion(
            code=str(out["criterion"]),
            label=str(out["label"]),
            passed=bool(out["passed"]),
            reason=str(out["reason"]),
            grounds=(int(grounds[0]), tuple(grounds[1])),
        )

    def _guard(self, run, rule):
        try:
            return run()
        except (SpiffWorkflowException, Exception) as exc:  # a cell is Python: anything
            element = rule.id if rule is not None else self.table.id
            kind = getattr(exc, "error_type", None) or type(exc).__name__
            raise DiagramError(
                f"evaluating the criteria failed ({kind}): {exc}",
                self.file_name,
                element,
                self.lines.get(element, ""),
            ) from exc

    def may_ground(self, award_code: str, rule_set: str) -> bool:
        """Whether any criterion of `award_code` can consume initiatives (a `grounds` output):
        when none can, the decision need not read the nominee's history again."""
        key = (award_code, rule_set)
        if key not in self._grounding:
            facts = {"award_code": award_code, "rule_set": rule_set, "linked": True}
            context = _Context(facts, self.script_engine, self.file_name)
            rules = self._guard(lambda: DMNEngine(self.table).decide(context), None)
            self._grounding[key] = any(
                (e.text or "").strip()
                for rule in rules
                for e in rule.outputEntries
                if e.output.name == "grounds"
            )
        return self._grounding[key]

    def criteria_of(self, award_code: str, rule_set: str) -> list[tuple[str, str]]:
        """(code, label) of the criteria a linked nominee of `award_code` is checked against."""
        facts = {"award_code": award_code, "rule_set": rule_set, "linked": True}
        context = _Context(facts, self.script_engine, self.file_name)
        rules = self._guard(lambda: DMNEngine(self.table).decide(context), None)
        labels = []
        for rule in rules:
            texts = {e.output.name: e.text for e in rule.outputEntries}
            labels.append((ast.literal_eval(texts["criterion"]), ast.literal_eval(texts["label"])))
        return labels


_CACHE: dict[str, EligibilityRules] = {}


def current() -> EligibilityRules:
    """The rules in bpmn/ as they are now (the app's registry has them parsed already)."""
    return parse((bpmn_dir() / RULES_FILE).read_text(encoding="utf-8"), RULES_FILE)


def from_sources(sources: dict[str, str]) -> EligibilityRules:
    """The rules of a diagram set (file name → text); raises DiagramError if missing or broken."""
    text = sources.get(RULES_FILE)
    if text is None:
        raise DiagramError("the award criteria table is missing", RULES_FILE)
    return parse(text, RULES_FILE)


def parse(text: str, file_name: str = RULES_FILE) -> EligibilityRules:
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    cached = _CACHE.get(content_hash)
    if cached is None:
        cached = _CACHE[content_hash] = _parse(text, file_name, content_hash)
    return cached


def _parse(text: str, file_name: str, content_hash: str) -> EligibilityRules:
    try:
        tree = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise DiagramError(f"not well-formed XML: {exc.msg}", file_name, line=exc.lineno) from exc
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
    table = dmn_parser.decision.decisionTables[0]
    _check_table(table, file_name, lines)
    return EligibilityRules(file_name, content_hash, table, lines)


def _check_table(table, file_name: str, lines: dict[str, int]) -> None:
    """What the engine only finds when a row runs: the shape of the table and input cells."""
    if table.hit_policy != HitPolicy.COLLECT.value:
        raise DiagramError("the criteria table must use hit policy COLLECT", file_name, table.id)
    names = tuple(o.name for o in table.outputs)
    if names != OUTPUTS:
        raise DiagramError(
            f"outputs must be {', '.join(OUTPUTS)} (found {', '.join(names)})",
            file_name,
            table.id,
            lines.get(table.id, ""),
        )
    for column in table.inputs:
        _check_python(column.expression or "", file_name, column.id, lines, prefix="")
    for rule in table.rules:
        for entry in rule.inputEntries:
            text = entry.lhs[0] if entry.lhs else None
            if text is not None:
                # A cell is a value (compared with ==), a test missing its left side, or a
                # test on "?" (the input's value).
                _check_python(text.replace("?", "v"), file_name, entry.id, lines, prefix="v ")
        for entry in rule.outputEntries:
            if entry.output.name != "grounds" and not (entry.text or "").strip():
                raise DiagramError(
                    f"output '{entry.output.name}' is empty",
                    file_name,
                    entry.id,
                    lines.get(entry.id, ""),
                )


def _check_python(text: str, file_name: str, element: str, lines: dict, prefix: str) -> None:
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
    raise DiagramError(
        f"not a Python expression: {error.msg} ({text!r})",
        file_name,
        element,
        lines.get(element, ""),
    )
