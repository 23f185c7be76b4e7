"""The suite's own databases on PostgreSQL (scripts/testdb.py): each test's copy is made ahead by
a thread and dropped behind it, yet every copy is the template as it stands, no two tests share
one, and nothing is left on the server after `close`."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from scripts.testdb import PostgresDatabases, postgres_server_url


@pytest.fixture
def server() -> str:
    url = postgres_server_url()
    if url is None:
        pytest.skip("databases on a server: run the suite with TDKT_TEST_DATABASE_URL")
    return url


def _names(server: str, prefix: str) -> set[str]:
    engine = create_engine(server)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": prefix + "%"}
            )
            return {row[0] for row in rows}
    finally:
        engine.dispose()


def _one(url: str, sql: str):
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql))
            return result.scalar() if result.returns_rows else None
    finally:
        engine.dispose()


def test_copies_made_ahead_are_the_template_and_nothing_is_left(server):
    dbs = PostgresDatabases(server, worker="aheadcheck")
    prefix = dbs._prefix
    try:
        template = dbs.create()
        _one(template, "CREATE TABLE mark (n integer)")
        _one(template, "INSERT INTO mark VALUES (1)")
        first = dbs.create(template=template)
        second = dbs.create(template=template)  # the copy made while `first` was in use
        assert len({first, second, template}) == 3
        for url in (first, second):
            assert _one(url, "SELECT count(*) FROM mark") == 1
        # A test's writes stay in its copy: the next copy is the template's, not the last one's.
        _one(second, "INSERT INTO mark VALUES (2)")
        third = dbs.create(template=template)
        assert _one(third, "SELECT count(*) FROM mark") == 1
        for url in (first, second, third):
            dbs.drop(url)
        # The template goes with the copy of it made ahead for a fourth test.
        dbs.drop(template)
    finally:
        dbs.close()
    assert _names(server, prefix) == set()
