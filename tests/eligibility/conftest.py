"""Fixtures of the eligibility tests: a registry history to build, and one nominee's verdict."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tests.support.eligibility import IN_FORCE, YEAR, History, nominee_of
from workflows.eligibility import checks


@pytest.fixture
def history(session) -> History:
    return History(session)


@pytest.fixture
def verdict(session):
    """verdict(award, subject) → {criterion code: Criterion} for that one nominee."""

    def _verdict(award_code: str, subject, on: date = IN_FORCE, year: int = YEAR):
        proposal = SimpleNamespace(award_code=award_code, year=year, nominees=[nominee_of(subject)])
        (result,) = checks.check(session, proposal, on)
        return {c.code: c for c in result.criteria}

    return _verdict
