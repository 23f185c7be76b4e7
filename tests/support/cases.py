"""A case kind of the tests' own (workflows.cases), run on the registration diagram, and opening
one: the runtime's tests and the security suites' world use it."""

from __future__ import annotations

from sqlalchemy import select

from models import Organisation, User
from workflows.cases import kinds
from workflows.cases.runtime import CaseOutcome, CaseProcess


class TrialKind(kinds.CaseKind):
    code = "trial"
    process_id = "tdkt_registration"
    label = "Đăng ký thi đua"
    subject_table = "organisation"


def open_trial_case(app, session, unit_code: str, starter: str) -> tuple[int, CaseOutcome]:
    """Open a trial case of the unit `unit_code`, committed; returns its id and first outcome."""
    kinds.register(TrialKind())
    unit = session.scalar(select(Organisation).where(Organisation.code == unit_code))
    actor = session.scalar(select(User).where(User.username == starter))
    process, outcome = CaseProcess.start(
        session,
        app.extensions["tdkt_registry"],
        TrialKind.code,
        unit.id,
        unit.id,
        actor,
        title=f"Đăng ký thi đua 2026 – {unit.name}",
    )
    session.commit()
    return process.case.id, outcome
