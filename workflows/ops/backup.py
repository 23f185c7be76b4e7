"""Backing up and restoring the whole database: `tdkt backup FILE` / `tdkt restore FILE`.

SQLite is copied with its online backup API, page by page under SQLite's own locks, so the
server may keep running. PostgreSQL goes through pg_dump's custom format and pg_restore
--clean in one transaction: a restore that fails half-way leaves the database as it was.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from models.database import make_engine
from workflows.errors import N_, DomainError


class BackupError(DomainError):
    status = 400


def backup(url: str, target: Path) -> None:
    """Write a consistent copy of the database at `url` to `target` (which must not exist)."""
    target = Path(target)
    if target.exists():
        raise BackupError(
            "backup_target_exists",
            N_("Tệp %(path)s đã tồn tại; hãy chọn tên khác", path=str(target)),
        )
    partial = target.with_name(target.name + ".partial")
    try:
        if _is_sqlite(url):
            _sqlite_backup(_sqlite_path(url), partial)
        else:
            _run(_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", partial, url=url)
        # Only a finished copy gets the requested name.
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def restore(url: str, source: Path) -> None:
    """Replace the whole content of the database at `url` with the backup in `source`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(
            "backup_source_missing", N_("Không có tệp sao lưu %(path)s", path=str(source))
        )
    if _is_sqlite(url):
        _check_sqlite_backup(source)
        _sqlite_backup(source, _sqlite_path(url))
    else:
        pg_restore = _pg_tool("pg_restore")
        if subprocess.run([pg_restore, "--list", str(source)], capture_output=True).returncode:
            message = N_(
                "%(path)s không phải bản sao lưu của pg_dump (định dạng -Fc)", path=str(source)
            )
            raise BackupError("backup_not_pg_dump", message)
        _run(
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            source,
            url=url,
        )


def has_tables(url: str) -> bool:
    """Whether the database already holds a schema (a restore would overwrite it)."""
    engine = make_engine(url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(
            "backup_sqlite_in_memory",
            N_("Chỉ sao lưu được cơ sở dữ liệu SQLite nằm trong một tệp"),
        )
    return Path(database)


def _sqlite_backup(source: Path, target: Path) -> None:
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


def _check_sqlite_backup(source: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            conn.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        message = N_(
            "%(path)s không phải bản sao lưu cơ sở dữ liệu tdkt (%(reason)s)",
            path=str(source),
            reason=str(exc),
        )
        raise BackupError("backup_not_tdkt", message) from exc


def _pg_tool(name: str) -> str:
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


def _run(tool: str, *args, url: str) -> None:
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
