"""The award catalogue as the administrators and the board read it: per award who decides,
the path it takes (from the routing table bpmn/award_route.dmn, evaluated by the engine), the
criteria per rule set (from the eligibility tables), prerequisites, every dated bonus
coefficient and the rule set in force.

Nothing here is a rule of law: it gathers what the data files and diagrams say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Award
from workflows.awards import money, procedure, rule_sets, upward
from workflows.engine.diagrams import DiagramError
from workflows.process.registry import ProcessRegistry
from workflows.proposals.body import NOT_FILEABLE_VI
from workflows.vn_collation import sort_key

#: the routing table's decider codes, as the catalogue names them (awards.json decided_by_vi)
DECIDERS_VI = {"director": "Giám đốc Sở", "chairman": "Chủ tịch UBND tỉnh"}
ENDORSEMENT_VI = {"bloc": "Khối thi đua", "cluster": "Cụm thi đua"}
LEVELS_VI = {
    "department": "Sở",
    "province": "Tỉnh",
    "ministry": "Bộ, ngành",
    "state": "Nhà nước",
}
TARGETS_VI = {"person": "Cá nhân", "collective": "Tập thể"}


@dataclass(frozen=True)
class Criterion:
    code: str
    label_vi: str


@dataclass
class Entry:
    award: Award
    #: what bpmn/award_route.dmn says (decider, endorsement, province_council); {} if not fileable
    route: dict
    path_vi: str
    #: coefficient rows in force on the day asked for (one per target), may be empty
    coefficients: list[money.Coefficient]
    rule_set: rule_sets.RuleSet | None

    @property
    def coefficient_vi(self) -> str:
        if not self.coefficients:
            return "—"
        return "; ".join(
            f"{_number(c.value)} ({c.decree}{'' if c.confirmed else ', chưa xác nhận'})"
            for c in self.coefficients
        )


def path_vi(award: Award, route: dict, on_date: date | None = None) -> str:
    """The chain of bodies a proposal for `award` passes, as the routing table decides it; above
    the province, the ministry that receives the submission on `on_date` (dated data)."""
    steps = ["Đơn vị", "Hội đồng TĐKT Sở"]
    if not award.fileable:
        return " → ".join([*steps, "UBND tỉnh", f"{award.decided_by_vi} ({NOT_FILEABLE_VI})"])
    decider = str(route.get("decider"))
    if decider == "director":
        return " → ".join([*steps, DECIDERS_VI.get(decider, decider)])
    steps.append("Giám đốc Sở (tờ trình)")
    if route.get("endorsement") in ENDORSEMENT_VI:
        steps.append(ENDORSEMENT_VI[route["endorsement"]])
    steps.append("Ban TĐKT tỉnh")
    if route.get("province_council"):
        steps.append("Hội đồng TĐKT tỉnh")
    if not upward.is_upward(decider):
        steps.append(DECIDERS_VI["chairman"])
        return " → ".join(steps)
    steps.append(f"{DECIDERS_VI['chairman']} (tờ trình)")
    try:
        to = upward.recipient(decider, on_date or date.today())
    except upward.NoRecipient:
        return " → ".join([*steps, award.decided_by_vi])
    return " → ".join([*steps, *([to.via_vi] if to.via_vi else []), to.recipient_vi])


def criteria_for(registry: ProcessRegistry, award_code: str, rule_set_code: str) -> list[Criterion]:
    """The criteria rows of bpmn/eligibility.dmn for the award under a rule set."""
    try:
        from workflows.eligibility import rules as eligibility_rules

        rules = eligibility_rules.from_sources(registry.diagrams.sources)
        rows = rules.criteria_of(award_code, rule_set_code)
    except (ImportError, AttributeError, DiagramError):
        # The catalogue still lists the award when the criteria table is absent or broken.
        return []
    return [Criterion(code, label) for code, label in rows]


def awards(session: Session) -> list[Award]:
    """Fileable first, then by level and Vietnamese alphabetical order."""
    order = list(LEVELS_VI)
    rows = session.scalars(select(Award))
    return sorted(
        rows,
        key=lambda a: (
            not a.fileable,
            order.index(a.level) if a.level in order else 9,
            sort_key(a.name_vi),
        ),
    )


def entry(session: Session, registry: ProcessRegistry, award: Award, on_date: date) -> Entry:
    route = registry.route_for(session, award.code) if award.fileable else {}
    coefficients = [
        c for c in money.load_rules().coefficients if c.award == award.code and c.covers(on_date)
    ]
    try:
        in_force = rule_sets.rule_set_on(on_date)
    except rule_sets.NoRuleSet:
        in_force = None
    return Entry(award, route, path_vi(award, route, on_date), coefficients, in_force)


def table(session: Session, registry: ProcessRegistry, on_date: date) -> list[Entry]:
    return [entry(session, registry, award, on_date) for award in awards(session)]


@dataclass
class Detail:
    entry: Entry
    #: every dated coefficient row of the award, oldest first
    coefficient_rows: list[money.Coefficient]
    #: rule sets overlapping the award's validity, each with its criteria
    rule_sets: list[tuple[rule_sets.RuleSet, list[Criterion]]]
    simplified_cases: list[procedure.SimplifiedCase]


def detail(session: Session, registry: ProcessRegistry, award: Award, on_date: date) -> Detail:
    rows = sorted(
        (c for c in money.load_rules().coefficients if c.award == award.code),
        key=lambda c: (c.target, c.valid_from),
    )
    covering = [
        (rs, criteria_for(registry, award.code, rs.code))
        for rs in rule_sets.all_rule_sets()
        if _overlaps(rs, award.valid_from, award.valid_to)
    ]
    cases = procedure.simplified_cases() if award.allows_simplified else []
    return Detail(entry(session, registry, award, on_date), rows, covering, cases)


def _overlaps(rs: rule_sets.RuleSet, start: date | None, end: date | None) -> bool:
    starts_before_end = end is None or rs.valid_from <= end
    ends_after_start = start is None or rs.valid_to is None or rs.valid_to >= start
    return starts_before_end and ends_after_start


HEADERS = ("Khen thưởng", "Cấp quyết định", "Tuyến trình", "Hệ số", "Bộ quy định")


def as_rows(entries: list[Entry]) -> list[tuple[str, ...]]:
    return [
        (
            f"{e.award.name_vi} ({e.award.code})",
            e.award.decided_by_vi,
            e.path_vi,
            e.coefficient_vi,
            e.rule_set.code if e.rule_set else "—",
        )
        for e in entries
    ]


def markdown(entries: list[Entry]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += [
        "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in as_rows(entries)
    ]
    return "\n".join(lines)


def plain(entries: list[Entry]) -> str:
    return "\n".join("\t".join(row) for row in [HEADERS, *as_rows(entries)])


def _number(value) -> str:
    return format(value.normalize(), "f").replace(".", ",")
