"""Process versions in the database: one row per content hash of the diagrams, and the runtime
(the parsed spec, workflows.engine.storage) each row is run with.

A version row carries the whole serialized spec and the diagram sources (~100 KB): a request
that already knows the version's hash (the instance lock reads it, workflows.process.runtime)
finds the built runtime without reading the row.

A row is not trusted: whoever can write the database (or hand `tdkt restore` a crafted backup)
could put code in its spec. So a runtime is never built from `spec_json`: the spec is parsed
again from the row's sources, which must hash to the row's `content_hash` and pass the checks
of a diagram on disk (the expression whitelist included), and the stored `spec_json` must be
exactly what those sources serialize to (it is what an instance in an older format migrates
with). A row that fails is refused with `process_version_tampered`.

The diagrams on disk are parsed at start-up anyway (workflows.process.registry validates them):
those runtimes are kept (`offer`, ~3 MB for every process) and a row of the same hash is checked
against one instead of parsed again. Its sources hash to that hash, so they are the files that
were parsed: the row's first use costs a string comparison, not a parse (~250 ms of a worker's
first request, and ~5 MB of its peak memory while the request's own objects are live).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, undefer_group

from models import ProcessVersion, Stage
from models.process import PAYLOAD
from workflows.engine import storage
from workflows.engine.diagrams import DiagramError, DiagramSet, parse, version_hash
from workflows.errors import N_, DomainError
from workflows.process.functions import DIAGRAM_FUNCTIONS


class VersionTampered(DomainError):
    """A stored process version does not match its own sources: refused, never run."""

    status = 500

    def __init__(self, version_id: int, reason: str):
        super().__init__(
            "process_version_tampered",
            N_(
                "Phiên bản quy trình số %(id)s trong cơ sở dữ liệu không khớp với sơ đồ nguồn "
                "của nó (%(reason)s); không chạy quy trình từ dữ liệu đã bị sửa",
                id=version_id,
                reason=reason,
            ),
        )


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
    return verified_runtime(session.get_one(ProcessVersion, version_id))


class StoredVersion(Protocol):
    """What is checked of a version row (models.ProcessVersion, or a row read from a backup)."""

    id: int
    process_id: str
    content_hash: str
    serializer_version: str
    spec_json: str
    sources_json: str


#: runtimes parsed from the files on disk, by content hash, until a version row of theirs is
#: first used (`offer`)
_offered: dict[str, storage.Runtime] = {}


def offer(runtime: storage.Runtime) -> None:
    """Keep a runtime parsed from the diagrams on disk for the version row of its hash."""
    if storage.cached(runtime.content_hash) is None:
        _offered.setdefault(runtime.content_hash, runtime)


def parsed_runtime(diagrams: DiagramSet, known_roles: Collection[str] | None) -> storage.Runtime:
    """The runtime of one process's files, parsed and checked (DiagramError); `known_roles`: what
    a lane may name (None: not checked, as for a stored row's sources)."""
    spec, subprocess_specs = parse(diagrams, known_roles, tuple(Stage), DIAGRAM_FUNCTIONS)
    spec_json = storage.spec_json_of(spec, subprocess_specs)
    return storage.Runtime(diagrams.content_hash, spec, subprocess_specs, spec_json)


def verified_runtime(row: StoredVersion) -> storage.Runtime:
    """The runtime of a stored version, rebuilt from its sources (or the files on disk of its
    hash, `offer`) and checked against the row; raises VersionTampered. Built once per process
    and version (storage's cache)."""
    known = storage.cached(row.content_hash)
    if known is not None:
        return known
    return _remembered(_checked(row, _offered.get(row.content_hash)))


def check(row: StoredVersion) -> None:
    """Verify a row as a load would, ignoring whatever this process has built already (a
    restore checks the rows of a backup whose hashes may be those of today's diagrams)."""
    _checked(row)


def _checked(row: StoredVersion, parsed: storage.Runtime | None = None) -> storage.Runtime:
    """The row's runtime: `parsed` (parsed from files that hash as the row's sources must), or
    its own sources parsed; the row's stored spec must be what they serialize to."""
    sources = _sources_of(row)
    if parsed is None:
        diagrams = DiagramSet(sources, row.content_hash, process_id=row.process_id)
        try:
            parsed = parsed_runtime(diagrams, None)
        except DiagramError as exc:
            raise VersionTampered(row.id, str(exc)) from exc
    if not _same_spec(row, parsed.spec_json):
        raise VersionTampered(row.id, "spec_json")
    return storage.Runtime(row.content_hash, parsed.spec, parsed.subprocess_specs, row.spec_json)


def _remembered(runtime: storage.Runtime) -> storage.Runtime:
    """Kept for the process (storage's cache); what was offered for its hash is used up."""
    kept = storage.remember(runtime)
    _offered.pop(runtime.content_hash, None)
    return kept


def _sources_of(row: StoredVersion) -> dict[str, str]:
    """The row's diagram sources, which must hash to its content hash."""
    try:
        sources = json.loads(row.sources_json)
        if not isinstance(sources, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in sources.items()
        ):
            raise ValueError("sources_json is not {file name: text}")
    except ValueError as exc:
        raise VersionTampered(row.id, str(exc)) from exc
    if version_hash(sources, row.process_id) != row.content_hash:
        raise VersionTampered(row.id, "content_hash")
    return sources


def _same_spec(row: StoredVersion, rebuilt: str) -> bool:
    if row.serializer_version == storage.SERIALIZER.VERSION:
        return row.spec_json == rebuilt
    # An older format: what it migrates to must be what the sources give today.
    try:
        migrated = storage.migrated_spec(row.spec_json, row.serializer_version)
        return bool(migrated == json.loads(rebuilt))
    except Exception:  # anything a crafted row makes the library's migration raise
        return False


def verify_all(session: Session, ids: Iterable[int] | None = None) -> int:
    """Check every stored version (or those of `ids`) as a load would; raises VersionTampered
    for the first that fails. Returns how many were checked (`tdkt restore`, start-up)."""
    query = select(ProcessVersion).options(undefer_group(PAYLOAD)).order_by(ProcessVersion.id)
    if ids is not None:
        query = query.where(ProcessVersion.id.in_(list(ids)))
    count = 0
    for row in session.scalars(query):
        check(row)
        count += 1
    return count


def ensure_version(
    session: Session, diagrams: DiagramSet, known_roles: set[str]
) -> tuple[ProcessVersion, storage.Runtime]:
    """The version row of the diagrams on disk, created on first use; parsed once per process."""
    row = session.scalar(
        select(ProcessVersion).where(ProcessVersion.content_hash == diagrams.content_hash)
    )
    if row is not None:
        return row, verified_runtime(row)
    parsed = _offered.get(diagrams.content_hash) or parsed_runtime(diagrams, known_roles)
    row = ProcessVersion(
        process_id=diagrams.process_id,
        content_hash=diagrams.content_hash,
        serializer_version=storage.SERIALIZER.VERSION,
        spec_json=parsed.spec_json,
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
    return row, _remembered(
        storage.Runtime(row.content_hash, parsed.spec, parsed.subprocess_specs, row.spec_json)
    )
