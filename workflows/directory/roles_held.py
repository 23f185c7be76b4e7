"""Which role assignments count: the one rule, in SQL, that `RoleAssignment.held_on` states in
Python. An assignment gives its rights from its first to its last day (both inclusive); a
closed one stays as the record of who held the role, a future one waits for its day."""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import BindParameter, ColumnElement

from models import RoleAssignment
from models.people import vn_today
from workflows.directory.org_history import valid_on


def held_on(day: date | BindParameter | None = None) -> ColumnElement[bool]:
    """SQL condition on RoleAssignment: held on `day` (today in Việt Nam when None); a bind
    parameter for statements built once and run on any day."""
    # valid_on compares columns with the value, so a bind parameter stands for a date.
    return valid_on(RoleAssignment, cast(date, vn_today() if day is None else day))
