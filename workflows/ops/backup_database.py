"""The database side of a backup: what a backed-up database holds (read before anything is
written), SQLite's file copy, and PostgreSQL's client tools (workflows.ops.backup).
"""

from __future__ import annotations

import glob
import io
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from models import database
from models.database import make_engine
from workflows.errors import N_, DomainError


class BackupError(DomainError):
    status = 400


def not_a_backup(source: Path, reason: str) -> BackupError:
    return BackupError(
        "backup_not_tdkt",
        N_(
            "%(path)s không phải bản sao lưu của tdkt hoặc đã bị hỏng (%(reason)s)",
            path=str(source),
            reason=reason,
        ),
    )


# -- what the backed-up database holds -----------------------------------------------------------


@dataclass
class Tables:
    versions: list[SimpleNamespace]
    attachment_hashes: set[str]


_VERSION_COLUMNS = (
    "id",
    "process_id",
    "content_hash",
    "serializer_version",
    "spec_json",
    "sources_json",
)


def sqlite_tables(database: Path, source: Path) -> Tables:
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            (verdict,) = conn.execute("PRAGMA integrity_check").fetchone()
            if verdict != "ok":
                raise not_a_backup(source, f"integrity_check: {verdict}")
            conn.execute("SELECT version_num FROM alembic_version").fetchall()
            rows = conn.execute(
                f"SELECT {', '.join(_VERSION_COLUMNS)} FROM process_version"
            ).fetchall()
            hashes = {r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM attachment")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise not_a_backup(source, str(exc)) from exc
    return Tables(
        [SimpleNamespace(**dict(zip(_VERSION_COLUMNS, r, strict=True))) for r in rows], hashes
    )


def pg_tables(database: Path, source: Path) -> Tables:
    """The two tables read from the dump itself (pg_restore to text, COPY format), so that a
    backup is refused before anything is written to the server."""
    pg_restore = pg_tool("pg_restore")
    if subprocess.run([pg_restore, "--list", str(database)], capture_output=True).returncode:
        message = N_(
            "%(path)s không phải bản sao lưu của pg_dump (định dạng -Fc)", path=str(source)
        )
        raise BackupError("backup_not_pg_dump", message)
    versions_rows = list(_copy_rows(pg_restore, database, "process_version"))
    attachment_rows = list(_copy_rows(pg_restore, database, "attachment"))
    return Tables(
        [SimpleNamespace(**{c: row[c] for c in _VERSION_COLUMNS}) for row in versions_rows],
        {row["sha256"] for row in attachment_rows if row["sha256"]},
    )


def _copy_rows(pg_restore: str, dump: Path, table: str) -> Iterator[dict[str, str | None]]:
    result = subprocess.run(
        [pg_restore, "--data-only", "--table", table, "--file", "-", str(dump)],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(
            "backup_tool_failed",
            N_(
                "%(tool)s thất bại: %(output)s",
                tool="pg_restore",
                output=result.stderr.strip()[:2000],
            ),
        )
    columns: list[str] | None = None
    for line in io.StringIO(result.stdout):
        line = line.rstrip("\n")
        if columns is None:
            match = re.match(r"COPY [\w.\"]+ \((.*)\) FROM stdin;$", line)
            if match:
                columns = [c.strip().strip('"') for c in match.group(1).split(",")]
            continue
        if line == "\\.":
            return
        values = [_copy_value(v) for v in line.split("\t")]
        yield dict(zip(columns, values, strict=True))


_COPY_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def _copy_value(text: str) -> str | None:
    """One field of PostgreSQL's COPY text format."""
    if text == "\\N":
        return None
    return re.sub(
        r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)",
        lambda m: _unescape(m.group(1)),
        text,
    )


def _unescape(code: str) -> str:
    if code[0] == "x" and len(code) > 1:
        return chr(int(code[1:], 16))
    if code[0] in "01234567":
        return chr(int(code, 8))
    return _COPY_ESCAPES.get(code, code)


# -- the database and its tools -----------------------------------------------------------------


def has_tables(url: str) -> bool:
    """Whether the database already holds a schema (a restore would overwrite it)."""
    engine = make_engine(url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def analyze(url: str) -> None:
    """The restored database's planner statistics: pg_restore brings the rows, not those."""
    engine = make_engine(url)
    try:
        database.analyze(engine)
    finally:
        engine.dispose()


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(
            "backup_sqlite_in_memory",
            N_("Chỉ sao lưu được cơ sở dữ liệu SQLite nằm trong một tệp"),
        )
    return Path(database)


def sqlite_backup(source: Path, target: Path) -> None:
    # The timeout lets a backup or restore wait for a writer of a running server to finish.
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
        if dst.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            # A file whose header says WAL needs its -wal beside it; a backup stands alone.
            dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def pg_tool(name: str) -> str:
    """The newest pg_dump / pg_restore: on PATH, else Debian's versioned directories."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    message = N_(
        "Không tìm thấy %(tool)s; hãy cài gói postgresql-client (Debian: apt-get install "
        "postgresql-client) cùng phiên bản với máy chủ PostgreSQL",
        tool=name,
    )
    raise BackupError("backup_tool_missing", message)


def run_tool(tool: str, *args, url: str) -> None:
    # The password travels in the environment, never on a command line other users can read.
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    command = [tool, *(str(a) for a in args), "--dbname", _libpq_url(parsed)]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        message = N_(
            "%(tool)s thất bại: %(output)s",
            tool=Path(tool).name,
            output=result.stderr.strip()[:2000],
        )
        raise BackupError("backup_tool_failed", message)


def _libpq_url(url: URL) -> str:
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
