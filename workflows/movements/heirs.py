"""A movement outliving its organiser: who reviews it and which units count.

A movement launched by a department that has since been merged is reviewed by the department
that carries it on the review day (`org_history.heirs_on`); its targets count the units that
took part on both sides: the participants' units as they were placed during the movement (a
unit moved to the successor since still counts), and the successor's units that filed under
the movement. Each unit once, so nothing is counted twice.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from models import Movement, Organisation, OrgKind, OrgPlacement, Proposal
from workflows.directory.org_history import heirs_on
from workflows.movements.registry import participant_units, reviewers


def reviewer(session: Session, movement: Movement, day: date) -> Organisation:
    """The one reviewer a text names on `day`: the first of `registry.reviewers` (the one rule:
    the organiser while it exists, else its heirs), the organiser when nothing carries it."""
    found = reviewers(session, movement, day)
    return found[0] if found else movement.organiser


def taking_part(session: Session, movement: Movement, day: date) -> list[Organisation]:
    """The units a movement's targets are counted over on `day`, by name."""
    units = {u.id: u for u in participant_units(movement)}
    departments = [p.org_id for p in movement.participants if p.org.kind != OrgKind.UNIT]
    if departments:
        # Placed under a participating department at some time during the movement.
        during = and_(
            or_(OrgPlacement.valid_from.is_(None), OrgPlacement.valid_from <= movement.period_end),
            or_(OrgPlacement.valid_to.is_(None), OrgPlacement.valid_to >= movement.period_start),
        )
        placed = session.scalars(
            select(Organisation)
            .join(OrgPlacement, OrgPlacement.org_id == Organisation.id)
            .where(
                OrgPlacement.parent_id.in_(departments),
                Organisation.kind == OrgKind.UNIT,
                during,
            )
        )
        units.update((u.id, u) for u in placed)
    if not movement.organiser.exists_on(day):
        heirs = [h.id for h in heirs_on(session, movement.organiser, day)]
        filers = session.scalars(
            select(Organisation)
            .join(Proposal, Proposal.org_id == Organisation.id)
            .where(
                Proposal.movement_id == movement.id,
                Proposal.department_id.in_(heirs),
                Organisation.kind == OrgKind.UNIT,
            )
            .distinct()
        )
        units.update((u.id, u) for u in filers)
    return sorted(units.values(), key=lambda o: o.name)
