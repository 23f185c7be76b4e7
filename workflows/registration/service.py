"""Opening registrations when a movement opens: one registration and one case per unit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Movement, Organisation, Registration, User
from workflows.cases.runtime import CaseProcess
from workflows.errors import N_, Conflict
from workflows.process.registry import ProcessRegistry
from workflows.registration.kind import KIND


def open_for(
    session: Session,
    registry: ProcessRegistry,
    movement: Movement,
    org: Organisation,
    actor: User | None,
    year: int | None = None,
) -> Registration:
    """Open the registration of `org` for `movement` (its year: the movement's first, unless
    told): its case waits for the unit, due by the registration deadline in working days."""
    year = year or movement.period_start.year
    if session.scalar(
        select(Registration.id).where(
            Registration.movement_id == movement.id, Registration.org_id == org.id
        )
    ):
        raise Conflict(
            "registration_exists",
            N_("%(org)s đã được mở đăng ký cho phong trào này", org=org.name),
        )
    registration = Registration(movement_id=movement.id, org_id=org.id, year=year)
    session.add(registration)
    session.flush()
    CaseProcess.start(
        session,
        registry,
        KIND.code,
        registration.id,
        org.id,
        actor,
        title=f"Đăng ký thi đua năm {year} – {org.name}",
    )
    return registration
