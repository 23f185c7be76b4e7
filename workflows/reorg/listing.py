"""Organisations and their events as plain data, as of a date (the API and the admin pages)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, OrgEvent
from workflows.directory import org_history


def event_data(session: Session, event: OrgEvent) -> dict:
    return {
        "id": event.id,
        "kind": event.kind,
        "effective_on": event.effective_on.isoformat(),
        "decision_no": event.decision_no,
        "decision_date": event.decision_date.isoformat() if event.decision_date else None,
        "issued_by": event.issued_by,
        "note": event.note,
        "source_note": event.source_note,
        "summary": event.summary or {},
        "parties": [
            {"code": p.org.code, "name": p.org.name, "role": p.role, "share": p.share}
            for p in event.parties
        ],
    }


def _links(pairs) -> list[dict]:
    return [
        {
            "code": org.code,
            "event": {
                "id": event.id,
                "kind": event.kind,
                "effective_on": event.effective_on.isoformat(),
                "decision_no": event.decision_no,
            },
        }
        for org, event in pairs
    ]


def org_data(session: Session, org: Organisation, day: date | None) -> dict:
    name, short_name = org_history.name_on(session, org, day)
    parent = org_history.parent_on(session, org, day)
    return {
        "code": org.code,
        "name": name,
        "short_name": short_name,
        "kind": org.kind,
        "parent": parent.code if parent is not None else None,
        "valid_from": org.valid_from.isoformat() if org.valid_from else None,
        "valid_to": org.valid_to.isoformat() if org.valid_to else None,
        "exists": org.exists_on(day) if day is not None else org.valid_to is None,
        "predecessors": _links(org_history.predecessors(session, org)),
        "successors": _links(org_history.successors(session, org)),
        "source_note": org.source_note,
    }


def organisations_on(session: Session, day: date, include_gone: bool = False) -> list[dict]:
    """Those existing on `day` (with `include_gone`, every one, each marked), names as then."""
    orgs = (
        list(session.scalars(select(Organisation).order_by(Organisation.id)))
        if include_gone
        else org_history.existing_on(session, day)
    )
    return [org_data(session, org, day) for org in orgs]


def by_code(session: Session, code: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.code == code))
