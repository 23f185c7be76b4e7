"""A decision writes the award into each active nominee's history with its bonus, and uses up
the initiatives that grounded it; a missing rule for the date refuses it and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import AwardRecord
from tests.support import factories as f
from workflows.awards import money
from workflows.errors import ValidationFailed
from workflows.process import decisions


def _decided(proposal, day: date) -> None:
    proposal.decision_no, proposal.decision_date = "88/QĐ-STTTT", day
    proposal.decision_signer = "Vũ Đức Thắng"


def test_one_record_per_active_nominee_with_its_amount_and_the_initiative_used(session):
    year = 2026
    by_initiative, by_rating, voted_down = f.people(session, "sotttt-cntt", 3, "Ứng viên")
    f.give(session, [by_initiative, by_rating, voted_down], year, "LDTT")
    f.rate(session, [by_initiative, voted_down], year, "tot")
    f.rate(session, [by_rating], year, "xuat_sac")
    grounds = f.initiative(session, by_initiative, year)
    spare = f.initiative(session, voted_down, year)
    proposal = f.proposal(session, "CSTDCS", year, [by_initiative, by_rating, voted_down])
    proposal.nominees[2].status = "voted_down"
    _decided(proposal, date(2026, 12, 20))

    summary = decisions.record_decision(session, proposal)

    records = session.scalars(
        select(AwardRecord).where(AwardRecord.proposal_id == proposal.id).order_by(AwardRecord.id)
    ).all()
    assert [r.person_id for r in records] == [by_initiative.id, by_rating.id]
    for record in records:
        # CSTĐCS 1,0 × 2 530 000 (base salary from 1/7/2026) = 2 530 000, already round
        assert record.bonus_amount == 2_530_000
        assert (record.decision_no, record.decision_date) == ("88/QĐ-STTTT", date(2026, 12, 20))
        assert (record.source, record.one_off, record.year) == ("decision", False, year)
        assert record.bonus_basis.startswith("1 × 2.530.000 đ = 2.530.000 đ")
    assert summary["total"] == 2 * 2_530_000
    session.refresh(grounds)
    session.refresh(spare)
    assert grounds.used_award_record_id == records[0].id  # it grounded this award, once
    assert spare.used_award_record_id is None  # its author was voted down


def test_a_simplified_award_is_one_off_and_uses_no_initiative(session):
    (person,) = f.people(session, "sotttt-cntt", 1, "Đột xuất")
    idea = f.initiative(session, person, 2026)
    proposal = f.proposal(session, "GK_CN", 2026, [person])
    proposal.procedure, proposal.simplified_case = "simplified", "dot_xuat"
    _decided(proposal, date(2026, 6, 30))
    decisions.record_decision(session, proposal)
    record = session.scalar(select(AwardRecord).where(AwardRecord.proposal_id == proposal.id))
    # Giấy khen 0,3 × 2 340 000 = 702 000 → 710 000 (base salary until 30/6/2026)
    assert (record.one_off, record.bonus_amount) == (True, 710_000)
    session.refresh(idea)
    assert idea.used_award_record_id is None


def test_no_rule_for_the_date_refuses_and_writes_nothing(session):
    (person,) = f.people(session, "sotttt-cntt", 1, "Quá sớm")
    proposal = f.proposal(session, "LDTT", 2023, [person])
    _decided(proposal, date(2023, 6, 30))  # before the first coefficient row (1/1/2024)
    with pytest.raises(ValidationFailed) as refused:
        decisions.record_decision(session, proposal)
    message = refused.value.fields["decision_date"]
    assert "Lao động tiên tiến (LDTT)" in message and "30/06/2023" in message
    assert session.scalar(select(AwardRecord).where(AwardRecord.proposal_id == proposal.id)) is None


def test_every_amount_is_computed_before_any_record_is_written(session, monkeypatch):
    first, second = f.people(session, "sotttt-cntt", 2, "Hai người")
    proposal = f.proposal(session, "LDTT", 2026, [first, second])
    _decided(proposal, date(2026, 12, 1))
    real = money.bonus_for
    calls = []

    def second_fails(award, target, day, rules=None, *, rule_set=None):
        calls.append(award)
        if len(calls) == 2:
            raise money.NoBonusRule("không có hệ số")
        return real(award, target, day, rules, rule_set=rule_set)

    monkeypatch.setattr(money, "bonus_for", second_fails)
    with pytest.raises(ValidationFailed):
        decisions.record_decision(session, proposal)
    assert session.scalar(select(AwardRecord).where(AwardRecord.proposal_id == proposal.id)) is None
