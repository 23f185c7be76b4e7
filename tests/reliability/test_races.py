"""Two transactions at the same point at once, made deterministic by holding the first one open.

On PostgreSQL (READ COMMITTED) both transactions look before either commits: whatever they
create on first use must survive the second one finding it already created.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from models import ProcessVersion
from models.database import begin_write, make_engine, make_session_factory
from models.migrate import upgrade
from tests.support.locks import wait_until_blocked
from workflows.process.registry import ProcessRegistry
from workflows.reference import ensure_reference_data, role_codes

# Stress: two workers racing for the same rows.
pytestmark = pytest.mark.slow


def test_two_workers_storing_a_new_process_version_at_once(empty_db_url):
    upgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    factory = make_session_factory(engine)
    with factory() as session:
        ensure_reference_data(session)
        session.commit()
    registry = ProcessRegistry.load(role_codes())
    first, second = factory(), factory()
    outcome: dict = {}

    def second_worker() -> None:
        try:
            begin_write(second)
            version, _ = registry.current(second)
            second.commit()
            outcome["id"] = version.id
        except Exception as exc:  # reported by the assertion below
            outcome["error"] = exc
            second.rollback()

    try:
        begin_write(first)
        version, _ = registry.current(first)  # inserted and flushed, not committed
        racing = threading.Thread(target=second_worker)
        racing.start()
        wait_until_blocked(engine)
        first.commit()
        racing.join(timeout=30)
        assert "error" not in outcome, outcome.get("error")
        assert outcome["id"] == version.id
        with factory() as session:
            assert session.scalar(select(func.count(ProcessVersion.id))) == 1
    finally:
        first.close()
        second.close()
        engine.dispose()
