"""Reports: proposals counted per department, as recorded or rolled up through successors."""

from __future__ import annotations

from flask import g, jsonify

from webapp.api import bp
from webapp.api.auth import token_required
from webapp.extensions import db
from webapp.numbers import YEAR_MAX, YEAR_MIN, query_int
from workflows.reports import dashboard


@bp.get("/reports/departments")
@token_required
def department_counts():
    """The dashboard's per-department table: `?rollup=1` counts a department taken over in its
    successor (named with the ones it includes), 0 (default) each as recorded."""
    year = query_int("year", None, YEAR_MIN, YEAR_MAX)
    rolled_up = query_int("rollup", 0, 0, 1) == 1
    scope = dashboard.scope_for(g.api_user)
    folded = dashboard.folding(db.session, scope, year, dashboard.utcnow().date())
    rows = dashboard.by_department(db.session, scope, year, folded if rolled_up else None)
    return jsonify(
        {
            "year": year,
            "rolled_up": rolled_up,
            "departments": [
                {
                    "code": e["department"].code,
                    "name": e["name"],
                    "former": [{"code": o.code, "name": o.name} for o in e["former"]],
                    "total": e["total"],
                    "by_status": e["by_status"],
                }
                for e in rows
            ],
        }
    )
