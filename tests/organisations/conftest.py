"""Fixtures of the organisation tests: the small province of tests/support/orgworld, committed,
and a session to apply events in (as a writing request does: the write lock first)."""

from __future__ import annotations

import pytest

from models.database import begin_write
from tests.support import orgworld


@pytest.fixture
def world(app):
    factory = app.extensions["tdkt_sessions"]
    with factory() as s:
        built = orgworld.build(s)
        s.commit()
    return built


@pytest.fixture
def writer(app):
    """A session that starts as a writer; the test commits or it rolls back at the end."""
    factory = app.extensions["tdkt_sessions"]
    with factory() as s:
        begin_write(s)
        yield s
