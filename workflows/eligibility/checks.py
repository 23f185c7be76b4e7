"""Checking each nominee of a proposal against the award's criteria (bpmn/eligibility.dmn).

`check` evaluates the table for every active nominee under the proposal's rule set (the one
rule of workflows.awards.rule_sets.for_proposal, which money, quotas and documents use too),
on the facts read by workflows/eligibility/facts.py (`facts` / `facts_of`, re-exported here);
`grounds` picks the initiatives a passing check counts; `record` keeps what was shown in
eligibility_check and `latest` reads it back for display. `on_step` is the hook of a step's
completion: at filing the check is recorded and never blocks; an approval that forwards a
failing nominee needs a written justification, recorded with the failures.

Grounds never include an initiative already used for another award (Decree 152/2025 Art. 4).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import Select, bindparam, func, insert, select
from sqlalchemy.orm import Session

from models import Action, EligibilityCheck, Initiative, Nominee, Proposal, User, core_path, utcnow
from workflows.awards.rule_sets import Applicable, RuleSet, by_code, for_proposal, rule_set_on
from workflows.deadlines.calendar import today
from workflows.eligibility import rules as eligibility_rules
from workflows.eligibility import windows
from workflows.eligibility.facts import COMPLETED as COMPLETED
from workflows.eligibility.facts import LOOKBACK_YEARS as LOOKBACK_YEARS
from workflows.eligibility.facts import facts as facts
from workflows.eligibility.facts import facts_of
from workflows.eligibility.rules import Criterion, EligibilityRules
from workflows.errors import N_, ValidationFailed
from workflows.history import initiatives

#: bpmn_id recorded for the check made when the nominator files (submits) the proposal
FILING_STEP = "file"
JUSTIFICATION_MAX = 2000


@dataclass
class NomineeResult:
    nominee_id: int | None
    name: str
    kind: str
    rule_set: RuleSet
    criteria: list[Criterion] = field(default_factory=list)
    justification: str | None = None
    #: why this rule set applies (award year, decision date, transitional rule)
    rule_set_reason: str = ""

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.criteria)

    @property
    def failed(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.passed]

    def as_dict(self) -> dict:
        return {
            "nominee_id": self.nominee_id,
            "name": self.name,
            "kind": self.kind,
            "passed": self.passed,
            "rule_set": self.rule_set.code,
            "legal_basis": self.rule_set.legal_basis,
            "rule_set_reason": self.rule_set_reason,
            "criteria": [c.as_dict() for c in self.criteria],
            "justification": self.justification,
        }


def check(
    session: Session, proposal: Proposal, on_date: date, rules: EligibilityRules | None = None
) -> list[NomineeResult]:
    """Every active nominee against the criteria of the proposal's award, under the rule set
    the law assigns it (`on_date`: the day of the check, which counts until it is decided)."""
    rules = rules or eligibility_rules.current()
    applied = for_proposal(proposal, on_date)
    rule_set = applied.rule_set
    active = [n for n in proposal.nominees if n.status == "active"]
    every = facts_of(
        session,
        active,
        proposal.year,
        award_code=proposal.award_code,
        proposal_id=getattr(proposal, "id", None),
        initiatives_from=windows.first_year(proposal.award_code, proposal.year, applied.day),
    )
    results = []
    for nominee, values in zip(active, every, strict=True):
        values.update(award_code=proposal.award_code, rule_set=rule_set.criteria_code)
        criteria = rules.evaluate(values)
        if not criteria:
            criteria = [_no_rows(rule_set)]
        results.append(
            NomineeResult(
                nominee.id, nominee.name, nominee.kind, rule_set, criteria, None, applied.reason
            )
        )
    return results


def _no_rows(rule_set: RuleSet) -> Criterion:
    return Criterion(
        "bo_quy_dinh",
        "Có tiêu chí theo bộ quy định đang áp dụng",
        False,
        f"Bảng tiêu chí chưa có dòng nào cho {rule_set.name_vi} ({rule_set.code})",
    )


def grounds(
    session: Session, nominee: Nominee, award_code: str, year: int, on_date: date | None = None
) -> list[Initiative]:
    """The unused initiatives the check counts as grounds for `award_code`: at the decision
    they are marked used (workflows.history.initiatives.mark_used) so they never ground another."""
    return grounds_of(session, [nominee], award_code, year, on_date)[0]


def grounds_of(
    session: Session,
    nominees: list[Nominee],
    award_code: str,
    year: int,
    on_date: date | None = None,
    applied: Applicable | None = None,
) -> list[list[Initiative]]:
    """`grounds` of each nominee, in order, read together; `applied`: the proposal's rule set
    (without it, the one in force on `on_date`)."""
    out: list[list[Initiative]] = [[] for _ in nominees]
    people = [
        (n, nominee)
        for n, nominee in enumerate(nominees)
        if nominee.kind == "person" and nominee.person_id is not None
    ]
    if not people:
        return out
    rules = eligibility_rules.current()
    day = applied.day if applied else on_date or today()
    rule_set = (applied.rule_set if applied else rule_set_on(day)).criteria_code
    first = windows.first_year(award_code, year, day)
    if not rules.may_ground(award_code, rule_set):
        return out
    wanted = {}
    every = facts_of(session, [nominee for _, nominee in people], year, initiatives_from=first)
    for (n, _), values in zip(people, every, strict=True):
        values.update(award_code=award_code, rule_set=rule_set)
        passed = [c.grounds for c in rules.evaluate(values) if c.passed]
        if any(count for count, _ in passed):
            wanted[n] = passed
    authors = [nominees[n].person_id for n in wanted]
    # (all of them: `people` holds nominees linked to a person only)
    pools = initiatives.unused_of(session, [a for a in authors if a is not None], up_to_year=year)
    for n, passed in wanted.items():
        pool = [i for i in pools.get(nominees[n].person_id, []) if first is None or i.year >= first]
        chosen = out[n]
        for count, scopes in passed:
            fits = [i for i in pool if i.scope in scopes and i not in chosen]
            chosen.extend(fits[:count])
    return out


def record(
    session: Session,
    proposal: Proposal,
    results: list[NomineeResult],
    *,
    bpmn_id: str,
    user: User | None,
    justification: str | None = None,
) -> list[dict]:
    """One row per nominee; the justification is kept on the rows of failing nominees.
    Returns the rows' values as written (nothing reads them back as objects)."""
    now = utcnow()
    rows = []
    for result in results:
        result.justification = justification if not result.passed else None
        rows.append(
            {
                "proposal_id": proposal.id,
                "nominee_id": result.nominee_id,
                "nominee_name": result.name[:120],
                "round": proposal.round,
                "bpmn_id": bpmn_id,
                "rule_set": result.rule_set.code,
                "passed": result.passed,
                "results_json": json.dumps(
                    [c.as_dict() for c in result.criteria], ensure_ascii=False
                ),
                "justification": result.justification,
                "checked_at": now,
                "checked_by_id": user.id if user else None,
            }
        )
    if rows:
        # One executemany on the connection: no ORM objects, no ids read back, and not the
        # ORM's bulk-insert path, which costs more than the statement (issue 19).
        core_path.execute(session, _INSERT_CHECKS, rows)
    session.flush()
    return rows


_INSERT_CHECKS = insert(EligibilityCheck)


def failures_text(results: list[NomineeResult]) -> str:
    """Who fails which criterion, in one line: "Nguyễn Văn A (tiêu chí 1; tiêu chí 2); …"."""
    return "; ".join(
        f"{r.name} ({', '.join(c.label for c in r.failed)})" for r in results if not r.passed
    )


def on_step(
    session: Session,
    rules: EligibilityRules,
    proposal: Proposal,
    bpmn_id: str,
    action: str,
    values: dict,
    user: User,
    on_date: date | None = None,
) -> dict:
    """The completion hook: check, refuse an unjustified approval, record.

    Runs before the workflow moves, so a refusal writes nothing. Takes `justification` out of
    the step's `values` (the workflow does not need it) and returns what the step's audit
    event records instead: on an approval forwarding failing nominees, who fails what
    (`not_met`) and the justification.
    """
    justification = (values.pop("justification", None) or "").strip()
    if action not in (Action.SUBMIT, Action.APPROVE):
        return {}
    results = check(session, proposal, on_date or today(), rules)
    failing = failures_text(results)
    audit_data: dict = {}
    if action == Action.APPROVE and failing:
        if not justification:
            wrong = N_(
                "bắt buộc khi chuyển tiếp người không đạt tiêu chí: %(failing)s", failing=failing
            )
            raise ValidationFailed(
                "justification_required",
                {"justification": wrong},
                message=N_("Có người được đề nghị không đạt tiêu chí khen thưởng"),
            )
        audit_data = {"not_met": failing, "justification": justification}
    record(
        session,
        proposal,
        results,
        bpmn_id=FILING_STEP if action == Action.SUBMIT else bpmn_id,
        user=user,
        justification=audit_data.get("justification"),
    )
    return audit_data


def latest(session: Session, proposal_ids: list[int]) -> dict[int, dict]:
    """The last check of each proposal, for display: {proposal_id: {...}} (one query)."""
    if not proposal_ids:
        return {}
    rows = session.execute(_latest_query(), {"ids": list(proposal_ids)})
    out: dict[int, dict] = {}
    for row in rows:
        summary = out.get(row.proposal_id)
        if summary is None:
            summary = out[row.proposal_id] = _summary(row)
        summary["nominees"].append(
            {
                "nominee_id": row.nominee_id,
                "name": row.nominee_name,
                "passed": row.passed,
                "criteria": json.loads(row.results_json),
                "justification": row.justification,
            }
        )
        summary["passed"] = summary["passed"] and row.passed
    return out


@cache
def _latest_query() -> Select:
    """Built once: the inbox asks it for every list it shows, and building the statement
    cost more than running it. Columns, not ORM rows."""
    checks = EligibilityCheck.__table__.c  # table columns: a plain Core statement
    last = (
        select(checks.proposal_id, func.max(checks.checked_at).label("at"))
        .where(checks.proposal_id.in_(bindparam("ids", expanding=True)))
        .group_by(checks.proposal_id)
        .subquery()
    )
    return (
        select(
            checks.proposal_id,
            checks.nominee_id,
            checks.nominee_name,
            checks.round,
            checks.bpmn_id,
            checks.rule_set,
            checks.passed,
            checks.results_json,
            checks.justification,
            checks.checked_at,
        )
        .join(
            last,
            (last.c.proposal_id == checks.proposal_id) & (last.c.at == checks.checked_at),
        )
        .order_by(checks.id)
    )


def _summary(row) -> dict:
    rule_set = by_code(row.rule_set)
    return {
        "checked_at": row.checked_at,
        "step": row.bpmn_id,
        "round": row.round,
        "rule_set": rule_set.code,
        "rule_set_name": rule_set.name_vi,
        "legal_basis": rule_set.legal_basis,
        "passed": True,
        "nominees": [],
    }


def live(session: Session, rules: EligibilityRules, proposal: Proposal) -> dict:
    """The check as it would be made now, shaped like `latest` (for the task page)."""
    results = check(session, proposal, today(), rules)
    applied = for_proposal(proposal, today())
    rule_set = applied.rule_set
    return {
        "checked_at": utcnow(),
        "step": None,
        "round": proposal.round,
        "rule_set": rule_set.code,
        "rule_set_name": rule_set.name_vi,
        "legal_basis": rule_set.legal_basis,
        "rule_set_reason": applied.reason,
        "passed": all(r.passed for r in results),
        "nominees": [r.as_dict() for r in results],
    }


@dataclass(frozen=True)
class Candidate:
    """A registry person as a nominee of a proposal not filed: what `check` reads of one."""

    person_id: int
    name: str
    id: None = None
    kind: str = "person"
    status: str = "active"
    subject_org_id: None = None


@dataclass(frozen=True)
class Question:
    """A proposal asked about without filing it (the API's verdict for one person)."""

    award_code: str
    year: int
    decision_date: date | None
    nominees: list[Candidate]
    submitted_at: None = None


def verdict_for_person(
    session: Session,
    rules: EligibilityRules,
    person_id: int,
    name: str,
    award_code: str,
    year: int,
    decision_date: date | None,
) -> NomineeResult:
    """The criteria a person meets for `award_code` of `year`, decided on `decision_date` (or
    today), under the rule set the one rule assigns: what a nominee of such a proposal is told."""
    question = Question(award_code, year, decision_date, [Candidate(person_id, name)])
    (result,) = check(session, question, today(), rules)  # type: ignore[arg-type]
    return result
