"""Fixtures: a fresh database per test, copied from one migrated template per xdist worker.

TDKT_TEST_DATABASE_URL=postgresql+psycopg://… runs the suite on PostgreSQL (scripts/testdb.py).
Each xdist worker builds its own template under its own temporary folder (SQLite) or under
database names of its own (PostgreSQL: the worker id and the process id are in every name), so
workers never copy, drop or clean up each other's databases.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from models.database import make_engine
from scripts.testdb import open_databases, postgres_server_url, seed
from tests.support.accounts import PASSWORD
from workflows.ops.demo import BEFORE_REORGANISATION


def pytest_collection_modifyitems(config, items) -> None:
    """On PostgreSQL, the tests marked `embedded` are not run again: they start tdkt as the
    README does, on an SQLite file of their own whatever the suite's database, so the suite's
    SQLite run (CI runs both) has run exactly what they would run here."""
    if postgres_server_url() is None:
        return
    again = pytest.mark.skip(reason="embedded SQLite of its own: run in the SQLite run")
    for item in items:
        if item.get_closest_marker("embedded"):
            item.add_marker(again)


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """SQLite files, or databases on the PostgreSQL server named by TDKT_TEST_DATABASE_URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, … under xdist
    dbs = open_databases(tmp_path_factory.mktemp("databases"), worker=worker)
    yield dbs
    dbs.close()


@pytest.fixture(scope="session")
def template_db(databases) -> str:
    """Built once through the migration chain (not create_all), with reference and demo data."""
    url = databases.create()
    # The world as tdkt would have held it before the reorganisation (until 31/12/2024): Sở
    # TT&TT and its department accounts exist, as hundreds of tests expect. The whole story
    # (the 1/3/2025 merger, the end of the districts) is tests/organisations/test_demo_story.py's.
    seed(url, PASSWORD, until=BEFORE_REORGANISATION)
    _without_movement_deadlines(url)
    return url


def _without_movement_deadlines(url: str) -> None:
    # The suite files 2025 proposals whatever today's date is: a submission deadline a later
    # version of the demo data gives its movement must not refuse them, so the template has none.
    # tests/deadlines/ sets deadlines of its own under a frozen clock.
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE movement SET submission_deadline = NULL"))
    engine.dispose()


@pytest.fixture
def db_url(databases, template_db) -> str:
    """A fresh copy of the template for each test."""
    url = databases.create(template=template_db)
    yield url
    databases.drop(url)


@pytest.fixture
def empty_db_url(databases) -> str:
    """An empty database (no tables), for tests of the migration chain and restores."""
    url = databases.create()
    yield url
    databases.drop(url)
