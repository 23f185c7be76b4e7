"""Điện Biên's organisations as recorded history (workflows/data/demo.json): the tree through
2024, the merger of Sở TT&TT into Sở KH&CN on 1/3/2025, the end of the district level on
1/7/2025, bloc and cluster membership by dates and their heads by year.

Loaded directly as the rows the event engine would have left (organisations with their dates,
an `OrgName` and `OrgPlacement` row for every value, `OrgEvent` with its parties), not replayed
through it: the demo is what a province that used tdkt all along would hold. `until` keeps only
what had been recorded by that day; a span still running then is left open. Idempotent: every
row is matched on its natural key and updated.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    GroupingHead,
    GroupMembership,
    Organisation,
    OrgEvent,
    OrgEventKind,
    OrgEventParty,
    OrgName,
    OrgPlacement,
    PartyRole,
)

Span = tuple[date | None, date | None]


def day_of(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def recorded(start: date | None, end: date | None, until: date | None) -> Span | None:
    """The span [start, end] as tdkt held it on `until`: None if it had not begun, its end
    open if it ended later."""
    if until is None:
        return start, end
    if start is not None and start > until:
        return None
    return start, end if end is not None and end <= until else None


def load_organisations(session: Session, data: dict, until: date | None) -> dict[str, Organisation]:
    """Organisations, names, placements, events, memberships and heads; {code: organisation}."""
    by_code = {o.code: o for o in session.scalars(select(Organisation))}
    events = sorted(
        (e for e in data["events"] if recorded(day_of(e["effective_on"]), None, until)),
        key=lambda e: e["effective_on"],
    )
    rows = []
    for row in data["organisations"]:
        span = recorded(day_of(row.get("valid_from")), day_of(row.get("valid_to")), until)
        if span is None:
            continue
        org = by_code.get(row["code"])
        if org is None:
            org = Organisation(code=row["code"])
            session.add(org)
            by_code[row["code"]] = org
        org.name, org.short_name, org.kind = row["name"], row["short_name"], row["kind"]
        org.valid_from, org.valid_to = span
        org.source_note = row.get("source_note")
        rows.append((org, row))
    session.flush()
    for org, row in rows:
        _upsert(session, OrgName, org.id, org.valid_from, org.valid_to, name=org.name)
        parent = None
        for parent, start, end in _placements(row, org, events):
            _upsert(session, OrgPlacement, org.id, start, end, parent_id=_id(by_code, parent))
        org.parent = by_code[parent] if parent else None
    for event in events:
        _event(session, by_code, event)
    for row in data["memberships"]:
        span = recorded(day_of(row.get("valid_from")), day_of(row.get("valid_to")), until)
        if span is not None:
            _membership(session, by_code[row["grouping"]], by_code[row["member"]], span)
    for row in data["heads"]:
        if until is None or row["year"] <= until.year:
            _head(session, by_code, row)
    session.flush()
    return by_code


def _id(by_code: dict[str, Organisation], code: str | None) -> int | None:
    return by_code[code].id if code else None


def _placements(row: dict, org: Organisation, events: list[dict]):
    """(parent code, from, to) of each place the organisation held: its first parent, then one
    per transfer of it (the old place ends the day before)."""
    parent, start = row.get("parent"), org.valid_from
    for event in events:
        parties = {p[0]: p[1] for p in event["parties"]}
        if event["kind"] == OrgEventKind.TRANSFER and parties.get(PartyRole.SUBJECT) == org.code:
            moved_on = date.fromisoformat(event["effective_on"])
            yield parent, start, moved_on - timedelta(days=1)
            parent, start = parties[PartyRole.SUCCESSOR], moved_on
    yield parent, start, org.valid_to


def _upsert(session: Session, table, org_id: int, start, end, **values) -> None:
    if table is OrgName:
        org = session.get_one(Organisation, org_id)
        values["short_name"] = org.short_name
    since = table.valid_from.is_(None) if start is None else table.valid_from == start
    row = session.scalar(select(table).where(table.org_id == org_id, since))
    if row is None:
        row = table(org_id=org_id, valid_from=start)
        session.add(row)
    row.valid_to = end
    for key, value in values.items():
        setattr(row, key, value)


def _event(session: Session, by_code: dict[str, Organisation], row: dict) -> None:
    effective_on = day_of(row["effective_on"])
    parties = [(by_code[p[1]].id, p[0], p[2] if len(p) > 2 else None) for p in row["parties"]]
    wanted = sorted((org_id, role) for org_id, role, _share in parties)
    candidates = session.scalars(
        select(OrgEvent).where(
            OrgEvent.kind == row["kind"],
            OrgEvent.effective_on == effective_on,
            OrgEvent.decision_no == row["decision_no"],
        )
    )
    event = next(
        (e for e in candidates if sorted((p.org_id, p.role) for p in e.parties) == wanted), None
    )
    if event is None:
        event = OrgEvent(kind=row["kind"], effective_on=effective_on)
        event.parties = [
            OrgEventParty(org_id=org_id, role=role, share=share) for org_id, role, share in parties
        ]
        session.add(event)
    event.decision_no = row["decision_no"]
    event.decision_date = day_of(row.get("decision_date"))
    event.issued_by = row.get("issued_by")
    event.note = row.get("note")
    event.source_note = row.get("source_note")
    # Recorded history, not applied by the engine: nothing was counted as it moved.
    event.summary = {"recorded_by": "tdkt demo"}


def _membership(session: Session, grouping: Organisation, member: Organisation, span: Span):
    start, end = span
    query = select(GroupMembership).where(
        GroupMembership.grouping_id == grouping.id, GroupMembership.member_id == member.id
    )
    since = GroupMembership.valid_from
    membership = session.scalar(query.where(since.is_(None) if start is None else since == start))
    if membership is None:
        membership = GroupMembership(grouping_id=grouping.id, member_id=member.id, valid_from=start)
        session.add(membership)
    membership.valid_to = end


def _head(session: Session, by_code: dict[str, Organisation], row: dict) -> None:
    grouping = by_code[row["grouping"]]
    head = session.scalar(
        select(GroupingHead).where(
            GroupingHead.grouping_id == grouping.id, GroupingHead.year == row["year"]
        )
    )
    if head is None:
        head = GroupingHead(grouping_id=grouping.id, year=row["year"])
        session.add(head)
    head.head_id = by_code[row["head"]].id
    head.deputy_id = _id(by_code, row.get("deputy"))
    head.basis = row.get("basis")
