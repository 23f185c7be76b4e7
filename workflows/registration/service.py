"""Opening registrations when a movement opens: one registration and one case per unit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CaseInstance, Movement, Organisation, Registration, User
from workflows.cases import inbox
from workflows.cases.runtime import CaseProcess
from workflows.errors import N_, Conflict, NotFound
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


def visible(session: Session, user: User, registration_id: int) -> tuple[Registration, int]:
    """A registration the user may read, with its latest case's id: the rule of its case (a
    role at the unit, its department, or a step's organisation). Anything else is not found,
    so that an id says nothing of another unit's registration."""
    missing = NotFound(
        "registration_not_found",
        N_("Không tìm thấy đăng ký thi đua số %(id)s", id=registration_id),
    )
    row = session.get(Registration, registration_id)
    case_id = (
        session.scalar(
            select(CaseInstance.id)
            .where(CaseInstance.subject_table == "registration", CaseInstance.subject_id == row.id)
            .order_by(CaseInstance.id.desc())
            .limit(1)
        )
        if row is not None
        else None
    )
    if row is None or case_id is None:
        raise missing
    try:
        inbox.visible_case(session, user, case_id)
    except NotFound:
        raise missing from None
    return row, case_id
