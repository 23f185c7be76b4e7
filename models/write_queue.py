"""SQLite's writers, served in order of arrival instead of spinning on the lock (issue 19).

SQLite admits one writer at a time. A writer that finds the lock taken sleeps in its busy
handler (1, 2, 5 … 100 ms) and tries again, so under load a newcomer often takes the lock
before a writer that has waited for a second: one completion in a hundred waited 1.5 s
(bench/results/engine-ratio-*). Here a transaction that will write (`BEGIN IMMEDIATE`,
models.database.begin_write) first takes its turn:

- among the threads of one process, first come first served (each waiter has its own lock,
  handed over by the one that leaves);
- among processes (gunicorn workers, the deadline worker, a CLI command), an exclusive `flock`
  on a file beside the database: the kernel wakes a waiting process as soon as the holder lets
  go, and releases the lock of a process that dies.

So `BEGIN IMMEDIATE` nearly always finds the database free; SQLite's busy timeout stays for
writers that do not queue (a migration, a tool). The turn ends when the connection commits,
rolls back or closes (`QueuedConnection`), i.e. once the transaction is really over.

Checkpoints (copying the WAL back into the database file, with its fsyncs) run after the turn
is given back, not inside it: SQLite's automatic checkpoint runs within the COMMIT that crosses
1,000 pages, so the writer that happened to cross it held everybody's turn for it (10–100 ms,
the tail of the latencies). Queued connections switch it off (models.database) and every
CHECKPOINT_EVERY-th commit of a process checkpoints once its turn is over, PASSIVE like the
automatic one: it copies what no reader still needs and never waits for a writer.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
from collections import deque

log = logging.getLogger(__name__)

#: beside the database file: who holds the turn among processes
SUFFIX = "-writers.lock"

#: a process's commits between its checkpoints: a step writes ~26 pages (bench/results), so
#: about SQLite's own 1,000 pages per checkpoint and process
CHECKPOINT_EVERY = 32


class WriteQueue:
    """The turns of the writers of one database file in this process."""

    def __init__(self, database: str) -> None:
        self.path = database + SUFFIX
        self._mutex = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._held = False
        self._fd: int | None = None
        self._commits = 0

    def committed(self) -> bool:
        """Count a commit of this process; whether it is the one to checkpoint."""
        with self._mutex:
            self._commits += 1
            if self._commits < CHECKPOINT_EVERY:
                return False
            self._commits = 0
            return True

    def enter(self, timeout: float) -> None:
        """Wait for this thread's turn, then for this process's; OperationalError (as SQLite's
        "database is locked", answered 503) when the threads before it take over `timeout`."""
        with self._mutex:
            turn = None
            if self._held:
                turn = threading.Lock()
                turn.acquire()
                self._waiting.append(turn)
            else:
                self._held = True
        if turn is not None and not turn.acquire(timeout=timeout):
            with self._mutex:
                if turn in self._waiting:
                    self._waiting.remove(turn)
                    raise sqlite3.OperationalError("database is locked (writers' queue)")
            # Handed over between the timeout and the mutex: the turn is ours after all.
        try:
            # Opened for each turn: closing it lets go, and nothing stays open per database
            # (the test suite makes thousands).
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
        except BaseException:
            self._pass_on()
            raise
        self._fd = fd

    def leave(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # and with it the flock
        self._pass_on()

    def _pass_on(self) -> None:
        with self._mutex:
            if self._waiting:
                # Straight to the longest waiter: nobody arriving meanwhile can take it first.
                self._waiting.popleft().release()
            else:
                self._held = False


#: (process id, database file) → its queue: a forked worker must not share the turns of its
#: parent's threads (nor a file its parent holds open: a flock belongs to the open file)
_QUEUES: dict[tuple[int, str], WriteQueue] = {}
_QUEUES_MUTEX = threading.Lock()


def queue_for(database: str) -> WriteQueue:
    key = (os.getpid(), os.path.realpath(database))
    with _QUEUES_MUTEX:
        if key not in _QUEUES:
            _QUEUES[key] = WriteQueue(key[1])
        return _QUEUES[key]


class QueuedConnection(sqlite3.Connection):
    """A connection that gives its writer's turn back when its transaction is really over:
    after the COMMIT or ROLLBACK has run, not before (sqlite3.connect(factory=…))."""

    _queue: WriteQueue | None = None
    #: a writer's transaction whose BEGIN IMMEDIATE (and turn) waits for its first statement
    #: (models.database.begin_write(..., at_first_statement=True))
    begin_pending = False

    def enter(self, queue: WriteQueue, timeout: float) -> None:
        queue.enter(timeout)
        self._queue = queue

    def leave(self) -> None:
        queue, self._queue = self._queue, None
        if queue is not None:
            queue.leave()

    def commit(self) -> None:
        self.begin_pending = False
        queue = self._queue
        try:
            super().commit()
        finally:
            # A COMMIT that failed leaves the transaction open: its rollback gives the turn.
            if not self.in_transaction:
                self.leave()
        if queue is not None and queue.committed():
            self.checkpoint()

    def checkpoint(self) -> None:
        """Copy the WAL into the database, outside any turn; a failure loses nothing (the
        commit is done, the next checkpoint copies it), so it is logged, not raised."""
        try:
            self.execute("PRAGMA wal_checkpoint(PASSIVE)").close()
        except sqlite3.Error:
            log.warning("WAL checkpoint failed; the next one will copy its pages", exc_info=True)

    def rollback(self) -> None:
        self.begin_pending = False
        try:
            super().rollback()
        finally:
            if not self.in_transaction:
                self.leave()

    def close(self) -> None:
        self.begin_pending = False
        try:
            super().close()
        finally:
            self.leave()
