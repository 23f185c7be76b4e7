"""Counting the SQL a request runs: the statement budgets of the request-cost tests."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event

#: statements that only open or check a connection, not the request's own work
_HOUSEKEEPING = re.compile(r"^\s*(BEGIN|SELECT 1\b|SHOW |ROLLBACK|COMMIT)", re.I)


@contextmanager
def statements(app):
    """The SQL the app's engine runs inside the block, housekeeping left out."""
    seen: list[str] = []
    engine = app.extensions["tdkt_engine"]

    def on_execute(_conn, _cursor, statement, *_args) -> None:
        if not _HOUSEKEEPING.match(statement):
            seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)


def selects(seen: list[str], table: str) -> list[str]:
    """The SELECTs among `seen` whose first FROM is `table` (a regular expression)."""
    return [s for s in seen if re.match(rf"SELECT .*? FROM {table}\b", s)]
