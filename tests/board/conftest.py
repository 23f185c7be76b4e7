"""Fixtures for the board's views: decisions written straight into the database.

Targets and statistics are computed from decisions only, so a crafted data set is a set of
approved proposals with their nominees; how they got approved is tested elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from models import Headcount, Movement, Nominee, Organisation, Proposal, User


@pytest.fixture
def org_id(session) -> Callable[[str], int]:
    def _id(code: str) -> int:
        return session.scalar(select(Organisation.id).where(Organisation.code == code))

    return _id


@pytest.fixture
def decided(session, org_id) -> Callable[..., int]:
    """decided("sotttt-cntt", "LDTT", ["Nguyễn Văn An", {"name": ..., "gender": ...}]) -> id.

    An approved proposal of the unit under the 2025 movement (movement=None: none).
    """
    movement_id = session.scalar(select(Movement.id).where(Movement.code == "sotttt-2025"))
    author = session.scalar(select(User.id).where(User.username == "vanthu.cntt"))
    # End the read: a SQLite reader whose snapshot went stale cannot start writing later.
    session.rollback()

    def _decided(
        unit: str,
        award: str,
        nominees: list,
        *,
        status: str = "approved",
        year: int = 2025,
        movement: str | None = "sotttt-2025",
    ) -> int:
        unit_id = org_id(unit)
        proposal = Proposal(
            org_id=unit_id,
            department_id=session.get(Organisation, unit_id).parent_id,
            award_code=award,
            year=year,
            title=f"{award} {unit}",
            summary="Dữ liệu dựng cho kiểm thử",
            status=status,
            round=1,
            created_by_id=author,
            movement_id=movement_id if movement else None,
            decision_no="1/QĐ-TEST" if status == "approved" else None,
            decision_date=date(2025, 12, 20) if status == "approved" else None,
        )
        for position, item in enumerate(nominees):
            item = {"name": item} if isinstance(item, str) else dict(item)
            kind = "collective" if award in COLLECTIVE_AWARDS else "person"
            proposal.nominees.append(Nominee(position=position, kind=kind, **item))
        session.add(proposal)
        session.commit()
        return proposal.id

    return _decided


COLLECTIVE_AWARDS = {"TTLDTT", "TTLDXS", "GK_TT", "BK_TINH_TT", "CO_THI_DUA_TINH"}


@pytest.fixture
def set_headcounts(session, org_id) -> Callable[[dict], None]:
    """set_headcounts({"sotttt-cntt": 10, ...}) for 2025; None removes a unit's row."""

    def _set(persons: dict[str, int | None], year: int = 2025) -> None:
        for code, n in persons.items():
            row = session.scalar(
                select(Headcount).where(Headcount.org_id == org_id(code), Headcount.year == year)
            )
            if n is None:
                if row is not None:
                    session.delete(row)
                continue
            if row is None:
                row = Headcount(org_id=org_id(code), year=year, source="kiểm thử")
                session.add(row)
            row.persons, row.women, row.leaders = n, 0, 0
        session.commit()

    return _set
