"""Engine and session factory; SQLite gets WAL, foreign keys and write-locking transactions."""

from __future__ import annotations

import contextlib
import os
import select
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models import write_queue

DEFAULT_DATA_DIR = Path("instance")

#: execution option that marks a transaction that will write; on SQLite it
#: starts with BEGIN IMMEDIATE so two writers queue instead of failing mid-way
WRITE = {"tdkt_write": True}
#: the same, begun just before the transaction's first statement rather than at once
AT_FIRST_STATEMENT = "at_first_statement"


def database_url() -> str:
    url = os.environ.get("TDKT_DATABASE_URL")
    if url:
        return url
    data_dir = Path(os.environ.get("TDKT_DATA_DIR", DEFAULT_DATA_DIR))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(data_dir / 'tdkt.sqlite').resolve()}"


#: seconds a writer waits for SQLite's lock (busy timeout) or for its turn among the writers
SQLITE_WAIT = 30


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite"):
        connect_args = {"timeout": SQLITE_WAIT, "factory": write_queue.QueuedConnection}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine)
        return engine
    if url.startswith("postgresql"):
        kwargs = {**_postgresql_options(), **kwargs}
        engine = create_engine(url, **kwargs)
        if not kwargs.get("pool_pre_ping"):
            event.listen(engine, "checkout", _refuse_dropped)
        return engine
    return create_engine(url, **kwargs)


def _postgresql_options() -> dict:
    # JIT compiles a plan when its estimated cost is high (the large counts of the board and
    # the dashboard): ~16 ms of compiling for a query that runs in a few; short OLTP queries
    # never gain from it. No pre-ping: its `SELECT 1` round trip on every checkout (so on
    # every request) cost ~190 µs of CPU between worker and server (issue 19); the checkout
    # looks at the connection's socket instead (_refuse_dropped). Every statement is prepared
    # at its first run on a connection, not its sixth (psycopg's default): a worker's pool
    # spreads a request's ~20 statements over many connections, so at five unprepared runs
    # each PostgreSQL planned ~5 statements per completed task, 0.8 ms of its CPU; prepared at
    # once, ~2 and 0.3 ms (bench/README.md, round ten).
    return {"connect_args": {"options": "-c jit=off", "prepare_threshold": 0}}


def analyze(engine: Engine) -> None:
    """Gather the planner's statistics of every table (PostgreSQL), as autovacuum would at its
    next pass: after a bulk load (a restore, the benchmark's seed) the first queries were
    otherwise planned blind (a decision's quota counts as nested loops over every year record)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def _refuse_dropped(dbapi_conn, _record, _proxy) -> None:
    """Hand out no connection the server has dropped (a restart, pg_terminate_backend, an idle
    timeout), as the pre-ping did, without a round trip: an idle connection in the pool has
    nothing to read, so a readable socket means the server has said goodbye (its FATAL message,
    then end of file). The pool then discards it and connects anew (DisconnectionError)."""
    if dbapi_conn.closed or dbapi_conn.broken:
        raise DisconnectionError("the connection is closed")
    try:
        fd = dbapi_conn.pgconn.socket
    except Exception as exc:  # psycopg.OperationalError: no socket any more
        raise DisconnectionError("the connection has no socket") from exc
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
    if poller.poll(0):
        raise DisconnectionError("the server closed the connection")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself, so it can choose IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(SQLITE_WAIT * 1000)}")
        if database not in ("", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
            # In WAL mode a COMMIT then appends to the WAL without an fsync (the checkpoint
            # syncs): durable across a killed process (the OS has the pages), and a power loss
            # may lose the last commits but not corrupt the file. FULL would fsync at every
            # COMMIT, inside the writers' one turn. Chosen for an embedded default whose
            # operators are told to back up (tdkt backup), not for a bank ledger.
            cur.execute("PRAGMA synchronous=NORMAL")
            if queued:
                # Checkpointed by models.write_queue once the writer's turn is over.
                cur.execute("PRAGMA wal_autocheckpoint=0")
            # The WAL is emptied by checkpoints but keeps its size: cap what stays on disk.
            cur.execute("PRAGMA journal_size_limit=67108864")
        cur.close()

    database = engine.url.database or ""
    # One writer at a time, in order of arrival (models.write_queue); an in-memory database
    # has nothing to share (nor a URI, whose file is not a path). The queue is looked up at
    # each BEGIN: per process, after a fork.
    queued = database not in ("", ":memory:") and not database.startswith("file:")

    def _take_turn(dbapi) -> None:
        if queued and isinstance(dbapi, write_queue.QueuedConnection):
            try:
                dbapi.enter(write_queue.queue_for(database), SQLITE_WAIT)
            except sqlite3.OperationalError as exc:
                # As SQLite's own "database is locked": the error handlers answer 503.
                raise OperationalError("BEGIN IMMEDIATE", None, exc) from exc

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        write = conn.get_execution_options().get("tdkt_write")
        if not write:
            conn.exec_driver_sql("BEGIN DEFERRED")
            return
        dbapi = conn.connection.dbapi_connection
        if write == AT_FIRST_STATEMENT and isinstance(dbapi, write_queue.QueuedConnection):
            # Nothing to read yet (a request still parsing its body): the turn is taken by
            # the first statement, below, so that it is not held for this work.
            dbapi.begin_pending = True
            return
        _take_turn(dbapi)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if isinstance(dbapi, write_queue.QueuedConnection):
                dbapi.leave()
            raise

    @event.listens_for(engine, "before_cursor_execute")
    def _begin_at_first_statement(conn, cursor, *_args) -> None:
        dbapi = cursor.connection
        if not getattr(dbapi, "begin_pending", False):
            return
        dbapi.begin_pending = False
        # Raised from here, an error is wrapped by SQLAlchemy like the statement's own.
        try:
            _take_turn(dbapi)
            try:
                dbapi.execute("BEGIN IMMEDIATE")
            except BaseException:
                dbapi.leave()
                raise
        except BaseException:
            # SQLAlchemy holds the transaction open until its rollback: what runs before it
            # (an error page's reads) must not run in autocommit, one statement at a time.
            with contextlib.suppress(sqlite3.Error):
                dbapi.execute("BEGIN DEFERRED")
            raise


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def begin_write(session: Session, *, at_first_statement: bool = False) -> None:
    """Start the session's transaction as a writer. Call before the first query.

    `at_first_statement`: on SQLite, wait for the writers' turn and BEGIN IMMEDIATE only when
    the transaction runs its first statement, so that work done before (a request parsing its
    body, checking its form) does not hold the one writer's slot. The transaction is the same:
    nothing is read before it begins.
    """
    if at_first_statement:
        session.connection(execution_options={"tdkt_write": AT_FIRST_STATEMENT})
    else:
        session.connection(execution_options=WRITE)
