"""Checking each nominee of a proposal against the award's criteria (bpmn/eligibility.dmn).

`facts` reads a nominee's history (models/history.py) into the plain values the table's
cells use; `check` evaluates the table for every active nominee under the rule set in force
on the day; `record` keeps what was shown in eligibility_check. `on_step` is the hook of a
step's completion: at filing the check is recorded and never blocks; an approval that
forwards a failing nominee needs a written justification, recorded with the failures.

Grounds for merit awards never include one-off awards (simplified procedure, đột xuất) or an
initiative already used for another award (Decree 152/2025 Art. 4).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import Select, and_, bindparam, func, insert, or_, select
from sqlalchemy.orm import Session

from models import (
    AwardRecord,
    EligibilityCheck,
    Initiative,
    Nominee,
    Organisation,
    Person,
    Proposal,
    User,
    YearRecord,
    utcnow,
)

from . import eligibility_rules, initiatives
from .eligibility_rules import Criterion, EligibilityRules
from .errors import ValidationFailed
from .history import RATING_LABELS
from .procedure import today
from .rule_sets import RuleSet, by_code, rule_set_on

#: bpmn_id recorded for the check made when the nominator files (submits) the proposal
FILING_STEP = "file"
JUSTIFICATION_MAX = 2000
#: how far back consecutive years of a title are counted
LOOKBACK_YEARS = 10
#: ratings that count as "completed its tasks" (hoàn thành nhiệm vụ trở lên)
COMPLETED = ("xuat_sac", "tot", "hoan_thanh")
_GROUNDS = ("LDTT", "CSTDCS")
#: initiative scopes that count as provincial or wider
_WIDE_SCOPES = ("tinh", "toan_quoc")


@dataclass
class NomineeResult:
    nominee_id: int | None
    name: str
    kind: str
    rule_set: RuleSet
    criteria: list[Criterion] = field(default_factory=list)
    justification: str | None = None

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
            "criteria": [c.as_dict() for c in self.criteria],
            "justification": self.justification,
        }


def facts(session: Session, nominee: Nominee, year: int) -> dict:
    """What the criteria are evaluated on, for `nominee` and award year `year`."""
    return facts_of(session, [nominee], year)[0]


def facts_of(
    session: Session,
    nominees: list[Nominee],
    year: int,
    *,
    award_code: str | None = None,
    proposal_id: int | None = None,
) -> list[dict]:
    """`facts` of each nominee, in order, read together: a few statements for the whole list,
    however many nominees it holds. With `award_code`, `already_awarded` is filled too (the
    same award for the year, given by a decision other than proposal `proposal_id`'s)."""
    people = [n.person_id for n in nominees if n.kind != "collective" and n.person_id is not None]
    units = [n.subject_org_id for n in nominees if n.kind == "collective"]
    units = [u for u in units if u is not None]
    by_person = _people_facts(session, people, year, award_code, proposal_id)
    by_unit = _units_facts(session, units, year, award_code, proposal_id)
    out = []
    for nominee in nominees:
        if nominee.kind == "collective":
            known = by_unit.get(nominee.subject_org_id)
            out.append(dict(known) if known else _blank("collective", year))
        else:
            known = by_person.get(nominee.person_id)
            out.append(dict(known) if known else _blank("person", year))
    return out


def _blank(kind: str, year: int) -> dict:
    # Every name a cell may read exists, so an unlinked nominee's rows never hit a NameError.
    return {
        "kind": kind,
        "linked": False,
        "year": year,
        "rating": None,
        "rating_vi": "chưa có xếp loại",
        "disciplined": False,
        "under_review": False,
        "service_months": None,
        "recruited_vi": "",
        "ldtt_y": False,
        "cstdcs_streak": 0,
        "xuat_sac_streak": 0,
        "initiatives": 0,
        "initiatives_tinh": 0,
        "members": 0,
        "completed_members": 0,
        "ldtt_members": 0,
        "cstdcs_members": 0,
        "ldtt_pct": "0",
        "ttldxs_y": False,
        #: the decision that already gave the award for the year; filled by check()
        "already_awarded": "",
    }


def _year_facts(out: dict, records: list[YearRecord], year: int) -> None:
    this = next((r for r in records if r.year == year), None)
    if this is not None and this.rating:
        out["rating"], out["rating_vi"] = this.rating, RATING_LABELS[this.rating]
    out["disciplined"] = bool(this and this.disciplined)
    # A review opened in the award year or later is still open when the award is decided.
    out["under_review"] = any(r.under_review for r in records if r.year >= year)


def _people_facts(
    session: Session,
    person_ids: list[int],
    year: int,
    award_code: str | None,
    proposal_id: int | None,
) -> dict[int, dict]:
    """{person id: facts} for every id asked: three statements, however many people."""
    out = {pid: _blank("person", year) for pid in person_ids}
    if not out:
        return out
    unused = initiatives.unused_where(year, person=Person.id)
    people = session.execute(
        select(
            Person.id,
            Person.recruited_on,
            select(func.count(Initiative.id)).where(*unused).scalar_subquery(),
            select(func.count(Initiative.id))
            .where(*unused, Initiative.scope.in_(_WIDE_SCOPES))
            .scalar_subquery(),
        ).where(Person.id.in_(out))
    ).all()
    for pid, recruited, count, wide in people:
        facts = out[pid]
        facts.update(linked=True, initiatives=count, initiatives_tinh=wide)
        if recruited is not None:
            facts["service_months"] = _months_to_year_end(recruited, year)
            facts["recruited_vi"] = recruited.strftime("%d/%m/%Y")
    linked = [p.id for p in people]
    records: dict[int, list] = {pid: [] for pid in linked}
    if linked:
        for row in session.execute(
            select(
                YearRecord.person_id,
                YearRecord.year,
                YearRecord.rating,
                YearRecord.disciplined,
                YearRecord.under_review,
            ).where(YearRecord.person_id.in_(linked), YearRecord.year >= year - LOOKBACK_YEARS)
        ):
            records[row.person_id].append(row)
    for pid, rows in records.items():
        _year_facts(out[pid], rows, year)
        out[pid]["xuat_sac_streak"] = _streak(
            {r.year for r in rows if r.rating == "xuat_sac"}, year
        )
    titles: dict[int, set[tuple[int, str]]] = {pid: set() for pid in linked}
    grounds = and_(
        AwardRecord.award_code.in_(_GROUNDS),
        AwardRecord.one_off.is_(False),
        AwardRecord.year.between(year - LOOKBACK_YEARS, year),
    )
    awards = _awards(
        session, AwardRecord.person_id, list(out), grounds, year, award_code, proposal_id
    )
    for row in awards:
        if _is_title(row, year) and row.subject_id in titles:
            titles[row.subject_id].add((row.year, row.award_code))
        if _is_same_award(row, year, award_code, proposal_id):
            out[row.subject_id]["already_awarded"] = _decision_text(row)
    for pid, held in titles.items():
        out[pid]["ldtt_y"] = (year, "LDTT") in held
        out[pid]["cstdcs_streak"] = _streak({y for y, c in held if c == "CSTDCS"}, year)
    return out


def _awards(
    session: Session,
    subject,
    subject_ids: list[int],
    titles,
    year: int,
    award_code: str | None,
    proposal_id: int | None,
) -> list:
    """The award records the facts read, in one statement: the `titles` that count and, with
    `award_code`, the same award for the year whatever its procedure (given already?)."""
    wanted = titles
    if award_code is not None:
        wanted = or_(wanted, and_(AwardRecord.year == year, AwardRecord.award_code == award_code))
    return session.execute(
        select(
            subject.label("subject_id"),
            AwardRecord.year,
            AwardRecord.award_code,
            AwardRecord.one_off,
            AwardRecord.proposal_id,
            AwardRecord.decision_no,
            AwardRecord.decision_date,
        ).where(subject.in_(subject_ids), wanted)
    ).all()


def _is_title(row, year: int) -> bool:
    return (
        row.award_code in _GROUNDS and not row.one_off and year - LOOKBACK_YEARS <= row.year <= year
    )


def _is_ttldxs(row, year: int) -> bool:
    return row.award_code == "TTLDXS" and not row.one_off and row.year == year


def _is_same_award(row, year: int, award_code: str | None, proposal_id: int | None) -> bool:
    # A record written by this proposal's own decision is not "another" award.
    return (
        award_code is not None
        and row.year == year
        and row.award_code == award_code
        and (row.proposal_id is None or row.proposal_id != proposal_id)
    )


def _decision_text(row) -> str:
    """The decision that already gave this award for the year: a second one for the same
    person or unit would be refused at the decision, so it shows from filing."""
    number, day = row.decision_no, row.decision_date
    when = f" ngày {day:%d/%m/%Y}" if day else ""
    return f"QĐ số {number}{when}" if number else "đã có trong lịch sử thi đua"


def _streak(years: set[int], year: int) -> int:
    count = 0
    while year - count in years:
        count += 1
    return count


def _months_to_year_end(recruited: date, year: int) -> int:
    """Whole months from the recruitment day to the end of `year` (1/7 → 6, 2/7 → 5)."""
    months = (year + 1 - recruited.year) * 12 + 1 - recruited.month
    return months - (1 if recruited.day > 1 else 0)


def _units_facts(
    session: Session,
    org_ids: list[int],
    year: int,
    award_code: str | None,
    proposal_id: int | None,
) -> dict[int, dict]:
    """{organisation id: facts} for every id asked: four statements, however many units."""
    out = {oid: _blank("collective", year) for oid in org_ids}
    if not out:
        return out
    linked = list(session.scalars(select(Organisation.id).where(Organisation.id.in_(out))))
    records: dict[int, list] = {oid: [] for oid in linked}
    if linked:
        for row in session.execute(
            select(
                YearRecord.org_id,
                YearRecord.year,
                YearRecord.rating,
                YearRecord.disciplined,
                YearRecord.under_review,
            ).where(YearRecord.org_id.in_(linked), YearRecord.year >= year)
        ):
            records[row.org_id].append(row)
    for oid, rows in records.items():
        out[oid]["linked"] = True
        _year_facts(out[oid], rows, year)
    _members_facts(session, out, linked, year)
    ttldxs = and_(
        AwardRecord.award_code == "TTLDXS",
        AwardRecord.one_off.is_(False),
        AwardRecord.year == year,
    )
    for row in _awards(
        session, AwardRecord.org_id, list(out), ttldxs, year, award_code, proposal_id
    ):
        if row.subject_id in records and _is_ttldxs(row, year):
            out[row.subject_id]["ttldxs_y"] = True
        if _is_same_award(row, year, award_code, proposal_id):
            out[row.subject_id]["already_awarded"] = _decision_text(row)
    return out


def _members_facts(session: Session, out: dict[int, dict], units: list[int], year: int) -> None:
    """Members: people of the unit or below it with a record for the year, with whether they
    hold LĐTT / CSTĐCS (not one-off) for it; one recursive statement for all units."""
    if not units:
        return
    tree = (
        select(Organisation.id.label("root"), Organisation.id.label("org_id"))
        .where(Organisation.id.in_(units))
        .cte("unit_tree", recursive=True)
    )
    tree = tree.union_all(
        select(tree.c.root, Organisation.id).where(Organisation.parent_id == tree.c.org_id)
    )

    def holds(code: str):
        return (
            select(AwardRecord.id)
            .where(
                AwardRecord.person_id == YearRecord.person_id,
                AwardRecord.year == year,
                AwardRecord.award_code == code,
                AwardRecord.one_off.is_(False),
            )
            .exists()
        )

    rows = session.execute(
        select(tree.c.root, YearRecord.rating, holds("LDTT"), holds("CSTDCS"))
        .join(Person, Person.id == YearRecord.person_id)
        .join(tree, tree.c.org_id == Person.org_id)
        .where(YearRecord.year == year)
    ).all()
    for root, rating, ldtt, cstdcs in rows:
        facts = out[root]
        facts["members"] += 1
        facts["completed_members"] += rating in COMPLETED
        facts["ldtt_members"] += bool(ldtt)
        facts["cstdcs_members"] += bool(cstdcs)
    for oid in units:
        facts = out[oid]
        if facts["members"]:
            # Shown truncated, never rounded up: 69.96% must not read as 70%.
            tenths = facts["ldtt_members"] * 1000 // facts["members"]
            facts["ldtt_pct"] = f"{tenths / 10:g}".replace(".", ",")


def check(
    session: Session, proposal: Proposal, on_date: date, rules: EligibilityRules | None = None
) -> list[NomineeResult]:
    """Every active nominee against the criteria of the proposal's award, as of `on_date`."""
    rules = rules or eligibility_rules.current()
    rule_set = rule_set_on(on_date)
    active = [n for n in proposal.nominees if n.status == "active"]
    every = facts_of(
        session,
        active,
        proposal.year,
        award_code=proposal.award_code,
        proposal_id=getattr(proposal, "id", None),
    )
    results = []
    for nominee, values in zip(active, every, strict=True):
        values.update(award_code=proposal.award_code, rule_set=rule_set.code)
        criteria = rules.evaluate(values)
        if not criteria:
            criteria = [_no_rows(rule_set)]
        results.append(NomineeResult(nominee.id, nominee.name, nominee.kind, rule_set, criteria))
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
    they are marked used (workflows.initiatives.mark_used) so they never ground another."""
    return grounds_of(session, [nominee], award_code, year, on_date)[0]


def grounds_of(
    session: Session,
    nominees: list[Nominee],
    award_code: str,
    year: int,
    on_date: date | None = None,
) -> list[list[Initiative]]:
    """`grounds` of each nominee, in order, read together."""
    out: list[list[Initiative]] = [[] for _ in nominees]
    people = [
        (n, nominee)
        for n, nominee in enumerate(nominees)
        if nominee.kind == "person" and nominee.person_id is not None
    ]
    if not people:
        return out
    rules, rule_set = eligibility_rules.current(), rule_set_on(on_date or today()).code
    if not rules.may_ground(award_code, rule_set):
        return out
    wanted = {}
    every = facts_of(session, [nominee for _, nominee in people], year)
    for (n, _), values in zip(people, every, strict=True):
        values.update(award_code=award_code, rule_set=rule_set)
        passed = [c.grounds for c in rules.evaluate(values) if c.passed]
        if any(count for count, _ in passed):
            wanted[n] = passed
    pools = initiatives.unused_of(session, [nominees[n].person_id for n in wanted], up_to_year=year)
    for n, passed in wanted.items():
        pool = pools.get(nominees[n].person_id, [])
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
        # One executemany, without building ORM objects or reading their ids back.
        session.execute(insert(EligibilityCheck), rows)
    session.flush()
    return rows


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
    if action not in ("submit", "approve"):
        return {}
    results = check(session, proposal, on_date or today(), rules)
    failing = failures_text(results)
    audit_data: dict = {}
    if action == "approve" and failing:
        if not justification:
            raise ValidationFailed(
                {"justification": "bắt buộc khi chuyển tiếp người không đạt tiêu chí: " + failing},
                "Có người được đề nghị không đạt tiêu chí khen thưởng",
            )
        audit_data = {"not_met": failing, "justification": justification}
    record(
        session,
        proposal,
        results,
        bpmn_id=FILING_STEP if action == "submit" else bpmn_id,
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
    rule_set = results[0].rule_set if results else rule_set_on(today())
    return {
        "checked_at": utcnow(),
        "step": None,
        "round": proposal.round,
        "rule_set": rule_set.code,
        "rule_set_name": rule_set.name_vi,
        "legal_basis": rule_set.legal_basis,
        "passed": all(r.passed for r in results),
        "nominees": [r.as_dict() for r in results],
    }
