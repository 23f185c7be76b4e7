"""Emulation movements as data: loading them, finding them, and the movement of a proposal."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from models import (
    Headcount,
    Movement,
    MovementContent,
    MovementParticipant,
    MovementStatus,
    MovementTarget,
    Organisation,
    OrgKind,
)
from workflows.directory.org_history import reviewer_of
from workflows.errors import N_, ValidationFailed
from workflows.reference import DATA_DIR

MOVEMENTS_DIR = DATA_DIR / "movements"

#: the key of a proposal body: absent means "the default", null means "none"
FIELD = "movement"


def load_directory(session: Session, directory: Path = MOVEMENTS_DIR) -> list[Movement]:
    """Upsert every movement and headcount file of `directory` (idempotent)."""
    loaded = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "movement" in data:
            loaded.append(upsert_movement(session, data["movement"]))
        for row in data.get("headcounts", []):
            upsert_headcount(session, row)
    session.flush()
    return loaded


def _org(session: Session, code: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.code == code))
    if org is None:
        wrong = N_("không có tổ chức mã '%(code)s'", code=code)
        raise ValidationFailed("unknown_org", {"org": wrong})
    return org


def upsert_movement(session: Session, row: dict) -> Movement:
    organiser = _org(session, row["organiser"])
    participants = [_org(session, code) for code in row.get("participants", [])]
    movement = session.scalar(select(Movement).where(Movement.code == row["code"]))
    if movement is None:
        movement = Movement(code=row["code"], organiser=organiser)
        session.add(movement)
    movement.title = row["title"]
    movement.theme = row.get("theme", "")
    movement.organiser = organiser
    movement.period_start = date.fromisoformat(row["period_start"])
    movement.period_end = date.fromisoformat(row["period_end"])
    movement.review_at = row.get("review_at", "")
    movement.source_ref = row.get("source_ref", "")
    deadline = row.get("submission_deadline")
    movement.submission_deadline = date.fromisoformat(deadline) if deadline else None
    movement.status = row.get("status", MovementStatus.OPEN)
    # Replaced whole: the file is the source. Flushed empty first so the unique keys
    # (movement, position / code / org) are free again before the new rows go in.
    movement.contents.clear()
    movement.participants.clear()
    movement.targets.clear()
    session.flush()
    for position, line in enumerate(row.get("contents", []), start=1):
        movement.contents.append(
            MovementContent(position=position, number=line["number"], text=line["text"])
        )
    for org in participants:
        movement.participants.append(MovementParticipant(org=org))
    for position, target in enumerate(row.get("targets", []), start=1):
        value = target.get("value")
        movement.targets.append(
            MovementTarget(
                position=position,
                code=target["code"],
                text=target["text"],
                subject=target.get("subject"),
                metric=target.get("metric"),
                comparator=target.get("comparator"),
                value=Decimal(value) if value is not None else None,
                base=target.get("base", ""),
                note=target.get("note", ""),
            )
        )
    session.flush()
    return movement


def upsert_headcount(session: Session, row: dict) -> Headcount:
    org = _org(session, row["org"])
    headcount = session.scalar(
        select(Headcount).where(Headcount.org_id == org.id, Headcount.year == row["year"])
    )
    if headcount is None:
        headcount = Headcount(org_id=org.id, year=row["year"])
        session.add(headcount)
    headcount.persons = row["persons"]
    headcount.women = row.get("women", 0)
    headcount.leaders = row.get("leaders", 0)
    headcount.source = row.get("source", "")
    return headcount


def all_movements(session: Session, contents: bool = True) -> list[Movement]:
    """Every movement with its participants and targets, and its contents unless `contents`
    is false (the dashboard shows none)."""
    lists = [selectinload(Movement.participants), selectinload(Movement.targets)]
    if contents:
        lists.append(selectinload(Movement.contents))
    query = select(Movement).order_by(Movement.period_start.desc(), Movement.code)
    return list(session.scalars(query.options(*lists)))


def reviewers(session: Session, movement: Movement, day: date | None = None) -> list[Organisation]:
    """Who reviews the movement on `day` (by default the day after its period, when the review
    is held): its organiser while it exists, else whoever carries it then (Sở TT&TT's 2025
    movement is reviewed in 2026 by Sở KH&CN, its successor)."""
    when = day or movement.period_end + timedelta(days=1)
    return reviewer_of(session, movement, when)


def by_code(session: Session, code: str) -> Movement | None:
    return session.scalar(select(Movement).where(Movement.code == code))


def participant_units(movement: Movement) -> list[Organisation]:
    """The collectives of a movement: participating units, and the units of a participating
    department (collectives of a department are its units)."""
    units: dict[int, Organisation] = {}
    for participant in movement.participants:
        org = participant.org
        if org.kind == OrgKind.UNIT:
            units[org.id] = org
        else:
            for child in org.children:
                if child.kind == OrgKind.UNIT:
                    units[child.id] = child
    return sorted(units.values(), key=lambda o: o.name)


def open_for(session: Session, unit: Organisation, year: int | None) -> list[Movement]:
    """Open movements a unit can file under for `year` (any year when None): organised by or
    open to the unit or its department, with the year inside the period."""
    org_ids = [unit.id] + ([unit.parent_id] if unit.parent_id else [])
    participant = (
        select(MovementParticipant.movement_id)
        .where(MovementParticipant.org_id.in_(org_ids))
        .scalar_subquery()
    )
    query = (
        select(Movement)
        .where(
            Movement.status == MovementStatus.OPEN,
            or_(Movement.organiser_id.in_(org_ids), Movement.id.in_(participant)),
        )
        .order_by(Movement.period_start.desc(), Movement.code)
    )
    return [m for m in session.scalars(query) if year is None or year in m.years]


def choose(
    session: Session,
    unit: Organisation,
    year: int,
    data: dict,
    current: int | None = None,
    editing: bool = False,
) -> int | None:
    """The movement id of a proposal from its body's `movement` key.

    A code names the movement; null means none. Absent, on filing, takes the one open
    movement of the unit's department for the year (none when there are zero or several);
    on editing (`editing`), keeps the current choice ("none" included, a movement closed
    since included) unless the year moved out of its period: then it is chosen as on filing.
    """
    candidates = open_for(session, unit, year)
    if FIELD not in data:
        kept = session.get(Movement, current) if current is not None else None
        if editing and (kept is None or year in kept.years):
            return current
        return candidates[0].id if len(candidates) == 1 else None
    code = data[FIELD]
    if code is None or code == "":
        return None
    if not isinstance(code, str):
        wrong = N_("phải là mã phong trào (chuỗi ký tự) hoặc null")
        raise ValidationFailed("invalid_movement", {FIELD: wrong})
    for movement in candidates:
        if movement.code == code:
            return movement.id
    if current is not None and (kept := session.get(Movement, current)) and kept.code == code:
        # A closed movement stays on the proposals already filed under it.
        return current
    if by_code(session, code) is None:
        wrong = N_("không có phong trào mã '%(code)s'", code=code[:64])
        raise ValidationFailed("unknown_movement", {FIELD: wrong})
    wrong = N_(
        "phong trào '%(code)s' không mở cho đơn vị này trong năm %(year)s",
        code=code[:64],
        year=year,
    )
    raise ValidationFailed("movement_not_open", {FIELD: wrong})


def headcounts(session: Session, org_ids: list[int], year: int) -> dict[int, Headcount]:
    if not org_ids:
        return {}
    rows = session.scalars(
        select(Headcount).where(Headcount.org_id.in_(org_ids), Headcount.year == year)
    )
    return {h.org_id: h for h in rows}
