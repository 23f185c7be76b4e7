"""The dashboard: the board's province, a Director's department, a unit head's unit."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from models import Proposal
from webapp.dashboard import charts, tables
from webapp.extensions import db
from webapp.numbers import YEAR_MAX, YEAR_MIN, query_int
from webapp.svgchart import percent
from workflows.reports import dashboard, exports

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard", template_folder="templates")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year() -> int | None:
    return query_int("year", None, YEAR_MIN, YEAR_MAX)


def _rolled_up() -> bool:
    """`?rollup=1`: departments taken over are counted in their successor; 0 (the default):
    as recorded."""
    return query_int("rollup", 0, 0, 1) == 1


@bp.route("/")
@login_required
def index():
    year = _year()
    board = dashboard.build(db.session, current_user, year, _rolled_up())
    years = db.session.scalars(
        select(Proposal.year).where(board.scope.proposals()).distinct().order_by(Proposal.year)
    )
    return render_template(
        "dashboard/index.html",
        d=board,
        year=year,
        years=list(years),
        charts=charts.for_dashboard(board),
        days=tables.days,
        pct=lambda value: percent(float(value)),
        stage_label=lambda code: tables.STAGE_TIME.get(code, code),
    )


def xlsx(content: bytes, filename: str) -> Response:
    return Response(
        content,
        mimetype=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/export.xlsx")
@login_required
def export():
    year = _year()
    board = dashboard.build(db.session, current_user, year, _rolled_up())
    content = exports.workbook(tables.dashboard_tables(board))
    return xlsx(content, exports.safe_filename(f"bang dieu khien {year or 'tat ca'}"))


@bp.route("/statistics.xlsx")
@login_required
def statistics():
    scope = dashboard.scope_for(current_user)
    year = _year() or exports.latest_decided_year(db.session, scope) or date.today().year
    rolled_up = _rolled_up()
    rows = exports.annual_statistics(db.session, scope, year, rolled_up)
    table = exports.annual_statistics_table(db.session, scope, year, rows, rolled_up)
    return xlsx(exports.workbook([table]), exports.safe_filename(f"thong ke khen thuong {year}"))


# Pages with their routes on this blueprint.
from webapp.dashboard import money, movement_targets  # noqa: E402, F401
