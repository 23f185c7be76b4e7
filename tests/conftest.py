"""Fixtures: a fresh database per test (copied from one migrated template), the app, logins."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from sqlalchemy import select

from models import User
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from webapp import create_app
from workflows.demo import DEFAULT_DEMO_PASSWORD, load_demo
from workflows.reference import ensure_reference_data

PASSWORD = DEFAULT_DEMO_PASSWORD


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> str:
    """Built once through the migration chain (not create_all), with reference and demo data."""
    path = tmp_path_factory.mktemp("template") / "tdkt.sqlite"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        ensure_reference_data(session)
        load_demo(session, PASSWORD)
        session.commit()
    engine.dispose()
    return str(path)


@pytest.fixture
def db_url(template_db, tmp_path) -> str:
    path = tmp_path / "tdkt.sqlite"
    shutil.copy(template_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(db_url, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(db_url.rsplit("/", 1)[0].removeprefix("sqlite://")))
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
