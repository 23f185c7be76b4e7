"""Opening a movement's registrations: one registration and its case per unit taking part.

The department that carries the movement today (its organiser, or the successor of an
organiser merged since: `movements.heirs.reviewer`) opens them, by its Director or standing
secretariat; a provincial board officer may too. A unit that has ended since the movement began
is represented by the units that carry it today, so a merged office registers once, under
its new name. Units already open are left as they are; nothing to open is a conflict.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Movement, Organisation, OrgKind, Registration, RoleCode, User
from workflows.directory.org_history import heirs_on
from workflows.errors import N_, Conflict, Forbidden, NotFound
from workflows.movements.heirs import reviewer, taking_part
from workflows.process.registry import ProcessRegistry
from workflows.registration.service import open_for


def movement_for_opening(session: Session, user: User, movement_id: int, today: date) -> Movement:
    """The movement, if `user` may open its registrations today; else why not."""
    movement = session.get(Movement, movement_id)
    if movement is None:
        raise NotFound(
            "movement_not_found", N_("Không tìm thấy phong trào số %(id)s", id=movement_id)
        )
    carrier = reviewer(session, movement, today)
    if not (
        user.has_role(RoleCode.BOARD_OFFICER, day=today)
        or user.has_role(RoleCode.DEPT_SECRETARIAT, carrier.id, today)
        or user.has_role(RoleCode.DIRECTOR, carrier.id, today)
    ):
        raise Forbidden(
            "registration_open_forbidden",
            N_(
                "Chỉ Giám đốc, Thường trực Hội đồng Thi đua – Khen thưởng của %(org)s hoặc "
                "chuyên viên Ban Thi đua – Khen thưởng tỉnh được mở đăng ký thi đua của phong "
                "trào này",
                org=carrier.name,
            ),
        )
    return movement


def units_to_open(session: Session, movement: Movement, today: date) -> list[Organisation]:
    """The units taking part as they exist today (an ended unit by its heirs), not yet open."""
    found: dict[int, Organisation] = {}
    for unit in taking_part(session, movement, today):
        for carrier in [unit] if unit.exists_on(today) else heirs_on(session, unit, today):
            if carrier.kind == OrgKind.UNIT:
                found.setdefault(carrier.id, carrier)
    already = set(
        session.scalars(select(Registration.org_id).where(Registration.movement_id == movement.id))
    )
    return sorted((u for u in found.values() if u.id not in already), key=lambda o: o.name)


def open_movement(
    session: Session, registry: ProcessRegistry, user: User, movement_id: int, today: date
) -> list[Registration]:
    """Open the registration of every unit taking part that has none yet, for the movement's
    year that contains today (its first year before it starts, its last after it ends)."""
    movement = movement_for_opening(session, user, movement_id, today)
    units = units_to_open(session, movement, today)
    if not units:
        raise Conflict(
            "registration_all_open",
            N_("Mọi đơn vị tham gia phong trào đã được mở đăng ký thi đua"),
        )
    year = min(max(today.year, movement.period_start.year), movement.period_end.year)
    return [open_for(session, registry, movement, unit, user, year) for unit in units]
