"""Reports: proposals counted per department, as recorded or rolled up through successors; a
movement's targets against registrations, proposals and awards."""

from __future__ import annotations

from flask import g, jsonify

from webapp.api import bp
from webapp.api.auth import token_required
from webapp.extensions import db
from webapp.numbers import YEAR_MAX, YEAR_MIN, query_int
from workflows.reports import dashboard, registered_targets


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


@bp.get("/movements/<id:movement_id>/targets")
@token_required
def movement_targets(movement_id: int):
    """Per target of the movement: registered → proposed → awarded, per unit and department
    (`?rollup=1`, the default, counts a department taken over in its successor)."""
    rolled_up = query_int("rollup", 1, 0, 1) == 1
    found, scope = registered_targets.for_user(
        db.session, g.api_user, movement_id, rolled_up, dashboard.utcnow().date()
    )

    def group(g_: registered_targets.Group | None) -> dict | None:
        if g_ is None:
            return None
        return {
            "name": g_.name,
            "targets": [
                {
                    "code": line.code,
                    "label": line.label,
                    "value": float(line.value),
                    "required": line.required,
                    "met": line.met(),
                    **{
                        stage: {
                            "count": cell.count,
                            "base": cell.base,
                            "percent": None if cell.percent is None else float(cell.percent),
                        }
                        for stage, cell in line.cells.items()
                    },
                }
                for line in g_.lines
            ],
        }

    return jsonify(
        {
            "movement": found.movement.code,
            "year": found.year,
            "rolled_up": rolled_up,
            "scope": scope.label,
            "total": group(found.total),
            "departments": [group(d) for d in found.departments],
            "units": [group(u) for u in found.units],
            "not_counted": found.not_counted,
        }
    )
