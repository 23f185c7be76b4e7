"""The list of every proposal the user may see, with filters (the board sees all)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import func, select

from models import Award, HumanTask, Organisation, OrgKind
from workflows import proposals
from workflows.access import is_board

from ..extensions import db
from ..labels import STAGE, STATUS

bp = Blueprint("board", __name__, url_prefix="/board", template_folder="templates")
PER_PAGE = 50


@bp.route("/")
@login_required
def index():
    args = request.args
    status = args.get("status") if args.get("status") in STATUS else None
    stage = args.get("stage") if args.get("stage") in STAGE else None
    award = args.get("award") or None
    year = args.get("year", type=int)
    org_code = args.get("org") or None
    org_id = None
    if org_code:
        org_id = db.session.scalar(select(Organisation.id).where(Organisation.code == org_code))
        org_id = org_id or -1
    page = max(args.get("page", 1, type=int), 1)
    query = proposals.search(
        current_user, status=status, stage=stage, org_id=org_id, award_code=award, year=year
    )
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = list(db.session.scalars(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)))
    waiting = _waiting_for([p.id for p in rows])
    orgs = db.session.scalars(
        select(Organisation)
        .where(Organisation.kind.in_([OrgKind.DEPARTMENT, OrgKind.UNIT]))
        .order_by(Organisation.kind, Organisation.name)
    )
    return render_template(
        "board/index.html",
        rows=rows,
        waiting=waiting,
        total=total,
        page=page,
        pages=max((total + PER_PAGE - 1) // PER_PAGE, 1),
        awards=db.session.scalars(select(Award).order_by(Award.name_vi)),
        orgs=orgs,
        filters={"status": status, "stage": stage, "award": award, "year": year, "org": org_code},
        board_view=is_board(current_user),
    )


def _waiting_for(proposal_ids: list[int]) -> dict[int, list[HumanTask]]:
    out: dict[int, list[HumanTask]] = {}
    if not proposal_ids:
        return out
    tasks = db.session.scalars(
        select(HumanTask).where(HumanTask.proposal_id.in_(proposal_ids), HumanTask.state == "ready")
    )
    for task in tasks:
        out.setdefault(task.proposal_id, []).append(task)
    return out
