"""The merger of tests/support/merger.py, committed in the test's database."""

from __future__ import annotations

import pytest

from tests.support.merger import Merger, build


@pytest.fixture
def merger(session) -> Merger:
    made = build(session)
    session.commit()
    return made
