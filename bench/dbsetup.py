"""A fresh database for one benchmark run: SQLite file or PostgreSQL database, migrated, seeded."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from bench.pg import Cluster
from models.database import analyze, make_engine, make_session_factory
from models.migrate import upgrade
from workflows.ops.demo import BEFORE_REORGANISATION, DEFAULT_DEMO_PASSWORD, load_demo
from workflows.process.registry import ProcessRegistry
from workflows.reference import ensure_reference_data, role_codes

PASSWORD = DEFAULT_DEMO_PASSWORD


@dataclass
class Databases:
    """Hands out fresh databases: SQLite files in a temp dir, and PostgreSQL if a cluster runs."""

    tmp: Path
    cluster: Cluster | None = None
    _count: int = 0

    def new(self, kind: str, name: str, *, demo: bool = True) -> str:
        self._count += 1
        if kind == "sqlite":
            path = self.tmp / f"{name}-{self._count}.sqlite"
            shutil.copy(_sqlite_template(demo), path)
            return f"sqlite:///{path}"
        if kind == "postgresql" and self.cluster is not None:
            url = self.cluster.create_database(f"{name}_{self._count}".replace("-", "_"))
        else:
            raise ValueError(f"no {kind} database available")
        seed(url, demo=demo)
        return url

    @property
    def kinds(self) -> list[str]:
        return ["sqlite"] + (["postgresql"] if self.cluster is not None else [])

    @property
    def pg_version(self) -> str | None:
        return self.cluster.version() if self.cluster is not None else None


#: seeded SQLite files by "with demo data?"; the smoke test puts the suite's own template here
SQLITE_TEMPLATES: dict[bool, Path] = {}


def _sqlite_template(demo: bool) -> Path:
    """A seeded SQLite file, made once per process: seeding hashes every demo password."""
    if demo not in SQLITE_TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="tdkt-bench-template-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "template.sqlite"
        seed(f"sqlite:///{path}", demo=demo)
        SQLITE_TEMPLATES[demo] = path
    return SQLITE_TEMPLATES[demo]


def seed(url: str, *, demo: bool = True) -> None:
    """Through the migration chain, like `tdkt init` and `tdkt demo`."""
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        # Alembic's own table has VARCHAR(32); a longer revision id would fail on PostgreSQL
        # (SQLite does not enforce the length), so the benchmark gives it room.
        with engine.begin() as conn:
            conn.execute(
                text(
                    "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(255) "
                    "NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
                )
            )
    upgrade(url)
    try:
        with make_session_factory(engine)() as session:
            ensure_reference_data(session)
            if demo:
                load_demo(session, PASSWORD, until=BEFORE_REORGANISATION)  # bench/ldtt's accounts
            ProcessRegistry.load(role_codes()).current(session)
            session.commit()
        if engine.dialect.name == "postgresql":
            # A server in use has its planner's statistics (autovacuum analyzes a table after
            # its first rows); a database measured a second after its bulk load had none.
            analyze(engine)
    finally:
        engine.dispose()


@contextmanager
def databases(postgres: bool) -> Iterator[Databases]:
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-") as tmp:
        if not postgres:
            yield Databases(Path(tmp))
            return
        with Cluster() as cluster:
            yield Databases(Path(tmp), cluster)
