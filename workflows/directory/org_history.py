"""Questions about organisations "as of" a date: which existed, what one was called, where it
stood in the tree, which bloc or cluster a department belonged to, and who came before and after
whom (through the dated events of `models.org`).

A day inside an organisation's life gives the name and placement rows valid that day; a day
outside it (or a history with no row for it) falls back to the organisation's own columns, which
hold the latest values, so an organisation loaded before histories were kept still answers.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from models import (
    GroupMembership,
    Movement,
    Organisation,
    OrgEvent,
    OrgEventKind,
    OrgEventParty,
    OrgKind,
    OrgName,
    OrgPlacement,
    PartyRole,
)


def valid_on(table, day: date) -> ColumnElement[bool]:
    """The SQL condition "the row of `table` (with valid_from/valid_to) holds on `day`"."""
    return and_(
        or_(table.valid_from.is_(None), table.valid_from <= day),
        or_(table.valid_to.is_(None), table.valid_to >= day),
    )


def existing_on(session: Session, day: date, kinds: tuple[str, ...] = ()) -> list[Organisation]:
    query = select(Organisation).where(valid_on(Organisation, day)).order_by(Organisation.id)
    if kinds:
        query = query.where(Organisation.kind.in_(kinds))
    return list(session.scalars(query))


def name_on(session: Session, org: Organisation, day: date | None) -> tuple[str, str]:
    """(name, short name) the organisation bore on `day` (its current one when None)."""
    if day is not None:
        row = session.execute(
            select(OrgName.name, OrgName.short_name)
            .where(OrgName.org_id == org.id, valid_on(OrgName, day))
            .order_by(OrgName.valid_from.desc())
            .limit(1)
        ).first()
        if row is not None:
            return row.name, row.short_name
    return org.name, org.short_name


def parent_on(session: Session, org: Organisation, day: date | None) -> Organisation | None:
    if day is not None:
        row = session.execute(
            select(OrgPlacement.parent_id)
            .where(OrgPlacement.org_id == org.id, valid_on(OrgPlacement, day))
            .order_by(OrgPlacement.valid_from.desc())
            .limit(1)
        ).first()
        if row is not None:
            return session.get(Organisation, row.parent_id) if row.parent_id else None
    return org.parent


def ancestor_on(
    session: Session, org: Organisation, kind: str, day: date | None
) -> Organisation | None:
    node: Organisation | None = org
    while node is not None and node.kind != kind:
        node = parent_on(session, node, day)
    return node


def department_on(session: Session, org: Organisation, day: date | None) -> Organisation | None:
    return ancestor_on(session, org, OrgKind.DEPARTMENT, day)


def groupings_on(session: Session, department: Organisation, day: date) -> list[Organisation]:
    """The blocs and clusters the department was a member of on `day`."""
    return list(
        session.scalars(
            select(Organisation)
            .join(GroupMembership, GroupMembership.grouping_id == Organisation.id)
            .where(GroupMembership.member_id == department.id, valid_on(GroupMembership, day))
            .order_by(Organisation.id)
        )
    )


def members_on(session: Session, grouping: Organisation, day: date) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation)
            .join(GroupMembership, GroupMembership.member_id == Organisation.id)
            .where(GroupMembership.grouping_id == grouping.id, valid_on(GroupMembership, day))
            .order_by(Organisation.id)
        )
    )


#: the events that hand an organisation's work on: a transfer names the old and new department
#: of the unit it moves (predecessor and successor), but neither takes the other over — the
#: press unit's move to Sở VHTTDL does not make it an heir of Sở TT&TT
SUCCESSION_KINDS = (
    OrgEventKind.MERGE,
    OrgEventKind.SPLIT,
    OrgEventKind.DISSOLVE,
    OrgEventKind.ESTABLISH,
)


def _linked(session: Session, org_id: int, mine: str, theirs: str) -> list[tuple[int, OrgEvent]]:
    """(other organisation's id, event) for every succession event where `org_id` is `mine` and
    the other party is `theirs`, oldest event first."""
    me = select(OrgEventParty.event_id).where(
        OrgEventParty.org_id == org_id, OrgEventParty.role == mine
    )
    rows = session.execute(
        select(OrgEventParty.org_id, OrgEvent)
        .join(OrgEvent, OrgEvent.id == OrgEventParty.event_id)
        .where(
            OrgEventParty.event_id.in_(me),
            OrgEventParty.role == theirs,
            OrgEventParty.org_id != org_id,
            OrgEvent.kind.in_(SUCCESSION_KINDS),
        )
        .order_by(OrgEvent.effective_on, OrgEvent.id, OrgEventParty.id)
    )
    return [(other, event) for other, event in rows]


def successors(session: Session, org: Organisation) -> list[tuple[Organisation, OrgEvent]]:
    """Who took over from `org` directly, with the event (merge, split)."""
    return [
        (session.get_one(Organisation, other), event)
        for other, event in _linked(session, org.id, PartyRole.PREDECESSOR, PartyRole.SUCCESSOR)
    ]


def predecessors(session: Session, org: Organisation) -> list[tuple[Organisation, OrgEvent]]:
    """Whom `org` took over from directly, with the event."""
    return [
        (session.get_one(Organisation, other), event)
        for other, event in _linked(session, org.id, PartyRole.SUCCESSOR, PartyRole.PREDECESSOR)
    ]


def lineage_ids(session: Session, org: Organisation) -> set[int]:
    """`org` and every organisation it took over from, however many events back: what a count
    "incl. the former …" rolls up."""
    seen = {org.id}
    todo = [org.id]
    while todo:
        current = todo.pop()
        for other, _event in _linked(session, current, PartyRole.SUCCESSOR, PartyRole.PREDECESSOR):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def heirs_on(session: Session, org: Organisation, day: date) -> list[Organisation]:
    """The organisations that carry `org` on `day`: itself while it exists, else its successors
    that exist then, followed through later events (a split gives several)."""
    found: list[Organisation] = []
    seen: set[int] = set()
    todo = [org]
    while todo:
        current = todo.pop(0)
        if current.id in seen:
            continue
        seen.add(current.id)
        if current.exists_on(day):
            found.append(current)
            continue
        todo.extend(other for other, _event in successors(session, current))
    return found


def events_of(session: Session, org: Organisation) -> list[OrgEvent]:
    """Every event the organisation took part in, oldest first."""
    # IN, not JOIN + DISTINCT: PostgreSQL has no equality on the JSON summary to DISTINCT it.
    mine = select(OrgEventParty.event_id).where(OrgEventParty.org_id == org.id)
    return list(
        session.scalars(
            select(OrgEvent)
            .where(OrgEvent.id.in_(mine))
            .order_by(OrgEvent.effective_on, OrgEvent.id)
        )
    )


def reviewer_of(session: Session, movement: Movement, day: date) -> list[Organisation]:
    """Who reviews the movement on `day`: its organiser while it exists, else the organiser's
    heirs then (the movement keeps naming the organiser that launched it)."""
    return heirs_on(session, movement.organiser, day)


def dissolution_of(session: Session, org: Organisation) -> OrgEvent | None:
    """The event that ended `org` (the latest one where it is a predecessor), if any."""
    return session.scalar(
        select(OrgEvent)
        .join(OrgEventParty, OrgEventParty.event_id == OrgEvent.id)
        .where(
            OrgEventParty.org_id == org.id,
            OrgEventParty.role == PartyRole.PREDECESSOR,
            OrgEvent.kind.in_(("merge", "split", "dissolve")),
        )
        .order_by(OrgEvent.effective_on.desc(), OrgEvent.id.desc())
        .limit(1)
    )
