"""The list of every proposal the user may see, with filters (the board sees all)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import func, select

from models import Award, HumanTask, Organisation, OrgKind, TaskState
from webapp import org_names
from webapp.board.export import list_table
from webapp.dashboard import xlsx
from webapp.extensions import db
from webapp.labels import STAGE, STATUS
from webapp.numbers import PAGE_MAX, YEAR_MAX, YEAR_MIN, query_int
from workflows.directory.access import is_board
from workflows.proposals import queries
from workflows.reports import exports
from workflows.vn_collation import sort_key

bp = Blueprint("board", __name__, url_prefix="/board", template_folder="templates")
PER_PAGE = 50
#: a spreadsheet of the whole province for several years stays well under this
EXPORT_MAX = 20_000
SEARCH_MAX = 100


def _filters() -> tuple[dict, dict]:
    """The list's filters from the query string: (as shown in the form, as the search takes)."""
    args = request.args
    status = args.get("status") if args.get("status") in STATUS else None
    stage = args.get("stage") if args.get("stage") in STAGE else None
    award = args.get("award") or None
    year = query_int("year", None, YEAR_MIN, YEAR_MAX)
    org_code = args.get("org") or None
    # Words of the title or a nominee's name; capped like the API's parameter.
    q = (args.get("q") or "").strip()[:SEARCH_MAX] or None
    org_id = None
    if org_code:
        org_id = db.session.scalar(select(Organisation.id).where(Organisation.code == org_code))
        org_id = org_id or -1
    shown = {"q": q, "status": status, "stage": stage, "award": award, "year": year}
    shown["org"] = org_code
    search = {"status": status, "stage": stage, "org_id": org_id, "award_code": award, "year": year}
    search["q"] = q
    return shown, search


@bp.route("/")
@login_required
def index():
    filters, search = _filters()
    page = query_int("page", 1, 1, PAGE_MAX)
    query = queries.search(current_user, **search)
    total = db.session.execute(
        select(func.count()).select_from(query.order_by(None).subquery())
    ).scalar_one()
    rows = list(db.session.scalars(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    waiting = _waiting_for([p.id for p in rows])
    org_names.preload(rows)
    found = db.session.scalars(
        select(Organisation).where(Organisation.kind.in_([OrgKind.DEPARTMENT, OrgKind.UNIT]))
    )
    # Departments first, then units; each in Vietnamese alphabetical order (vn_collation).
    orgs = sorted(found, key=lambda o: (o.kind, sort_key(o.name)))
    return render_template(
        "board/index.html",
        rows=rows,
        waiting=waiting,
        total=total,
        page=page,
        pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
        awards=sorted(db.session.scalars(select(Award)), key=lambda a: sort_key(a.name_vi)),
        orgs=orgs,
        filters=filters,
        board_view=is_board(current_user),
    )


@bp.route("/export.xlsx")
@login_required
def export():
    """The filtered list as a spreadsheet: the same rows the user may see in the list."""
    filters, search = _filters()
    rows = list(db.session.scalars(queries.search(current_user, **search).limit(EXPORT_MAX)))
    scope = "toàn tỉnh" if is_board(current_user) else f"hồ sơ {current_user.full_name} được xem"
    table = list_table(rows, _waiting_for([p.id for p in rows]), filters, scope)
    return xlsx(exports.workbook([table]), exports.safe_filename("danh sach ho so"))


def _waiting_for(proposal_ids: list[int]) -> dict[int, list[HumanTask]]:
    out: dict[int, list[HumanTask]] = {}
    if not proposal_ids:
        return out
    tasks = db.session.scalars(
        select(HumanTask).where(
            HumanTask.proposal_id.in_(proposal_ids), HumanTask.state == TaskState.READY
        )
    )
    for task in tasks:
        out.setdefault(task.proposal_id, []).append(task)
    return out
