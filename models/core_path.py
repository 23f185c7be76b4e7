"""Core statements for the hot paths, run on the session's connection rather than through the
ORM (issue 19).

`session.execute` of even a column-only select, or of an INSERT of plain dicts, goes through the
ORM's execution path (compile state, loading context, bulk-insert mapping): ~700 Python calls
for a three-column read of a few rows, against ~250 on the connection. What the ORM would still
do for such a statement is flush pending changes first (autoflush), so that a read sees them and
an insert's foreign keys find their rows; that is done here too. For columns-only selects and
inserts or updates over a table's own column names: rows come back as plain `Row`s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session


def execute(
    session: Session,
    statement: Executable,
    params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
) -> CursorResult[Any]:
    """`statement` on the session's connection, after flushing what is pending."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection().execute(statement, params)
