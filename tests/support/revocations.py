"""A decided award to revoke: shared by the service's tests and the pages' tests."""

from datetime import date

from models import AwardRecord
from tests.support import factories
from tests.support.eligibility import History
from workflows.history import initiatives


def decided_cstdcs_2024(session):
    """A person with CSTĐCS 2024 decided in tdkt (by the Director, with its bonus and an
    initiative it used) and CSTĐCS 2025 in the registry: eligible for Bằng khen 2025."""
    history = History(session)
    person = history.person()
    for year in (2024, 2025):
        history.year(person=person, year=year, rating="xuat_sac")
    history.award("CSTDCS", person=person, year=2025)
    proposal = factories.proposal(session, "CSTDCS", 2024, [person])
    proposal.status = "approved"
    proposal.decision_no, proposal.decision_date = "88/QĐ-STTTT", date(2024, 12, 5)
    # Worked by hand: CSTĐCS 1,0 × 2.340.000 đ (Decree 73/2024 from 1/7/2024) = 2.340.000 đ.
    record = AwardRecord(
        person_id=person.id,
        subject_name=person.full_name,
        year=2024,
        award_code="CSTDCS",
        decision_no="88/QĐ-STTTT",
        decision_date=date(2024, 12, 5),
        decided_by="Vũ Đức Thắng",
        proposal_id=proposal.id,
        nominee_id=proposal.nominees[0].id,
        bonus_amount=2_340_000,
        source="decision",
    )
    session.add(record)
    session.flush()
    used = history.initiative(person, year=2024)
    initiatives.mark_used(session, used, record)
    session.flush()
    return person, record, used
