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
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

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
    kind = "postgresql"

    def __init__(self, server_url: str, worker: str = ""):
        self.server_url = make_url(server_url)
        # One autocommit connection kept open: CREATE/DROP DATABASE cannot run in a transaction.
        self._admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT", pool_size=1)
        self._prefix = f"tdkt_t{worker}_{os.getpid()}" if worker else f"tdkt_t{os.getpid()}"
        self._numbers = itertools.count(1)
        self._created: list[str] = []

    def create(self, template: str | None = None) -> str:
        name = f"{self._prefix}_{next(self._numbers)}"
        sql = f'CREATE DATABASE "{name}"'
        if template:
            sql += f' TEMPLATE "{make_url(template).database}"'
        with self._admin.connect() as conn:
            conn.execute(text(sql))
        self._created.append(name)
        return self.server_url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self._admin.connect() as conn:
            # FORCE ends connections a test or a killed server left behind.
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if name in self._created:
            self._created.remove(name)

    def close(self) -> None:
        for name in list(self._created):
            self.drop(self.server_url.set(database=name).render_as_string(hide_password=False))
        self._admin.dispose()
