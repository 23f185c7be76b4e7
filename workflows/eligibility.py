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

from sqlalchemy import func, or_, select
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
from .orgs import subtree_ids
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
    if nominee.kind == "collective":
        return _collective_facts(session, nominee.subject_org_id, year)
    return _person_facts(session, nominee.person_id, year)


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


def _person_facts(session: Session, person_id: int | None, year: int) -> dict:
    out = _blank("person", year)
    person = session.get(Person, person_id) if person_id is not None else None
    if person is None:
        return out
    out["linked"] = True
    records = list(
        session.scalars(
            select(YearRecord).where(
                YearRecord.person_id == person.id, YearRecord.year >= year - LOOKBACK_YEARS
            )
        )
    )
    _year_facts(out, records, year)
    out["xuat_sac_streak"] = _streak({r.year for r in records if r.rating == "xuat_sac"}, year)
    titles = session.execute(
        select(AwardRecord.year, AwardRecord.award_code).where(
            AwardRecord.person_id == person.id,
            AwardRecord.award_code.in_(_GROUNDS),
            AwardRecord.one_off.is_(False),
            AwardRecord.year.between(year - LOOKBACK_YEARS, year),
        )
    ).all()
    out["ldtt_y"] = (year, "LDTT") in {(y, c) for y, c in titles}
    out["cstdcs_streak"] = _streak({y for y, c in titles if c == "CSTDCS"}, year)
    unused = initiatives.unused(session, person_id=person.id, up_to_year=year)
    out["initiatives"] = len(unused)
    out["initiatives_tinh"] = sum(1 for i in unused if i.scope in ("tinh", "toan_quoc"))
    if person.recruited_on is not None:
        out["service_months"] = _months_to_year_end(person.recruited_on, year)
        out["recruited_vi"] = person.recruited_on.strftime("%d/%m/%Y")
    return out


def _streak(years: set[int], year: int) -> int:
    count = 0
    while year - count in years:
        count += 1
    return count


def _months_to_year_end(recruited: date, year: int) -> int:
    """Whole months from the recruitment day to the end of `year` (1/7 → 6, 2/7 → 5)."""
    months = (year + 1 - recruited.year) * 12 + 1 - recruited.month
    return months - (1 if recruited.day > 1 else 0)


def _collective_facts(session: Session, org_id: int | None, year: int) -> dict:
    out = _blank("collective", year)
    org = session.get(Organisation, org_id) if org_id is not None else None
    if org is None:
        return out
    out["linked"] = True
    records = list(
        session.scalars(
            select(YearRecord).where(YearRecord.org_id == org.id, YearRecord.year >= year)
        )
    )
    _year_facts(out, records, year)
    # Members: people of the unit or below it with a record for the year.
    members = (
        select(YearRecord.person_id, YearRecord.rating)
        .join(Person, Person.id == YearRecord.person_id)
        .where(YearRecord.year == year, Person.org_id.in_(subtree_ids(org.id)))
    ).subquery()
    ratings = session.execute(select(members.c.rating)).scalars().all()
    out["members"] = len(ratings)
    out["completed_members"] = sum(1 for r in ratings if r in COMPLETED)
    counts = dict(
        session.execute(
            select(AwardRecord.award_code, func.count(func.distinct(AwardRecord.person_id)))
            .where(
                AwardRecord.person_id.in_(select(members.c.person_id)),
                AwardRecord.year == year,
                AwardRecord.award_code.in_(_GROUNDS),
                AwardRecord.one_off.is_(False),
            )
            .group_by(AwardRecord.award_code)
        ).all()
    )
    out["ldtt_members"] = counts.get("LDTT", 0)
    out["cstdcs_members"] = counts.get("CSTDCS", 0)
    if out["members"]:
        # Shown truncated, never rounded up: 69.96% must not read as 70%.
        tenths = out["ldtt_members"] * 1000 // out["members"]
        out["ldtt_pct"] = f"{tenths / 10:g}".replace(".", ",")
    out["ttldxs_y"] = (
        session.scalar(
            select(AwardRecord.id).where(
                AwardRecord.org_id == org.id,
                AwardRecord.year == year,
                AwardRecord.award_code == "TTLDXS",
                AwardRecord.one_off.is_(False),
            )
        )
        is not None
    )
    return out


def check(
    session: Session, proposal: Proposal, on_date: date, rules: EligibilityRules | None = None
) -> list[NomineeResult]:
    """Every active nominee against the criteria of the proposal's award, as of `on_date`."""
    rules = rules or eligibility_rules.current()
    rule_set = rule_set_on(on_date)
    results = []
    for nominee in proposal.nominees:
        if nominee.status != "active":
            continue
        values = facts(session, nominee, proposal.year)
        values.update(
            award_code=proposal.award_code,
            rule_set=rule_set.code,
            already_awarded=_already_awarded(session, nominee, proposal),
        )
        criteria = rules.evaluate(values)
        if not criteria:
            criteria = [_no_rows(rule_set)]
        results.append(NomineeResult(nominee.id, nominee.name, nominee.kind, rule_set, criteria))
    return results


def _already_awarded(session: Session, nominee: Nominee, proposal: Proposal) -> str:
    """The decision that already gave this award for the year ("" when none): a second one
    for the same person or unit would be refused at the decision, so it shows from filing."""
    subject = (
        AwardRecord.person_id == nominee.person_id
        if nominee.kind == "person"
        else AwardRecord.org_id == nominee.subject_org_id
    )
    if (nominee.person_id if nominee.kind == "person" else nominee.subject_org_id) is None:
        return ""
    row = session.execute(
        select(AwardRecord.decision_no, AwardRecord.decision_date).where(
            subject,
            AwardRecord.year == proposal.year,
            AwardRecord.award_code == proposal.award_code,
            or_(
                AwardRecord.proposal_id.is_(None),
                AwardRecord.proposal_id != getattr(proposal, "id", None),
            ),
        )
    ).first()
    if row is None:
        return ""
    number, day = row
    when = f" ngày {day:%d/%m/%Y}" if day else ""
    return f"QĐ số {number}{when}" if number else "đã có trong lịch sử thi đua"


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
    if nominee.kind != "person" or nominee.person_id is None:
        return []
    rules, rule_set = eligibility_rules.current(), rule_set_on(on_date or today()).code
    if not rules.may_ground(award_code, rule_set):
        return []
    values = facts(session, nominee, year)
    values.update(award_code=award_code, rule_set=rule_set)
    wanted = [c.grounds for c in rules.evaluate(values) if c.passed]
    if not any(count for count, _ in wanted):
        return []
    pool = initiatives.unused(session, person_id=nominee.person_id, up_to_year=year)
    chosen: list[Initiative] = []
    for count, scopes in wanted:
        fits = [i for i in pool if i.scope in scopes and i not in chosen]
        chosen.extend(fits[:count])
    return chosen


def record(
    session: Session,
    proposal: Proposal,
    results: list[NomineeResult],
    *,
    bpmn_id: str,
    user: User | None,
    justification: str | None = None,
) -> list[EligibilityCheck]:
    """One row per nominee; the justification is kept on the rows of failing nominees."""
    now = utcnow()
    rows = []
    for result in results:
        result.justification = justification if not result.passed else None
        row = EligibilityCheck(
            proposal_id=proposal.id,
            nominee_id=result.nominee_id,
            nominee_name=result.name[:120],
            round=proposal.round,
            bpmn_id=bpmn_id,
            rule_set=result.rule_set.code,
            passed=result.passed,
            results_json=json.dumps([c.as_dict() for c in result.criteria], ensure_ascii=False),
            justification=result.justification,
            checked_at=now,
            checked_by_id=user.id if user else None,
        )
        session.add(row)
        rows.append(row)
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
    last = (
        select(EligibilityCheck.proposal_id, func.max(EligibilityCheck.checked_at).label("at"))
        .where(EligibilityCheck.proposal_id.in_(proposal_ids))
        .group_by(EligibilityCheck.proposal_id)
        .subquery()
    )
    rows = session.scalars(
        select(EligibilityCheck)
        .join(
            last,
            (last.c.proposal_id == EligibilityCheck.proposal_id)
            & (last.c.at == EligibilityCheck.checked_at),
        )
        .order_by(EligibilityCheck.id)
    )
    out: dict[int, dict] = {}
    for row in rows:
        summary = out.setdefault(row.proposal_id, _summary(row))
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


def _summary(row: EligibilityCheck) -> dict:
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
