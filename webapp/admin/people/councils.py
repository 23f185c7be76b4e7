"""The councils and their members per year: each department's council (dept_council) and
secretariat (dept_secretariat), and the provincial council (province_council), read from the
assignments' dates. Members are added and closed through the assignment forms."""

from __future__ import annotations

from datetime import date

from flask import render_template
from sqlalchemy import select

from models import Role
from webapp.admin.people import bp, year_asked
from webapp.extensions import db
from workflows.deadlines.calendar import today
from workflows.directory import assignments


@bp.route("/councils")
def councils():
    return council_page(year_asked())


def council_page(year: int) -> str:
    members = assignments.council_members(db.session, year)
    now = today()
    # A new member starts today in the current year, on 1 January in another one.
    start = now if now.year == year else date(year, 1, 1)
    return render_template(
        "people/councils.html",
        year=year,
        bodies=[
            (role, org, members.get((role, org.id), []))
            for role, org in assignments.council_bodies(db.session, year)
        ],
        roles={r.code: r for r in db.session.scalars(select(Role))},
        start=start,
        year_end=date(year, 12, 31),
    )
