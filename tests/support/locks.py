"""Two transactions racing for a proposal's instance lock, for the tests that prove a step
trusts what it read only after taking the lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

from models import write_queue
from models.database import begin_write
from workflows.errors import Conflict
from workflows.process.runtime import RunningProcess


def wait_until_blocked(engine, seconds: float = 10) -> None:
    """Until another connection waits for a lock: PostgreSQL's lock waits, or on SQLite a
    writer queued for its turn in this process (models.write_queue: every writer of a file
    database queues there before BEGIN IMMEDIATE). Polled rather than slept on: a fixed
    0.5 s pause on SQLite cost every race test that long and never proved the wait."""
    deadline = time.monotonic() + seconds
    if engine.dialect.name != "postgresql":
        database = engine.url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            time.sleep(0.5)  # not queued (models.database): nothing to look at
            return
        queue = write_queue.queue_for(database)
        while time.monotonic() < deadline:
            if queue._waiting:  # the turns handed out in arrival order
                return
            time.sleep(0.005)
        raise AssertionError("the second transaction never waited for the first")
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar()
            if waiting:
                return
            conn.rollback()
            time.sleep(0.02)
    raise AssertionError("the second transaction never waited for the first")


def race_behind_lock(
    app, proposal_id: int, hold: Callable[[Session], None], attempt: Callable[[Session], str]
) -> object:
    """`hold` changes rows while holding the instance lock; `attempt` runs in a second worker
    that has to wait for the lock and then commits nothing. Returns what `attempt` returned,
    "conflict" for a Conflict, or the exception it raised otherwise."""
    factory = app.extensions["tdkt_sessions"]
    holder, waiter = factory(), factory()
    outcome: dict = {}

    def second_worker() -> None:
        try:
            begin_write(waiter)
            outcome["result"] = attempt(waiter)
        except Conflict:
            outcome["result"] = "conflict"
        except Exception as exc:  # reported by the caller's assertion
            outcome["result"] = exc
        finally:
            waiter.rollback()

    try:
        begin_write(holder)
        RunningProcess.lock(holder, proposal_id)
        hold(holder)
        racing = threading.Thread(target=second_worker)
        racing.start()
        wait_until_blocked(app.extensions["tdkt_engine"])
        holder.commit()
        racing.join(timeout=30)
    finally:
        holder.close()
        waiter.close()
    return outcome.get("result")
