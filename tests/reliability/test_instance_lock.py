"""Locking a proposal's running instance locks that row only.

The lock reads the instance's process version (its hash) in the same statement; every instance
of a version shares that row, so locking it as well would make every completion wait for any
other one in progress (PostgreSQL; SQLite has one writer at a time anyway).
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from workflows.process.runtime import RunningProcess


def test_two_proposals_of_one_version_are_locked_at_once(app, api):
    engine = app.extensions["tdkt_engine"]
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    nominator = api("vanthu.cntt")
    first, second = nominator.file("LDTT"), nominator.file("LDTT")
    factory = app.extensions["tdkt_sessions"]
    with factory() as one, factory() as other:
        RunningProcess.lock(one, first)
        other.execute(text("SET LOCAL lock_timeout = '2s'"))
        # Would fail with "lock timeout" if the version row were locked by the first.
        instance = RunningProcess.lock(other, second).instance
        assert instance.proposal_id == second
        one.rollback()
        other.rollback()
