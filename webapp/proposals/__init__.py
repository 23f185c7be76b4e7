"""Filing, editing, submitting and reading a proposal."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from models import Award
from workflows import audit, proposals
from workflows.access import candidates, get_visible_proposal
from workflows.errors import DomainError, ValidationFailed

from ..extensions import db
from ..views import apply_field_errors, commit, registry
from .forms import ProposalForm

NO_NOMINEE = "Hồ sơ cần ít nhất một cá nhân hoặc tập thể được đề nghị."

bp = Blueprint("proposals", __name__, url_prefix="/proposals", template_folder="templates")


def _prepare(form: ProposalForm) -> None:
    awards = db.session.scalars(select(Award).order_by(Award.level, Award.name_vi))
    form.award_code.choices = [SelectChoice(a.code, a.name_vi) for a in awards]
    units = [a.org for a in current_user.assignments if a.role_code == "nominator"]
    form.org.choices = [SelectChoice(u.code, u.name) for u in units]
    if request.method == "GET" and units and not form.org.data:
        form.org.data = units[0].code


def _handle(form: ProposalForm, proposal_id: int | None):
    """Shared POST handling of new and edit; returns a response or None to re-render."""
    if form.add_row.data:
        form.nominees.append_entry()
        return None
    valid = form.validate()
    data, index_map = form.payload()
    if not data["nominees"]:
        # Said together with the other errors, not after they are fixed.
        form.nominees.errors = [*form.nominees.errors, NO_NOMINEE]
        valid = False
    if not valid:
        return None
    try:
        if proposal_id is None:
            proposal = proposals.create_proposal(db.session, registry(), current_user, data)
        else:
            proposal = proposals.update_proposal(db.session, current_user, proposal_id, data)
        if form.save_submit.data:
            proposals.submit_proposal(db.session, registry(), current_user, proposal.id)
    except ValidationFailed as exc:
        db.session.rollback()
        errors = {_row_key(k, index_map): v for k, v in exc.fields.items()}
        for message in apply_field_errors(form, errors):
            flash(message, "error")
        return None
    commit()
    flash("Đã nộp hồ sơ." if form.save_submit.data else "Đã lưu hồ sơ.", "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id))


def _row_key(key: str, index_map: list[int]) -> str:
    if key.startswith("nominees[") and "]" in key:
        index, rest = key[len("nominees[") :].split("]", 1)
        if index.isdigit() and int(index) < len(index_map):
            return f"nominees[{index_map[int(index)]}]{rest}"
    return key


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not current_user.has_role("nominator"):
        abort(403, "Chỉ cán bộ lập hồ sơ của một đơn vị mới lập được hồ sơ.")
    form = ProposalForm()
    _prepare(form)
    if request.method == "POST":
        response = _handle(form, None)
        if response is not None:
            return response
    status = 400 if form.errors or request.method == "POST" and not form.add_row.data else 200
    return render_template("proposals/form.html", form=form, proposal=None), status


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    proposal = get_visible_proposal(db.session, current_user, proposal_id)
    form = ProposalForm(obj=proposal if request.method == "GET" else None)
    _prepare(form)
    form.org.choices = [SelectChoice(proposal.org.code, proposal.org.name)]
    form.org.data = None
    if request.method == "GET":
        task = proposals.filing_task(db.session, proposal)
        if task is None or not current_user.has_role("nominator", proposal.org_id):
            abort(403, "Hồ sơ này không ở bước chỉnh sửa của bạn.")
        _fill_nominees(form, proposal)
    else:
        response = _handle(form, proposal_id)
        if response is not None:
            return response
    status = 400 if request.method == "POST" and not form.add_row.data else 200
    return render_template("proposals/form.html", form=form, proposal=proposal), status


def _fill_nominees(form: ProposalForm, proposal) -> None:
    while len(form.nominees.entries):
        form.nominees.pop_entry()
    for nominee in proposal.nominees:
        form.nominees.append_entry(
            {
                "name": nominee.name,
                "job_title": nominee.job_title,
                "unit_name": nominee.unit_name,
                "gender": nominee.gender or "",
                "achievements": nominee.achievements,
            }
        )
    form.nominees.append_entry()


@bp.route("/<int:proposal_id>/submit", methods=["POST"])
@login_required
def submit(proposal_id: int):
    comment = request.form.get("comment", "")
    try:
        proposals.submit_proposal(db.session, registry(), current_user, proposal_id, comment)
    except ValidationFailed as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("proposals.detail", proposal_id=proposal_id))
    except DomainError:
        db.session.rollback()
        raise
    commit()
    flash("Đã nộp hồ sơ.", "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal_id))


@bp.route("/<int:proposal_id>")
@login_required
def detail(proposal_id: int):
    proposal = get_visible_proposal(db.session, current_user, proposal_id)
    tasks = proposals.current_tasks(db.session, proposal.id)
    waiting = [(t, candidates(db.session, t, proposal)) for t in tasks]
    filing = proposals.filing_task(db.session, proposal)
    can_edit = filing is not None and current_user.has_role("nominator", proposal.org_id)
    return render_template(
        "proposals/detail.html",
        proposal=proposal,
        waiting=waiting,
        history=audit.history(db.session, proposal.id),
        can_edit=can_edit,
    )
