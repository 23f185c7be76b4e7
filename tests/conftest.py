"""Fixtures: a fresh database per test (copied from one migrated template), the app, logins.

TDKT_TEST_DATABASE_URL=postgresql+psycopg://… runs the suite on PostgreSQL (scripts/testdb.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select, text

from models import User
from models.database import make_engine
from scripts.testdb import open_databases, seed
from webapp import create_app
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD

PASSWORD = DEFAULT_DEMO_PASSWORD


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """SQLite files, or databases on the PostgreSQL server named by TDKT_TEST_DATABASE_URL."""
    dbs = open_databases(tmp_path_factory.mktemp("databases"))
    yield dbs
    dbs.close()


@pytest.fixture(scope="session")
def template_db(databases) -> str:
    """Built once through the migration chain (not create_all), with reference and demo data."""
    url = databases.create()
    seed(url, PASSWORD)
    _without_movement_deadlines(url)
    return url


def _without_movement_deadlines(url: str) -> None:
    # The demo movement's submission deadline (15/01/2026) passes with the calendar, and the
    # suite files 2025 proposals under it whatever today's date is: its template has none.
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


@pytest.fixture
def app(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app
    app.extensions["tdkt_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    """A session of its own, for looking at the database from the side in assertions."""
    factory = app.extensions["tdkt_sessions"]
    with factory() as s:
        yield s


@pytest.fixture
def login_as(app) -> Callable:
    """login_as("giamdoc.tttt") → a test client logged in as that demo account."""

    def _login(username: str):
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, f"login of {username} failed: {response.status_code}"
        return client

    return _login


@pytest.fixture
def user_id(session) -> Callable[[str], int]:
    def _id(username: str) -> int:
        return session.scalar(select(User.id).where(User.username == username))

    return _id
