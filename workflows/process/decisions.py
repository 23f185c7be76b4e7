"""What a decision gives: for each active nominee the award in their history, with its bonus.

Called when the deciding step (the Director's or the Chairman's) approves; the proposal already
carries the decision's number, date and signer (workflows.process.review). The bonus is the
coefficient
in force on the decision date × the base salary in force that day, rounded up
(workflows.awards.money). Every amount is computed before anything is written: a missing rule for
that date refuses the decision, naming the award and the date.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AwardRecord, Nominee, Proposal
from workflows.awards import money, rule_sets
from workflows.awards.procedure import SIMPLIFIED
from workflows.errors import N_, ValidationFailed
from workflows.history import initiatives
from workflows.history import records as history

#: the basis of a ministry's own award in the province's history: no money of the province
PAID_BY_MINISTRY = "Tiền thưởng do Bộ ra quyết định chi, không chi từ quỹ thi đua của tỉnh"


@dataclass(frozen=True)
class Grant:
    nominee: Nominee
    amount: int
    basis: str


def bonuses(
    proposal: Proposal, only: frozenset[int] | None = None, province_pays: bool = True
) -> list[Grant]:
    """The amount for each active nominee on the proposal's decision date; `only`: the
    nominees a higher decision granted; `province_pays` False: a ministry's own award, whose
    bonus the ministry pays (amount 0, the basis says so)."""
    day = proposal.decision_date
    if day is None:
        wrong = N_("bắt buộc nhập (%(label)s)", label=N_("Ngày quyết định"))
        raise ValidationFailed("decision_date_required", {"decision_date": wrong})
    # The rule set the law assigns the proposal (the check cited the same one): its
    # coefficient; the base salary is the decision date's.
    grants = []
    for nominee in proposal.nominees:
        if nominee.status != "active" or (only is not None and nominee.id not in only):
            continue
        if not province_pays:
            grants.append(Grant(nominee, 0, PAID_BY_MINISTRY))
            continue
        try:
            rule_set = rule_sets.for_proposal(proposal, day).rule_set.code
            amount, rule = money.bonus_for(
                proposal.award_code, nominee.kind, day, rule_set=rule_set
            )
        except (money.NoBonusRule, rule_sets.NoRuleSet) as exc:
            wrong = N_(
                "không tính được tiền thưởng %(award)s (%(code)s) cho quyết định ngày %(day)s: "
                "%(reason)s",
                award=proposal.award.name_vi,
                code=proposal.award_code,
                day=f"{day:%d/%m/%Y}",
                reason=str(exc),
            )
            raise ValidationFailed(
                "bonus_rule_missing",
                {"decision_date": wrong},
                message=N_("Thiếu mức thưởng áp dụng"),
            ) from exc
        grants.append(Grant(nominee, amount, rule.basis_vi(amount)))
    return grants


def record_decision(
    session: Session,
    proposal: Proposal,
    only: frozenset[int] | None = None,
    province_pays: bool = True,
) -> dict:
    """Write one award record per active nominee (of `only`, if given) and mark the
    initiatives that grounded it used; returns the amounts, which go into the proposal's
    "decided" audit event."""
    grants = bonuses(proposal, only, province_pays)
    # Every record first, checked and written together: one look-up, one INSERT.
    records = history.add_awards(
        session,
        [
            {
                "person_id": grant.nominee.person_id,
                "org_id": grant.nominee.subject_org_id,
                "subject_name": grant.nominee.name,
                "year": proposal.year,
                "award_code": proposal.award_code,
                "decision_no": proposal.decision_no or "",
                "decision_date": proposal.decision_date,
                "decided_by": proposal.decision_signer or "",
                "one_off": proposal.procedure == SIMPLIFIED,
                "proposal_id": proposal.id,
                "nominee_id": grant.nominee.id,
                "bonus_amount": grant.amount,
                "bonus_basis": grant.basis,
                "source": "decision",
            }
            for grant in grants
        ],
    )
    lines = []
    relied_on = _grounds(session, [grant.nominee for grant in grants], proposal)
    for grant, record, grounds in zip(grants, records, relied_on, strict=True):
        used = []
        for initiative in grounds:
            initiatives.mark_used(session, initiative, record)
            used.append(initiative.id)
        lines.append(
            {
                "nominee": grant.nominee.name,
                "amount": grant.amount,
                "basis": grant.basis,
                "award_record": record.id,
                "initiatives_used": used,
            }
        )
    session.flush()
    return {"total": sum(g.amount for g in grants), "bonuses": lines}


def _grounds(session: Session, nominees: list[Nominee], proposal: Proposal) -> list[list]:
    """The unused initiatives the eligibility check relied on, for each nominee."""
    if proposal.procedure == SIMPLIFIED:
        # A one-off award is not a merit award: it consumes no initiative.
        return [[] for _ in nominees]
    try:
        from workflows.eligibility.checks import grounds_of
    except ImportError:  # eligibility not installed: nothing was relied on
        return [[] for _ in nominees]
    day = proposal.decision_date
    return grounds_of(
        session,
        nominees,
        proposal.award_code,
        proposal.year,
        on_date=day,
        applied=rule_sets.for_proposal(proposal, day) if day else None,
    )


def granted(session: Session, proposal_id: int) -> dict[int, AwardRecord]:
    """The award records a decided proposal wrote, by nominee id (for its page and documents)."""
    rows = session.scalars(
        select(AwardRecord).where(
            AwardRecord.proposal_id == proposal_id, AwardRecord.source == "decision"
        )
    )
    return {row.nominee_id: row for row in rows if row.nominee_id is not None}
