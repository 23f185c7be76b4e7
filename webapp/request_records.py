"""The store of requests already acted on (models.RequestRecord), shared by the API's
Idempotency-Key (webapp.api.idempotency) and the web forms' one-time tokens (webapp.once).

A record is inserted *before* the action, in the request's own transaction, inside a savepoint:
a second request with the same key waits on the unique constraint (PostgreSQL) or on the write
lock every writer takes first (SQLite, webapp.transaction) until the first commits, then finds
its record and answers what the first did; if the first rolled back, the second acts. So one
key never acts twice, and a crash leaves either the action and its record or neither.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import RecordKind, RequestRecord, utcnow

#: how long a key answers with the first result; afterwards it is a new request
KEEP = timedelta(hours=24)


def fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def claim(
    session: Session, user_id: int, kind: RecordKind, key: str, print_: str, endpoint: str | None
) -> tuple[RequestRecord, bool]:
    """The record of `key`: (a new one, True) when this request is the first and may act,
    (the earlier one, False) when a request with this key has already acted."""
    now = utcnow()
    found = _find(session, user_id, kind, key, now)
    if found is not None:
        return found, False
    record = RequestRecord(
        user_id=user_id, kind=kind, key=key, fingerprint=print_, endpoint=endpoint, created_at=now
    )
    try:
        with session.begin_nested():
            # An expired record of the same key makes room; so do all others past their day.
            session.execute(delete(RequestRecord).where(RequestRecord.created_at < now - KEEP))
            session.add(record)
    except IntegrityError:  # the same key, committed meanwhile by a concurrent request
        found = _find(session, user_id, kind, key, now)
        if found is None:
            raise
        return found, False
    return record, True


def _find(session: Session, user_id: int, kind: RecordKind, key: str, now) -> RequestRecord | None:
    return session.scalar(
        select(RequestRecord).where(
            RequestRecord.user_id == user_id,
            RequestRecord.kind == kind,
            RequestRecord.key == key,
            RequestRecord.created_at >= now - KEEP,
        )
    )
