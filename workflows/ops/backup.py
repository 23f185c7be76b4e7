"""Backing up and restoring a whole installation: `tdkt backup FILE` / `tdkt restore FILE`.

A backup is ONE file, a gzip'd tar archive holding what a restore on a new machine needs:

- `manifest.json`: the format, when, which database, and the SHA-256 of every other member;
- `database.sqlite3` (SQLite's online backup API, page by page under SQLite's own locks, so
  the server may keep running) or `database.pgdump` (pg_dump's custom format);
- `attachments/<sha256>`: every attached file of the data directory, named by its content;
- `secret_key`: the key `tdkt init` generated, when the data directory holds one.

`restore` reads the archive member by member (never `extractall`: no path leaves the working
folder, only the names above are accepted) and verifies everything BEFORE it touches the
installation: every member against the manifest, every attachment against its name, the
database's integrity (SQLite's integrity_check, pg_restore --list), every attachment row's file
present, and every process version row rebuilt from its sources (workflows.process.versions:
a row whose spec was edited is code, and refused). Only then are the attachments put in place
(content-addressed: extra files are harmless) and the database replaced (pg_restore --clean in
one transaction on PostgreSQL: a restore that fails half-way leaves the database as it was).
The manifest guards against a damaged file, not against a forger: what protects the server
from a crafted backup are the checks of the contents themselves.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from workflows.errors import N_
from workflows.ops import backup_database
from workflows.ops.backup_database import BackupError
from workflows.process import versions

FORMAT = "tdkt-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
ATTACHMENTS = "attachments"
SECRET_KEY = "secret_key"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Summary:
    """What a backup holds or a restore brought back, for the command's message."""

    database: str
    attachments: int
    versions: int = 0


def backup(url: str, target: Path, data_dir: Path) -> Summary:
    """Write the database at `url` and the attachments of `data_dir` to the archive `target`
    (which must not exist)."""
    target = Path(target)
    if target.exists():
        raise BackupError(
            "backup_target_exists",
            N_("Tệp %(path)s đã tồn tại; hãy chọn tên khác", path=str(target)),
        )
    partial = target.with_name(target.name + ".partial")
    kind = "sqlite" if backup_database.is_sqlite(url) else "postgresql"
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".tdkt-backup-") as work:
            database = Path(work) / (SQLITE_MEMBER if kind == "sqlite" else PG_MEMBER)
            if kind == "sqlite":
                backup_database.sqlite_backup(backup_database.sqlite_path(url), database)
            else:
                backup_database.run_tool(
                    backup_database.pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    database,
                    url=url,
                )
            # The database first, then the files: a file uploaded meanwhile is merely unused.
            members = {database.name: database, **_data_files(Path(data_dir))}
            hashes = {name: _sha256_of(path) for name, path in members.items()}
            manifest = {
                "format": FORMAT,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "database": kind,
                "sha256": hashes,
            }
            for name, digest in hashes.items():
                if name.startswith(ATTACHMENTS + "/") and name != f"{ATTACHMENTS}/{digest}":
                    raise BackupError(
                        "backup_attachment_damaged",
                        N_("Tệp đính kèm %(name)s bị hỏng: nội dung không khớp tên", name=name),
                    )
            with tarfile.open(partial, "w:gz") as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
                for name, path in members.items():
                    archive.add(path, arcname=name, recursive=False)
        # Only a finished archive gets the requested name.
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Summary(kind, sum(1 for n in members if n.startswith(ATTACHMENTS + "/")))


def restore(url: str, source: Path, data_dir: Path) -> Summary:
    """Replace the database at `url` and put back the attachments in `data_dir` from the
    archive `source`, after verifying all of it (see the module's text)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(
            "backup_source_missing", N_("Không có tệp sao lưu %(path)s", path=str(source))
        )
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    kind = "sqlite" if backup_database.is_sqlite(url) else "postgresql"
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".tdkt-restore-") as work:
        unpacked = _unpack(source, Path(work))
        database = unpacked.database
        if (database.name == SQLITE_MEMBER) != (kind == "sqlite"):
            raise BackupError(
                "backup_wrong_database",
                N_(
                    "Bản sao lưu %(path)s là của cơ sở dữ liệu %(kind)s, không khôi phục được "
                    "vào %(target)s",
                    path=str(source),
                    kind="SQLite" if database.name == SQLITE_MEMBER else "PostgreSQL",
                    target="SQLite" if kind == "sqlite" else "PostgreSQL",
                ),
            )
        tables = (
            backup_database.sqlite_tables(database, source)
            if kind == "sqlite"
            else backup_database.pg_tables(database, source)
        )
        missing = tables.attachment_hashes - set(unpacked.attachments)
        if missing:
            raise BackupError(
                "backup_attachment_missing",
                N_(
                    "Bản sao lưu thiếu %(count)s tệp đính kèm mà cơ sở dữ liệu cần (ví dụ "
                    "%(example)s)",
                    count=len(missing),
                    example=sorted(missing)[0],
                ),
            )
        for row in tables.versions:
            versions.check(row)  # VersionTampered: a spec or source edited in the backup
        # Verified: the files first (content-addressed, so extra ones are harmless), then the
        # database, which is the one step that must be all or nothing.
        store = data_dir / ATTACHMENTS
        store.mkdir(parents=True, exist_ok=True)
        for digest, path in unpacked.attachments.items():
            if not (store / digest).is_file():
                os.replace(path, store / digest)
        if unpacked.secret_key is not None and not (data_dir / SECRET_KEY).exists():
            os.replace(unpacked.secret_key, data_dir / SECRET_KEY)
        if kind == "sqlite":
            backup_database.sqlite_backup(database, backup_database.sqlite_path(url))
        else:
            backup_database.run_tool(
                backup_database.pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                database,
                url=url,
            )
            backup_database.analyze(url)
    return Summary(kind, len(unpacked.attachments), len(tables.versions))


# -- reading an archive -------------------------------------------------------------------------


@dataclass
class _Unpacked:
    database: Path
    attachments: dict[str, Path]
    secret_key: Path | None


def _unpack(source: Path, work: Path) -> _Unpacked:
    """The members of the archive as files under `work`, each checked against the manifest."""
    seen: dict[str, Path] = {}
    try:
        with tarfile.open(source, "r:gz") as archive:
            members = archive.getmembers()
            expected = _manifest(archive, members, source)
            for member in members:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or member.name not in expected:
                    raise backup_database.not_a_backup(source, f"thành phần lạ: {member.name}")
                if member.name in seen:
                    raise backup_database.not_a_backup(source, f"thành phần trùng: {member.name}")
                path = work / member.name.replace("/", "__")
                digest = _copy_hashing(archive.extractfile(member), path)
                if digest != expected[member.name]:
                    raise backup_database.not_a_backup(
                        source, f"{member.name} không khớp mã SHA-256"
                    )
                seen[member.name] = path
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise backup_database.not_a_backup(source, f"không đọc được tệp .tar.gz: {exc}") from exc
    if set(seen) != set(expected):
        raise backup_database.not_a_backup(
            source, "thiếu " + ", ".join(sorted(set(expected) - set(seen)))
        )
    databases = [seen[name] for name in (SQLITE_MEMBER, PG_MEMBER) if name in seen]
    if len(databases) != 1:
        raise backup_database.not_a_backup(source, "cần đúng một tệp cơ sở dữ liệu")
    attachments = {
        name.split("/", 1)[1]: path
        for name, path in seen.items()
        if name.startswith(ATTACHMENTS + "/")
    }
    return _Unpacked(databases[0], attachments, seen.get(SECRET_KEY))


def _manifest(
    archive: tarfile.TarFile, members: list[tarfile.TarInfo], source: Path
) -> dict[str, str]:
    """{member name: sha256}, after checking every name is one a backup writes."""
    found = [m for m in members if m.name == MANIFEST and m.isfile()]
    if len(found) != 1 or found[0].size > 16 * _CHUNK:
        raise backup_database.not_a_backup(source, "không có manifest.json")
    try:
        manifest = json.loads(archive.extractfile(found[0]).read())  # type: ignore[union-attr]
        hashes = manifest["sha256"]
        assert manifest["format"] == FORMAT and isinstance(hashes, dict)
    except (ValueError, KeyError, TypeError, AssertionError) as exc:
        raise backup_database.not_a_backup(source, "manifest.json không hợp lệ") from exc
    for name, digest in hashes.items():
        attachment = name.startswith(ATTACHMENTS + "/") and _SHA256.fullmatch(name.split("/", 1)[1])
        if not (attachment or name in (SQLITE_MEMBER, PG_MEMBER, SECRET_KEY)):
            raise backup_database.not_a_backup(source, f"tên không được phép: {name}")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise backup_database.not_a_backup(source, f"mã SHA-256 của {name} không hợp lệ")
        if attachment and digest != name.split("/", 1)[1]:
            raise backup_database.not_a_backup(source, f"tệp đính kèm {name} không khớp tên")
    return dict(hashes)


def _copy_hashing(stream: IO[bytes] | None, target: Path) -> str:
    if stream is None:
        raise OSError(f"cannot read {target.name}")
    digest = hashlib.sha256()
    with stream, open(target, "wb") as out:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


# -- the data directory ---------------------------------------------------------------------------


def _data_files(data_dir: Path) -> dict[str, Path]:
    """The files of the data directory a restore needs, by archive name: the attachments
    (content-addressed: only names that are a SHA-256) and the generated secret key. The SQLite
    file is not among them: it is copied with the backup API."""
    files: dict[str, Path] = {}
    store = data_dir / ATTACHMENTS
    if store.is_dir():
        for path in sorted(store.iterdir()):
            if path.is_file() and _SHA256.fullmatch(path.name):
                files[f"{ATTACHMENTS}/{path.name}"] = path
    if (data_dir / SECRET_KEY).is_file():
        files[SECRET_KEY] = data_dir / SECRET_KEY
    return files


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))
