"""History tests reuse the API fixture to file proposals; `org` and `person` look things up."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Organisation, Person


@pytest.fixture
def org(session):
    def _org(code: str) -> Organisation:
        return session.scalar(select(Organisation).where(Organisation.code == code))

    return _org


@pytest.fixture
def person(session):
    def _person(staff_code: str) -> Person:
        return session.scalar(select(Person).where(Person.staff_code == staff_code))

    return _person
