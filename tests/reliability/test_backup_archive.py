"""tdkt backup makes one archive holding the database AND the attachments; tdkt restore brings
both back on a new machine after verifying them, and refuses a tampered archive (issue 15,
item 7). Run as the README runs them: the `tdkt` command, then gunicorn on the restored data."""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import text
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from models.database import make_engine
from scripts.liveserver import LiveServer
from tests.support.accounts import PASSWORD
from tests.support.attachments import PDF
from tests.support.tables import snapshot
from tests.support.world import Api, proposal_body, token_for
from webapp import create_app

ROOT = Path(__file__).resolve().parents[2]
TDKT = Path(sys.executable).with_name("tdkt")


def tdkt(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TDKT_DATABASE_URL": url, "TDKT_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [str(TDKT), *args], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def _with_attachment(db_url: str, data_dir: Path, monkeypatch) -> tuple[str, bytes]:
    """A proposal with one attached file, filed through the app on `data_dir`."""
    monkeypatch.setenv("TDKT_DATA_DIR", str(data_dir))
    app = create_app(
        {"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False}
    )
    try:
        client = app.test_client()
        nominator = Api(client, token_for(client, "vanthu.cntt"))
        pid = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
        content = PDF + b"% bien ban hop " + os.urandom(8).hex().encode() + b"\n"
        values = MultiDict()
        values.add("attachments", FileStorage(io.BytesIO(content), filename="bien-ban.pdf"))
        boundary, body = encode_multipart(values)
        response = nominator.call(
            "POST",
            f"/proposals/{pid}/attachments",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        [row] = response.get_json()
        return row["url"], content
    finally:
        app.extensions["tdkt_engine"].dispose()


def _download(server: LiveServer, url: str) -> tuple[int, bytes]:
    token = server.token("vanthu.cntt", PASSWORD)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.request("GET", url, headers={"Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_a_backup_restored_on_a_new_machine_serves_its_attachments(
    db_url, empty_db_url, tmp_path, monkeypatch
):
    old, new = tmp_path / "old-machine", tmp_path / "new-machine"
    url, content = _with_attachment(db_url, old, monkeypatch)
    archive = tmp_path / "tdkt-backup.tar.gz"

    made = tdkt(db_url, old, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert "1 tệp đính kèm" in made.stdout
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    digest = hashlib.sha256(content).hexdigest()
    assert {"manifest.json", f"attachments/{digest}"} <= names
    assert names & {"database.sqlite3", "database.pgdump"}

    restored = tdkt(empty_db_url, new, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert (new / "attachments" / digest).read_bytes() == content
    assert snapshot(empty_db_url)["attachment"] == snapshot(db_url)["attachment"]

    server = LiveServer(empty_db_url, new, workers=1, threads=2).start()
    try:
        status, body = _download(server, url)
    finally:
        server.stop()
    assert status == 200 and body == content


# --- tampered archives -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory):
    """A SQLite installation with one attachment and its backup archive (SQLite whatever the
    suite's database: the archive is edited with sqlite3). Built once for the module: each test
    only reads the archive and forges its own copy, and `tdkt init` + `tdkt demo` + `tdkt
    backup` in subprocesses were most of the module's time when every test built its own."""
    site = tmp_path_factory.mktemp("site")
    data = site / "site"
    url = f"sqlite:///{site / 'site.sqlite'}"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("TDKT_DEMO_PASSWORD", PASSWORD)
        assert tdkt(url, data, "init").returncode == 0
        assert tdkt(url, data, "demo").returncode == 0
        _, content = _with_attachment(url, data, monkeypatch)
    archive = site / "site.tar.gz"
    made = tdkt(url, data, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    return archive, content


def _rewrite(archive: Path, target: Path, edit, keep_manifest: bool = False) -> Path:
    """A copy of `archive` with `edit(name, bytes) -> bytes` applied to each member and, like a
    forger would, the manifest's hashes recomputed (unless `keep_manifest`)."""
    members: dict[str, bytes] = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            members[member.name] = tar.extractfile(member).read()
    manifest = json.loads(members.pop("manifest.json"))
    for name in list(members):
        members[name] = edit(name, members[name], target.parent)
        if not keep_manifest:
            manifest["sha256"][name] = hashlib.sha256(members[name]).hexdigest()
    with tarfile.open(target, "w:gz") as tar:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def _edit_spec(name: str, data: bytes, scratch: Path) -> bytes:
    if name != "database.sqlite3":
        return data
    path = scratch / "edited.sqlite3"
    path.write_bytes(data)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE process_version SET spec_json = replace(spec_json, :old, :new)",
            {
                "old": "decision == 'reject'",
                "new": "().__class__.__bases__[0].__subclasses__()",
            },
        )
    conn.close()
    return path.read_bytes()


def _edit_attachment(name: str, data: bytes, scratch: Path) -> bytes:
    return data + b"tampered" if name.startswith("attachments/") else data


def _refused(tmp_path: Path, archive: Path) -> str:
    fresh = tmp_path / "fresh"
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    result = tdkt(url, fresh, "restore", str(archive))
    assert result.returncode == 1, result.stdout
    # Refused before anything was written: no table, no attachment put in place.
    with sqlite3.connect(tmp_path / "fresh.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    conn.close()
    assert not (fresh / "attachments").exists() or not any((fresh / "attachments").iterdir())
    return result.stderr


def test_a_backup_whose_spec_row_was_edited_is_refused(sqlite_backup, tmp_path):
    archive, _ = sqlite_backup
    forged = _rewrite(archive, tmp_path / "forged.tar.gz", _edit_spec)
    error = _refused(tmp_path, forged)
    assert "không khớp với sơ đồ nguồn" in error and "spec_json" in error


@pytest.mark.parametrize("keep_manifest", [False, True], ids=["manifest-forged", "manifest-kept"])
def test_a_backup_whose_attachment_bytes_changed_is_refused(sqlite_backup, tmp_path, keep_manifest):
    archive, _ = sqlite_backup
    forged = _rewrite(archive, tmp_path / "forged.tar.gz", _edit_attachment, keep_manifest)
    error = _refused(tmp_path, forged)
    assert "attachments/" in error
    assert ("không khớp tên" if not keep_manifest else "không khớp mã SHA-256") in error


def test_a_backup_missing_an_attachment_or_with_a_strange_member_is_refused(
    sqlite_backup, tmp_path
):
    archive, _ = sqlite_backup
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest = json.loads(members["manifest.json"])
    [attachment] = [n for n in members if n.startswith("attachments/")]

    def write(target: Path, contents: dict[str, bytes]) -> Path:
        with tarfile.open(target, "w:gz") as tar:
            for name, data in contents.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        return target

    del manifest["sha256"][attachment]
    without = {k: v for k, v in members.items() if k != attachment}
    without["manifest.json"] = json.dumps(manifest).encode()
    assert "thiếu 1 tệp đính kèm" in _refused(tmp_path, write(tmp_path / "a.tar.gz", without))

    manifest["sha256"]["../../etc/cron.d/x"] = hashlib.sha256(b"x").hexdigest()
    strange = {
        **without,
        "manifest.json": json.dumps(manifest).encode(),
        "../../etc/cron.d/x": b"x",
    }
    assert "tên không được phép" in _refused(tmp_path, write(tmp_path / "b.tar.gz", strange))


def test_a_database_edited_before_its_backup_is_refused_at_restore(
    db_url, empty_db_url, tmp_path, monkeypatch
):
    """The same check on either database (the suite's: SQLite or PostgreSQL, whose dump is
    read before anything is written): a version row edited with SQL, then backed up."""
    old, new = tmp_path / "old", tmp_path / "new"
    _with_attachment(db_url, old, monkeypatch)
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE process_version SET spec_json = replace(spec_json, :old, :new)"),
                {"old": "decision == 'reject'", "new": "ballot_result.__globals__"},
            )
    finally:
        engine.dispose()
    archive = tmp_path / "edited.tar.gz"
    assert tdkt(db_url, old, "backup", str(archive)).returncode == 0
    refused = tdkt(empty_db_url, new, "restore", str(archive))
    assert refused.returncode == 1 and "spec_json" in refused.stderr, refused.stderr
    assert snapshot(empty_db_url) == {}  # not one table was created
    assert not (new / "attachments").exists() or not any((new / "attachments").iterdir())
