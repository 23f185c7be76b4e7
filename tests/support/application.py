"""Fixtures: the app on the test's database, its clients, a side session, logins by username."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from models import User
from tests.support.accounts import PASSWORD
from webapp import create_app


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
