"""The award criteria of bpmn/eligibility.dmn, read from its decision table (workflows.engine.dmn).

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

from workflows.engine.diagrams import DiagramError, bpmn_dir
from workflows.engine.dmn import COLLECT, DecisionTable, Rule

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


@dataclass
class EligibilityRules:
    table: DecisionTable
    content_hash: str
    #: the rows matching each (award code, rule set, linked): the input cells read nothing else
    _matches: dict[tuple, list[Rule]] = field(default_factory=dict)
    _grounding: dict[tuple[str, str], bool] = field(default_factory=dict)

    @property
    def file_name(self) -> str:
        return self.table.file_name

    def evaluate(self, facts: dict) -> list[Criterion]:
        """The criteria for one nominee, in the table's order."""
        table = self.table
        context = table.context(facts)
        key = table.input_values(context)
        rules = self._matches.get(key)
        if rules is None:
            rules = self._matches[key] = table.matching_rules(context)
        return [_criterion(table.outputs(rule, context)) for rule in rules]

    def may_ground(self, award_code: str, rule_set: str) -> bool:
        """Whether any criterion of `award_code` can consume initiatives (a `grounds` output):
        when none can, the decision need not read the nominee's history again."""
        key = (award_code, rule_set)
        if key not in self._grounding:
            self._grounding[key] = any(
                rule.texts.get("grounds", "").strip()
                for rule in self._linked_rows(award_code, rule_set)
            )
        return self._grounding[key]

    def criteria_of(self, award_code: str, rule_set: str) -> list[tuple[str, str]]:
        """(code, label) of the criteria a linked nominee of `award_code` is checked against."""
        return [
            (ast.literal_eval(rule.texts["criterion"]), ast.literal_eval(rule.texts["label"]))
            for rule in self._linked_rows(award_code, rule_set)
        ]

    def _linked_rows(self, award_code: str, rule_set: str) -> list[Rule]:
        facts = {"award_code": award_code, "rule_set": rule_set, "linked": True}
        return self.table.matching_rules(self.table.context(facts))


def _criterion(out: dict) -> Criterion:
    grounds = out.get("grounds") or (0, ())
    return Criterion(
        code=str(out["criterion"]),
        label=str(out["label"]),
        passed=bool(out["passed"]),
        reason=str(out["reason"]),
        grounds=(int(grounds[0]), tuple(grounds[1])),
    )


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
    table = DecisionTable.parse(text, file_name, subject="the criteria")
    _check_table(table)
    return EligibilityRules(table, content_hash)


def _check_table(table: DecisionTable) -> None:
    """What the criteria table must look like, then its cells (`grounds` may be empty)."""
    if table.hit_policy != COLLECT:
        raise DiagramError(
            "the criteria table must use hit policy COLLECT", table.file_name, table.id
        )
    names = table.output_names
    if names != OUTPUTS:
        raise table.error(f"outputs must be {', '.join(OUTPUTS)} (found {', '.join(names)})")
    table.check_cells(optional_outputs=("grounds",))
