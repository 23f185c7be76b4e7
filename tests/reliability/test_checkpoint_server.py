"""The WAL of a served SQLite database is copied into the database file by its writers once
their turn is over (models.write_queue), not left to a COMMIT that holds every writer's turn."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from sqlalchemy.engine import make_url

from models import write_queue
from scripts.liveserver import LiveServer
from tests.support.accounts import PASSWORD


def test_a_served_database_is_checkpointed_by_its_writers(db_url, tmp_path):
    if not db_url.startswith("sqlite"):
        pytest.skip("the WAL is SQLite's")
    database = make_url(db_url).database
    commits = 3 * write_queue.CHECKPOINT_EVERY  # over two workers: one of them checkpoints
    server = LiveServer(db_url, tmp_path / "server", workers=2, threads=2).start()
    try:
        for _ in range(commits):
            server.token("vanthu.cntt", PASSWORD)  # one commit each: a token
        # Read while the server runs: its last connection to close would checkpoint anyway.
        alone = tmp_path / "without-wal.sqlite"
        shutil.copy(database, alone)
    finally:
        server.stop()
    copy = sqlite3.connect(alone)
    try:
        (in_file,) = copy.execute("SELECT count(*) FROM api_token").fetchone()
    finally:
        copy.close()
    # SQLite's own checkpoint would wait for 1,000 pages, far more than these tokens write.
    assert in_file >= write_queue.CHECKPOINT_EVERY
