"""Who a quyết định lists and with what money: the award records its decision wrote.

The amounts are those recorded when the decision was taken (workflows.process.decisions), never
recomputed: a later change of base salary or coefficient must not change a signed decision.
Nominees the council voted down received nothing and are not listed. A proposal decided before
award records existed has none; its amounts are then computed from the rules of the decision
date, as the document always did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models import Nominee, Proposal
from workflows.awards import money, rule_sets
from workflows.documents import citations, vn
from workflows.process import decisions


@dataclass(frozen=True)
class DecisionMoney:
    nominees: list[Nominee]
    #: per listed nominee; empty when no amount is known
    amounts: list[int]
    #: the rule in force on the decision date, for the decrees the decision cites
    rule: money.BonusRule | None
    #: how the amounts were computed, printed under the annex
    note: str

    @property
    def total(self) -> int | None:
        return sum(self.amounts) if self.amounts else None


def for_decision(session: Session, proposal: Proposal, day: date) -> DecisionMoney:
    amount, rule = _bonus(proposal, day)
    records = decisions.granted(session, proposal.id)
    if records:
        listed = [n for n in proposal.nominees if n.id in records]
        known = [records[n.id].bonus_amount for n in listed]
        amounts = [a for a in known if a is not None]
        if len(amounts) < len(known):
            return DecisionMoney(listed, [], rule, amount_note(None))
        # one sentence per distinct basis (persons and collectives may differ)
        # The basis was recorded for staff, remarks included; the document prints it without.
        bases = dict.fromkeys(
            citations.printable(records[n.id].bonus_basis)
            for n in listed
            if records[n.id].bonus_basis
        )
        note = f"Mức tiền thưởng: {'; '.join(bases)}." if bases else amount_note(rule)
        return DecisionMoney(listed, amounts, rule, note)
    # Neither those voted down nor those lowered to another award (granted in its proposal).
    listed = [n for n in proposal.nominees if n.status == "active"]
    if amount is None:
        return DecisionMoney(listed, [], None, amount_note(None))
    return DecisionMoney(listed, [amount] * len(listed), rule, amount_note(rule))


def article(found: DecisionMoney, each: str) -> str:
    """Điều 2: the money, one amount for all when they are equal, else per the annex."""
    if not found.amounts:
        return "Tiền thưởng thực hiện theo quy định hiện hành."
    total = vn.money(sum(found.amounts))
    tail = "chi từ quỹ thi đua, khen thưởng theo quy định."
    if len(set(found.amounts)) == 1:
        return (
            f"Mỗi {each} được tặng kèm theo tiền thưởng {vn.money(found.amounts[0])} đồng; "
            f"tổng số tiền thưởng {total} đồng, {tail}"
        )
    return (
        f"Mỗi {each} được tặng kèm theo tiền thưởng theo danh sách kèm theo; tổng số tiền "
        f"thưởng {total} đồng, {tail}"
    )


def _bonus(proposal: Proposal, day: date) -> tuple[int | None, money.BonusRule | None]:
    """The amount per nominee and its rule on `day`, or (None, None) when no rule is in force."""
    try:
        rule_set = rule_sets.for_proposal(proposal, day).rule_set.code
        return money.bonus_for(proposal.award_code, proposal.award.target, day, rule_set=rule_set)
    except (money.NoBonusRule, rule_sets.NoRuleSet):
        return None, None


def amount_note(rule: money.BonusRule | None) -> str:
    if rule is None:
        return "Chưa có quy định về mức tiền thưởng áp dụng cho ngày quyết định."
    coefficient = f"{rule.coefficient.value.normalize():f}".replace(".", ",")
    salary_basis = citations.printable(rule.base_salary.decree)
    coefficient_basis = citations.printable(rule.coefficient.decree)
    return (
        f"Mức tiền thưởng = hệ số {coefficient} × mức lương cơ sở "
        f"{vn.money(rule.base_salary.amount)} đồng ({salary_basis}; hệ số theo "
        f"{coefficient_basis}), làm tròn lên hàng chục nghìn đồng ({rule.rounding_source})."
    )
