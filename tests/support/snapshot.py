"""The security world's rows and stored files as they were, and which tables were written since.

Every table of the application gets a row trigger that logs its name in `world_writes` (kept
beside the world's tables, as the snapshot is). What a request wrote is then one read of that
log, not a count of every table around it: the matrix asked for the counts of 58 tables twice
around each of ~2,800 refused writes (6.4 ms a time on PostgreSQL), and a count could not see a
row updated in place, which a refused request must not do either. A restore puts back only the
tables written since the last one (with, where the foreign keys are checked, the tables that
refer to them), instead of every table a request might write.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Table, text

from models import Base

#: the snapshot of table t is table PREFIX + t, beside it in the world's database
PREFIX = "world_snapshot_"
#: one row per row written to a table of the application, since the snapshot
LOG = "world_writes"

_SQLITE_LOG = f"CREATE TABLE {LOG} (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"
_SQLITE_TRIGGER = (
    'CREATE TRIGGER "{trigger}" AFTER {event} ON "{table}" '
    f"BEGIN INSERT INTO {LOG} (name) VALUES ('{{table}}'); END"
)
_POSTGRES_LOG = (
    f"CREATE TABLE {LOG} (id bigserial PRIMARY KEY, name text NOT NULL)",
    f"""CREATE FUNCTION {LOG}_log() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO {LOG} (name) VALUES (TG_TABLE_NAME); RETURN NULL; END $$""",
)
_POSTGRES_TRIGGER = (
    'CREATE TRIGGER "{trigger}" AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
    f"FOR EACH ROW EXECUTE FUNCTION {LOG}_log()"
)


_WRITTEN = text(f"SELECT DISTINCT name FROM {LOG} WHERE id > :since")


class Snapshot:
    def __init__(self, engine, directory: Path):
        self.engine, self.directory = engine, directory
        #: the stored files as the snapshot left them (see _listing)
        self._files: dict[str, tuple[int, int]] = {}
        #: the log's last row when the world was last as the snapshot (taken or restored)
        self._clean = 0
        #: whether the writes are logged (a world may be snapshotted again, the log kept)
        self._logging = False
        #: whether the role may turn triggers off (PostgreSQL superuser), once asked
        self._superuser: bool | None = None

    def take(self) -> None:
        """Remember every row and every stored file; log the writes from now on.

        The rows are copied into tables of the database itself, so that a restore moves them
        inside the server in a few statements instead of through Python row by row."""
        tables = Base.metadata.sorted_tables
        with self.engine.begin() as conn:
            for table in tables:
                kept = self._quoted(PREFIX + table.name)
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {kept}")
                conn.exec_driver_sql(
                    f"CREATE TABLE {kept} AS SELECT * FROM {self._quoted(table.name)}"
                )
            if not self._logging:
                self._log_writes(conn, tables)
                self._logging = True
        shutil.rmtree(self.directory.with_suffix(".snapshot"), ignore_errors=True)
        if self.directory.exists():
            shutil.copytree(self.directory, self.directory.with_suffix(".snapshot"))
        self._files = _listing(self.directory)
        self._clean = self.mark()

    def mark(self) -> int:
        """Where the log stands: give it to `written` after a request."""
        with self.engine.connect() as conn:
            return conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {LOG}").scalar_one()

    def written(self, since: int) -> set[str]:
        """The tables a row was inserted into, updated or deleted from after `since`."""
        with self.engine.connect() as conn:
            return set(conn.execute(_WRITTEN, {"since": since}).scalars())

    def restore(self) -> None:
        """Put back the rows of the tables written since the world was last as the snapshot,
        and the stored files."""
        written = self.written(self._clean)
        with self.engine.begin() as conn:
            if self._without_triggers(conn):
                # The rows put back are the snapshot's, consistent as taken, with the keys the
                # rows of other tables refer to: the foreign keys' triggers (checks and
                # cascades alike) are off for the rows put back, and so is the log's.
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
                names = written
            else:
                # Checked row by row: emptying a table refused (or cascaded) while rows of
                # another one referred to it, so those are put back too.
                names = _with_referrers(written)
            ordered = [t for t in Base.metadata.sorted_tables if t.name in names]
            for table in reversed(ordered):
                conn.exec_driver_sql(f"DELETE FROM {self._quoted(table.name)}")
            for table in ordered:
                kept = self._quoted(PREFIX + table.name)
                conn.exec_driver_sql(f"INSERT INTO {self._quoted(table.name)} SELECT * FROM {kept}")
        self._clean = self.mark()
        # Most writes store no file: the copy is put back only when the folder differs.
        if _listing(self.directory) != self._files:
            shutil.rmtree(self.directory, ignore_errors=True)
            if self.directory.with_suffix(".snapshot").exists():
                shutil.copytree(self.directory.with_suffix(".snapshot"), self.directory)

    def _log_writes(self, conn, tables: list[Table]) -> None:
        postgres = conn.dialect.name == "postgresql"
        for statement in _POSTGRES_LOG if postgres else (_SQLITE_LOG,):
            conn.exec_driver_sql(statement)
        for table in tables:
            if postgres:
                trigger = f"{LOG}_{table.name}"
                conn.exec_driver_sql(_POSTGRES_TRIGGER.format(trigger=trigger, table=table.name))
                continue
            # SQLite's triggers take one event each
            for event in ("INSERT", "UPDATE", "DELETE"):
                trigger = f"{LOG}_{table.name}_{event.lower()}"
                conn.exec_driver_sql(
                    _SQLITE_TRIGGER.format(trigger=trigger, event=event, table=table.name)
                )

    def _without_triggers(self, conn) -> bool:
        """Whether the restore may turn the foreign keys' triggers off: on PostgreSQL, as a
        superuser only (the CI's throw-away cluster); elsewhere the rows are checked."""
        if self._superuser is None:
            self._superuser = conn.dialect.name == "postgresql" and bool(
                conn.exec_driver_sql(
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                ).scalar()
            )
        return self._superuser

    def _quoted(self, name: str) -> str:
        return self.engine.dialect.identifier_preparer.quote(name)


def _with_referrers(names: set[str]) -> set[str]:
    """`names` and every table that refers to one of them, directly or through others."""
    found = set(names)
    while True:
        more = {
            table.name
            for table in Base.metadata.sorted_tables
            if table.name not in found
            and any(key.column.table.name in found for key in table.foreign_keys)
        }
        if not more:
            return found
        found |= more


def _listing(directory: Path) -> dict[str, tuple[int, int]]:
    """Every stored file under `directory` with its size and time of change."""
    if not directory.exists():
        return {}
    return {
        str(path.relative_to(directory)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in directory.rglob("*")
    }
