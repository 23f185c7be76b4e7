"""Emulation bonuses paid per year (the budget report): a page and its .xlsx, for the board
(the province) and a Director (his department and those it took over), as the dashboard."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from webapp.dashboard import bp, xlsx
from webapp.extensions import db
from webapp.numbers import YEAR_MAX, YEAR_MIN, query_int
from workflows.reports import bonus_paid, dashboard, exports


def _read():
    year = query_int("year", None, YEAR_MIN, YEAR_MAX)
    # Rolled up by default: the budget report asks what today's departments paid.
    rolled_up = query_int("rollup", 1, 0, 1) == 1
    scope = dashboard.scope_for(current_user)
    years = bonus_paid.paid(db.session, scope, year, rolled_up, dashboard.utcnow().date())
    return year, rolled_up, scope, years


@bp.route("/money")
@login_required
def money():
    year, rolled_up, scope, years = _read()
    return render_template(
        "dashboard/money.html", year=year, rolled_up=rolled_up, scope=scope, years=years
    )


@bp.route("/money.xlsx")
@login_required
def money_export():
    year, rolled_up, scope, years = _read()
    content = exports.workbook([bonus_paid.table(years, scope, rolled_up)])
    return xlsx(content, exports.safe_filename(f"tien thuong {year or 'cac nam'}"))
