"""Names of organisations as of a date, for pages and exports of one request.

A decided proposal or award shows its unit and department as they were named on the decision
date (issue 16): `name_on(org, day)` and `short_name_on(org, day)` are template globals; a day
of None gives today's name. One memo per request reads each organisation's history once.
"""

from __future__ import annotations

from datetime import date

from flask import g

from models import Organisation
from webapp.extensions import db
from workflows.directory.names_asof import Names


def names() -> Names:
    if "org_names" not in g:
        g.org_names = Names(db.session)
    return g.org_names


def preload(proposals) -> None:
    """One read for the name histories of every decided proposal's unit and department."""
    names().preload({i for p in proposals if p.decision_date for i in (p.org_id, p.department_id)})


def name_on(org: Organisation | None, day: date | None = None) -> str:
    return names().name(org, day)


def short_name_on(org: Organisation | None, day: date | None = None) -> str:
    return names().short(org, day)
