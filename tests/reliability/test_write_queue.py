"""SQLite's writers take turns in order of arrival (models.write_queue, issue 19): no writer is
overtaken by a later one, another process waits on the same turn, and a turn is always given
back — at the commit, the rollback, a failed BEGIN, or a wait that ran out."""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from models import database, write_queue
from models.database import begin_write, make_engine, make_session_factory


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'queue.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE arrival (n INTEGER)"))
    yield engine
    engine.dispose()


def _queue(engine) -> write_queue.WriteQueue:
    return write_queue.queue_for(engine.url.database)


def _waiting(engine, count: int) -> None:
    """Until `count` writers wait for their turn (or, without a queue, a moment has passed)."""
    deadline = time.monotonic() + 10
    while len(getattr(_queue(engine), "_waiting", ())) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{count} writers never queued")
        time.sleep(0.005)


def test_writers_are_served_in_the_order_they_arrived(engine):
    sessions = make_session_factory(engine)
    holder = sessions()
    begin_write(holder)
    served: list[int] = []

    def writer(n: int) -> None:
        with sessions() as session:
            begin_write(session)
            served.append(n)
            session.execute(text("INSERT INTO arrival VALUES (:n)"), {"n": n})
            session.commit()

    threads = []
    for n in range(6):
        threads.append(threading.Thread(target=writer, args=(n,)))
        threads[-1].start()
        # The next one arrives once this one waits: arrival order is known.
        _waiting(engine, n + 1)
    holder.commit()
    holder.close()
    for thread in threads:
        thread.join(timeout=60)
    # SQLite's busy handler alone lets whoever retries first in (its sleeps grow with the
    # wait, so the longest waiter retries least often).
    assert served == list(range(6))
    with engine.connect() as conn:
        assert [n for (n,) in conn.execute(text("SELECT n FROM arrival"))] == list(range(6))


def test_another_process_waits_for_the_writer_of_this_one(engine):
    lock_file = engine.url.database + write_queue.SUFFIX
    probe = (
        "import fcntl, os, sys\n"
        f"fd = os.open({lock_file!r}, os.O_RDWR | os.O_CREAT)\n"
        "try:\n"
        "    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
        "except BlockingIOError:\n"
        "    sys.exit(3)\n"
    )

    def other_process_may_write() -> bool:
        code = subprocess.run([sys.executable, "-c", probe], timeout=30).returncode
        assert code in (0, 3)
        return code == 0

    with make_session_factory(engine)() as session:
        begin_write(session)
        assert not other_process_may_write()
        session.commit()
    assert other_process_may_write()
    # Nor does a reader hold the turn.
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM arrival"))
        assert other_process_may_write()


def test_a_turn_is_given_back_by_a_rollback_a_close_and_a_failed_begin(engine, monkeypatch):
    sessions = make_session_factory(engine)
    for end in ("rollback", "close"):
        session = sessions()
        begin_write(session)
        getattr(session, end)()
        with sessions() as after:
            begin_write(after)  # would wait for ever if the turn were kept
            after.rollback()

    def failing_begin(conn, *args, **kwargs):
        raise OperationalError("BEGIN IMMEDIATE", {}, Exception("disk I/O error"))

    connection = engine.connect()
    monkeypatch.setattr(type(connection), "exec_driver_sql", failing_begin)
    with sessions() as session, pytest.raises(OperationalError):
        begin_write(session)
    monkeypatch.undo()
    connection.close()
    with sessions() as after:
        begin_write(after)
        after.rollback()


def test_a_writer_that_waited_too_long_is_refused_and_leaves_the_queue_whole(engine, monkeypatch):
    monkeypatch.setattr(database, "SQLITE_WAIT", 0.2)
    sessions = make_session_factory(engine)
    holder = sessions()
    begin_write(holder)
    with sessions() as late, pytest.raises(OperationalError, match="database is locked"):
        begin_write(late)
    assert not _queue(engine)._waiting
    holder.commit()
    holder.close()
    with sessions() as next_one:
        begin_write(next_one)
        next_one.execute(text("INSERT INTO arrival VALUES (1)"))
        next_one.commit()


def test_a_forked_worker_takes_turns_with_a_queue_of_its_own(engine, monkeypatch):
    # gunicorn forks its workers: a child sharing its parent's queue would wait for threads
    # that do not exist in it.
    parent = _queue(engine)
    monkeypatch.setattr(write_queue.os, "getpid", lambda: -1)
    assert _queue(engine) is not parent


def _other_process_may_write(engine) -> bool:
    """Whether the writers' turn is free: a lock of another open file, as another process's."""
    fd = os.open(engine.url.database + write_queue.SUFFIX, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # and with it the lock, if taken
    return True


def test_a_writer_begun_at_its_first_statement_takes_its_turn_there(engine):
    # The web edge marks a request as a writer before it parses its body; the turn (the one
    # writer's slot) is taken by its first statement, and the transaction is still IMMEDIATE.
    sessions = make_session_factory(engine)
    with sessions() as session:
        begin_write(session, at_first_statement=True)
        assert _other_process_may_write(engine)
        session.execute(text("SELECT count(*) FROM arrival"))
        assert not _other_process_may_write(engine)
        with engine.connect() as other:  # SQLite's own write lock is held, too
            other.exec_driver_sql("PRAGMA busy_timeout=0")
            with pytest.raises(OperationalError, match="locked"):
                other.exec_driver_sql("BEGIN IMMEDIATE")
        session.execute(text("INSERT INTO arrival VALUES (1)"))
        session.commit()
    assert _other_process_may_write(engine)


def test_a_writer_that_ran_no_statement_holds_and_leaves_nothing(engine):
    sessions = make_session_factory(engine)
    for end in ("commit", "rollback", "close"):
        session = sessions()
        begin_write(session, at_first_statement=True)
        getattr(session, end)()
        assert _other_process_may_write(engine)
        session.close()
    # Nor does the pooled connection carry a pending BEGIN into its next (reading) use.
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        assert _other_process_may_write(engine)


def test_the_wal_is_checkpointed_after_the_turn_is_given_back(engine, monkeypatch, tmp_path):
    # SQLite's automatic checkpoint ran inside the COMMIT that crossed 1,000 pages, holding
    # every other writer's turn for its copying and fsyncs.
    monkeypatch.setattr(write_queue, "CHECKPOINT_EVERY", 3)
    turn_free_at_checkpoint: list[bool] = []
    checkpoint = write_queue.QueuedConnection.checkpoint

    def spy(self) -> None:
        turn_free_at_checkpoint.append(_other_process_may_write(engine))
        checkpoint(self)

    monkeypatch.setattr(write_queue.QueuedConnection, "checkpoint", spy)
    sessions = make_session_factory(engine)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    for n in range(6):
        with sessions() as session:
            begin_write(session)
            session.execute(text("INSERT INTO arrival VALUES (:n)"), {"n": n})
            session.commit()
    assert turn_free_at_checkpoint == [True, True]
    # The rows are in the database file itself, not only in its WAL.
    alone = tmp_path / "without-wal.sqlite"
    shutil.copy(engine.url.database, alone)
    with sqlite3.connect(alone) as copy:
        assert copy.execute("SELECT count(*) FROM arrival").fetchone() == (6,)
    copy.close()


def test_a_writer_refused_its_turn_at_its_first_statement_writes_nothing_on_its_own(
    engine, monkeypatch
):
    monkeypatch.setattr(database, "SQLITE_WAIT", 0.2)
    sessions = make_session_factory(engine)
    holder = sessions()
    begin_write(holder)
    with sessions() as late:
        begin_write(late, at_first_statement=True)
        with pytest.raises(OperationalError, match="database is locked"):
            late.execute(text("SELECT count(*) FROM arrival"))
        # Whatever runs before its rollback is still inside a transaction, not autocommitted.
        assert late.connection().connection.dbapi_connection.in_transaction
        late.rollback()
    holder.rollback()
    holder.close()
    assert not _queue(engine)._waiting
