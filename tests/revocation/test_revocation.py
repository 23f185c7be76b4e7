"""Revoking an award: the steps of bpmn/revocation.bpmn, the record marked (not deleted), the
money to recover, next year's eligibility, and the initiative the award used."""

from datetime import date

import pytest
from sqlalchemy import select

from models import AuditEvent, AwardRecord, User
from tests.support.revocations import decided_cstdcs_2024
from workflows.awards import money
from workflows.eligibility import checks
from workflows.eligibility import rules as eligibility_rules
from workflows.errors import Conflict, Forbidden, ValidationFailed
from workflows.history import initiatives
from workflows.revocation import check, decide, propose

WHY = {
    "reason": "Hồ sơ khai man thành tích sáng kiến",
    "legal_basis": "Luật Thi đua, khen thưởng 06/2022/QH15, Điều 94",
}


@pytest.fixture
def registry(app):
    return app.extensions["tdkt_registry"]


def _user(session, username: str) -> User:
    return session.scalar(select(User).where(User.username == username))


def _bk_2025(session, person) -> bool:
    result = checks.verdict_for_person(
        session,
        eligibility_rules.current(),
        person.id,
        person.full_name,
        "BK_TINH_CN",
        2025,
        date(2025, 12, 20),
    )
    return next(c for c in result.criteria if c.code == "bk_thanh_tich").passed


def _revoke(session, registry, record, release: bool):
    unit_head, board, director = (
        _user(session, name) for name in ("truongphong.cntt", "chuyenvien.btdkt", "giamdoc.tttt")
    )
    revocation = propose.propose(
        session, registry, unit_head, record.id, {**WHY, "release_initiatives": release}
    )
    assert (revocation.status, revocation.decider_role) == ("proposed", "director")
    # The money to recover is stated from the start: what the decision paid.
    assert revocation.recover_amount == 2_340_000
    decision = {"action": "approve", "decision_no": "12/QĐ-STTTT", "decision_date": "10/03/2026"}
    with pytest.raises(Conflict):  # the board checks first, then the Director decides
        decide.decide(session, registry, director, revocation.id, decision)
    check.check(session, registry, board, revocation.id, {"action": "approve"})
    assert revocation.status == "checked"
    with pytest.raises(ValidationFailed) as wrong:
        decide.decide(session, registry, director, revocation.id, {"action": "approve"})
    assert set(wrong.value.fields) == {"decision_no", "decision_date"}
    decide.decide(session, registry, director, revocation.id, decision)
    session.flush()
    return revocation


def test_revocation_stops_next_years_eligibility_and_keeps_the_initiative_used(session, registry):
    person, record, used = decided_cstdcs_2024(session)
    assert _bk_2025(session, person)

    revocation = _revoke(session, registry, record, release=False)

    assert revocation.status == "revoked" and revocation.decision_no == "12/QĐ-STTTT"
    session.refresh(record)
    assert record.revoked_at is not None  # marked, still there
    assert session.get(AwardRecord, record.id) is not None
    assert not _bk_2025(session, person)
    session.refresh(used)
    assert used.used_award_record_id == record.id  # the revocation did not free it
    trail = session.scalars(
        select(AuditEvent.action).where(AuditEvent.proposal_id == record.proposal_id)
    ).all()
    assert trail[-3:] == ["revocation_proposed", "revocation_checked", "revoked"]
    # One award, one revocation.
    with pytest.raises(Conflict):
        propose.propose(session, registry, _user(session, "truongphong.cntt"), record.id, WHY)


def test_revocation_that_says_so_frees_the_initiative(session, registry):
    person, record, used = decided_cstdcs_2024(session)
    assert initiatives.unused_of(session, [person.id], up_to_year=2025) == {}

    _revoke(session, registry, record, release=True)

    session.refresh(used)
    assert used.used_award_record_id is None
    free = initiatives.unused_of(session, [person.id], up_to_year=2025)
    assert [i.id for i in free[person.id]] == [used.id]


def test_refused_by_the_board_leaves_the_award_in_force(session, registry):
    person, record, _ = decided_cstdcs_2024(session)
    unit_head, board = _user(session, "truongphong.cntt"), _user(session, "chuyenvien.btdkt")
    revocation = propose.propose(session, registry, unit_head, record.id, WHY)
    with pytest.raises(ValidationFailed):  # a refusal needs its reason
        check.check(session, registry, board, revocation.id, {"action": "reject"})
    check.check(
        session, registry, board, revocation.id, {"action": "reject", "comment": "Không đủ căn cứ"}
    )
    assert revocation.status == "refused"
    session.refresh(record)
    assert record.revoked_at is None and _bk_2025(session, person)
    # Who did not submit the award may not propose it; bad input names its fields.
    with pytest.raises(Forbidden):
        propose.propose(session, registry, _user(session, "vanthu.cntt"), record.id, WHY)
    with pytest.raises(ValidationFailed) as wrong:
        propose.propose(
            session, registry, unit_head, record.id, {"reason": 5, "release_initiatives": "x"}
        )
    assert set(wrong.value.fields) == {"reason", "legal_basis", "release_initiatives"}


def test_money_to_recover_worked_by_hand():
    # Paid at the decision: recovered as paid, whatever the base salary is today.
    paid = money.recovery("LDTT", "person", date(2025, 12, 5), 710_000)
    assert paid.amount == 710_000
    # Not recorded (an older record): worked out as the decision would have, on its date.
    # LĐTT 0,3 × 2.340.000 đ = 702.000 đ, rounded up to the next ten thousand: 710.000 đ.
    worked = money.recovery("LDTT", "person", date(2025, 12, 5), None)
    assert worked.amount == 710_000
    assert "0,3 × 2.340.000 đ = 702.000 đ" in worked.basis_vi
    # CSTĐCS 1,0 × 1.800.000 đ (Decree 24/2023, before 1/7/2024) = 1.800.000 đ.
    assert money.recovery("CSTDCS", "person", date(2024, 5, 2), None).amount == 1_800_000
    assert money.recovery("LDTT", "person", None, None).amount == 0
