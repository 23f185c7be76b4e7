"""Disposable databases for the test suite and the reliability scripts.

Without TDKT_TEST_DATABASE_URL every database is a SQLite file. With a PostgreSQL URL there
(`postgresql+psycopg://user@host:port/db`), each is a database of its own on that server; the
named database only serves to issue CREATE and DROP DATABASE. A seeded database is built once
through the migration chain (never create_all) and copied per use: a file copy on SQLite,
`CREATE DATABASE … TEMPLATE` on PostgreSQL.
"""

from __future__ import annotations

import itertools
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from models import write_queue
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from workflows.ops.demo import BEFORE_REORGANISATION, load_demo
from workflows.process.registry import ProcessRegistry
from workflows.reference import ensure_reference_data, role_codes

TEST_URL_VARIABLE = "TDKT_TEST_DATABASE_URL"


def postgres_server_url() -> str | None:
    """The PostgreSQL server the tests run on, or None for SQLite."""
    url = os.environ.get(TEST_URL_VARIABLE, "").strip()
    return url if url.startswith("postgresql") else None


def open_databases(directory: Path, worker: str = "") -> SqliteDatabases | PostgresDatabases:
    """`worker` (an xdist worker id) goes into PostgreSQL database names, beside the process
    id: suites and workers sharing a server never touch each other's databases."""
    server = postgres_server_url()
    return PostgresDatabases(server, worker) if server else SqliteDatabases(directory)


def seed(url: str, password: str, until: date | None = BEFORE_REORGANISATION) -> None:
    """What `tdkt init` and `tdkt demo --until` do to an empty database: migrate it to the
    heads, load the reference data, store the current process version, load the demo data as
    recorded by `until` (by default the world before Điện Biên's 2025 reorganisation, which the
    suite, the benchmarks and the concurrency run act in; None: the whole story)."""
    upgrade(url)
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            ensure_reference_data(session)
            ProcessRegistry.load(role_codes()).current(session)
            load_demo(session, password, until)
            session.commit()
    finally:
        engine.dispose()


class SqliteDatabases:
    kind = "sqlite"

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._numbers = itertools.count(1)

    def create(self, template: str | None = None) -> str:
        path = self.directory / f"db{next(self._numbers)}.sqlite"
        if template:
            # The template's engine is disposed, so its WAL is checkpointed into the main file.
            shutil.copyfile(make_url(template).database, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        database = make_url(url).database
        for suffix in ("", "-wal", "-shm", write_queue.SUFFIX):
            Path(f"{database}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        pass


class PostgresDatabases:
    """Databases on a PostgreSQL server, each test's copied from a template.

    A copy takes ~0.15 s of the server and a drop ~0.1 s, for each of more than a thousand
    tests: both are done by a thread beside the tests. While a test runs, the copy the next
    one will ask for (of the same template) is made; a drop is queued and not waited for.
    Every copy made is dropped by `close`, which raises what the thread met."""

    kind = "postgresql"

    def __init__(self, server_url: str, worker: str = ""):
        self.server_url = make_url(server_url)
        # Autocommit connections (CREATE/DROP DATABASE cannot run in a transaction): the
        # caller's and the thread's.
        self._admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT", pool_size=2)
        self._prefix = f"tdkt_t{worker}_{os.getpid()}" if worker else f"tdkt_t{os.getpid()}"
        self._numbers = itertools.count(1)
        self._created: list[str] = []
        # One thread: its jobs run in the order given, so a template's drop waits for the
        # copy of it being made ahead.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="testdb")
        self._ahead: dict[str, Future[str]] = {}
        self._queued: list[Future[None]] = []

    def create(self, template: str | None = None) -> str:
        if template is None:
            return self._url(self._create(None))
        source = make_url(template).database or ""
        name = _made(self._ahead.pop(source, None)) or self._create(source)
        self._ahead[source] = self._thread.submit(self._create, source)
        return self._url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database or ""
        # A template's copy made ahead goes with it.
        ahead = self._ahead.pop(name, None)
        if ahead is not None:
            self._queued.append(self._thread.submit(self._drop_made, ahead))
        self._queued.append(self._thread.submit(self._drop, name))
        self._queued = [job for job in self._queued if not job.done() or job.exception()]

    def close(self) -> None:
        self._ahead.clear()  # the copies made ahead are in _created
        self._thread.shutdown(wait=True)
        for job in self._queued:
            job.result()  # a drop that failed
        for name in list(self._created):
            self._drop(name)
        self._admin.dispose()

    def _create(self, template: str | None) -> str:
        name = f"{self._prefix}_{next(self._numbers)}"
        sql = f'CREATE DATABASE "{name}"'
        if template:
            sql += f' TEMPLATE "{template}"'
        with self._admin.connect() as conn:
            conn.execute(text(sql))
        self._created.append(name)
        return name

    def _drop(self, name: str) -> None:
        with self._admin.connect() as conn:
            # FORCE ends connections a test or a killed server left behind.
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if name in self._created:
            self._created.remove(name)

    def _drop_made(self, ahead: Future[str]) -> None:
        name = _made(ahead)
        if name is not None:
            self._drop(name)

    def _url(self, name: str) -> str:
        return self.server_url.set(database=name).render_as_string(hide_password=False)


def _made(ahead: Future[str] | None) -> str | None:
    """The name of the copy made ahead, or None: none was, or it failed (a test was connected
    to its template at that moment, which PostgreSQL refuses): the caller copies it itself."""
    if ahead is None:
        return None
    try:
        return ahead.result()
    except DBAPIError:
        return None
