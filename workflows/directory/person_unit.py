"""The unit a person of the staff registry was in on a day, as SQL (from `person_move`).

Below both `history` (which records the moves) and `awards` (whose rating caps count the people
of a department in the year rated), so that both read a person's unit the same way.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, func, select

from models import PersonMove


def unit_at(person_id, org_id, day: date | ColumnElement[date]) -> ColumnElement:
    """Where the last move up to `day` put the person, else where the first move after it took
    them from, else `org_id` (their unit: never moved). `person_id`, `org_id`: the columns of
    the person in the outer statement; `day` may be a bind parameter."""
    moved_to = (
        select(PersonMove.to_org_id)
        .where(PersonMove.person_id == person_id, PersonMove.moved_on <= day)
        .order_by(PersonMove.moved_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    left = (
        select(PersonMove.from_org_id)
        .where(PersonMove.person_id == person_id, PersonMove.moved_on > day)
        .order_by(PersonMove.moved_on)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(moved_to, left, org_id)
