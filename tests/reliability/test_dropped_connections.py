"""A connection the PostgreSQL server dropped fails no request, and finding out costs no round trip.

The pool used to `SELECT 1` on every checkout (pre-ping), ~190 µs of CPU per request (issue 19);
the checkout now looks at the connection's socket (models.database._refuse_dropped).
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from models.database import make_engine
from scripts.liveserver import LiveServer
from tests.support.accounts import PASSWORD

API = "/api/v1"


def _postgresql(url: str) -> None:
    if not url.startswith("postgresql"):
        pytest.skip("SQLite has no server to drop a connection")


def _terminate_the_others(url: str) -> int:
    """End every other backend of the database, and wait until each has gone."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            ended = conn.execute(
                text(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) "
                    "FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return ended


def test_a_request_after_the_server_dropped_the_connection_succeeds(db_url, tmp_path):
    _postgresql(db_url)
    # One worker, one thread: one pooled connection, the one the termination ends.
    server = LiveServer(db_url, tmp_path / "data", workers=1, threads=1).start()
    try:
        token = server.token("giamdoc.tttt", PASSWORD)
        assert server.request("GET", f"{API}/me", token=token)[0] == 200
        assert _terminate_the_others(db_url) >= 1
        status, me = server.request("GET", f"{API}/me", token=token)
        assert status == 200, (status, me, server.log_tail())
        assert me["username"] == "giamdoc.tttt"
        # A write as well: a transaction that starts on a fresh connection.
        assert _terminate_the_others(db_url) >= 1
        status, body = server.request(
            "POST", f"{API}/auth/token", {"username": "giamdoc.tttt", "password": PASSWORD}
        )
        assert status == 201, (status, body, server.log_tail())
    finally:
        server.stop()


def test_a_checkout_sends_nothing_to_the_server(db_url, monkeypatch):
    _postgresql(db_url)
    engine = make_engine(db_url)
    pings: list[object] = []
    real_ping = engine.dialect.do_ping
    monkeypatch.setattr(
        engine.dialect, "do_ping", lambda conn: pings.append(conn) or real_ping(conn)
    )
    try:
        for _ in range(3):
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()
    assert pings == []


def test_a_dropped_connection_is_replaced_at_checkout(db_url):
    _postgresql(db_url)
    engine = make_engine(db_url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as conn:
            first = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert _terminate_the_others(db_url) >= 1
        with engine.connect() as conn:
            second = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    finally:
        engine.dispose()
    assert second != first
