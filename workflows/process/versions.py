"""Process versions in the database: one row per content hash of the diagrams, and the runtime
(the parsed spec, workflows.engine.storage) each row is run with.

A version row carries the whole serialized spec and the diagram sources (~100 KB): a request
that already knows the version's hash (the instance lock reads it, workflows.process.runtime)
finds the built runtime without reading the row.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import ProcessVersion, Stage
from workflows.engine import storage
from workflows.engine.diagrams import DiagramSet, parse


def runtime_of(
    session: Session, version_id: int, content_hash: str | None = None
) -> storage.Runtime:
    """The runtime of a version by row id; `content_hash`: the version's hash, when the caller
    read it with another row, so that only an unbuilt version costs a read."""
    if content_hash is None:
        content_hash = session.scalar(
            select(ProcessVersion.content_hash).where(ProcessVersion.id == version_id)
        )
    known = storage.cached(content_hash) if content_hash is not None else None
    if known is not None:
        return known
    return storage.runtime_for(session.get_one(ProcessVersion, version_id))


def ensure_version(
    session: Session, diagrams: DiagramSet, known_roles: set[str]
) -> tuple[ProcessVersion, storage.Runtime]:
    """The version row of the diagrams on disk, created on first use; parsed once per process."""
    row = session.scalar(
        select(ProcessVersion).where(ProcessVersion.content_hash == diagrams.content_hash)
    )
    if row is not None:
        return row, storage.runtime_for(row)
    spec, subprocess_specs = parse(diagrams, known_roles, tuple(Stage))
    row = ProcessVersion(
        process_id=diagrams.process_id,
        content_hash=diagrams.content_hash,
        serializer_version=storage.SERIALIZER.VERSION,
        spec_json=storage.spec_json_of(spec, subprocess_specs),
        sources_json=json.dumps(diagrams.sources, ensure_ascii=False),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # Another worker stored the same version first: on PostgreSQL both looked before either
        # committed, and the unique hash let one insert win. Use the winner's row.
        row = session.scalars(
            select(ProcessVersion).where(ProcessVersion.content_hash == diagrams.content_hash)
        ).one()
    return row, storage.remember(
        storage.Runtime(row.content_hash, spec, subprocess_specs, row.spec_json)
    )
