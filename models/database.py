"""Engine and session factory; SQLite gets WAL, foreign keys and write-locking transactions."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DATA_DIR = Path("instance")

#: execution option that marks a transaction that will write; on SQLite it
#: starts with BEGIN IMMEDIATE so two writers queue instead of failing mid-way
WRITE = {"tdkt_write": True}


def database_url() -> str:
    url = os.environ.get("TDKT_DATABASE_URL")
    if url:
        return url
    data_dir = Path(os.environ.get("TDKT_DATA_DIR", DEFAULT_DATA_DIR))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(data_dir / 'tdkt.sqlite').resolve()}"


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    if url.startswith("postgresql"):
        kwargs = {**_postgresql_options(), **kwargs}
    return create_engine(url, **kwargs)


def _postgresql_options() -> dict:
    # JIT compiles a plan when its estimated cost is high (the large counts of the board and
    # the dashboard): ~16 ms of compiling for a query that runs in a few; short OLTP queries
    # never gain from it. The pre-ping (a round trip per checkout, so per request) stays: it
    # turns a server restart into no failed request, and measured it costs no CPU that shows
    # (bench/results/request-cost-*: 18.6 vs 19.1 ms per task with and without, i.e. noise).
    return {"pool_pre_ping": True, "connect_args": {"options": "-c jit=off"}}


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself, so it can choose IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("tdkt_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def begin_write(session: Session) -> None:
    """Start the session's transaction as a writer. Call before the first query."""
    session.connection(execution_options=WRITE)
