"""The inbox and the task page: claim, release, complete."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from models import HumanTask, Proposal, RoleCode, TaskState, utcnow
from webapp import transaction
from webapp.errors import fields_of
from webapp.extensions import db
from webapp.inbox import higher_decision
from webapp.inbox.ballot import ballot_page, may_act
from webapp.inbox.ballot_batch import batch_page
from webapp.inbox.forms import payload_of, step_form
from webapp.labels import translated
from webapp.views import apply_field_errors, registry
from workflows.awards import quota_display
from workflows.cases import inbox as case_inbox
from workflows.cases import kinds
from workflows.council.ballots import FORM as BALLOT
from workflows.deadlines.calendar import today
from workflows.directory.access import get_visible_proposal
from workflows.eligibility import checks
from workflows.errors import ValidationFailed
from workflows.process import audit, inbox_view, review
from workflows.process.forms import ACTION_LABELS, HIGHER_DECISION_FORM, fields_for
from workflows.registration import requirement

bp = Blueprint("inbox", __name__, template_folder="templates")
# The higher decision's document is posted with the step (webapp.inbox.higher_decision).
bp.url_value_preprocessor(higher_decision.allow_upload)


#: roles with no step of their own, and where their work is instead of an inbox always empty
LANDING = {RoleCode.BOARD: "dashboard.index", RoleCode.ADMIN: "admin.index"}


@bp.route("/")
@login_required
def index():
    roles = {a.role_code for a in current_user.held_assignments()}
    if roles and roles <= LANDING.keys() and not request.args:
        return redirect(
            url_for(LANDING[RoleCode.BOARD if RoleCode.BOARD in roles else RoleCode.ADMIN])
        )
    tab = "done" if request.args.get("tab") == "done" else "waiting"
    asked = _filter_of(request.args)
    try:
        page = (inbox_view.done if tab == "done" else inbox_view.waiting)(
            db.session, current_user, asked.checked(), utcnow()
        )
    except ValidationFailed as exc:
        for message in fields_of(exc).values():
            flash(message, "error")
        asked = inbox_view.InboxFilter()
        page = inbox_view.waiting(db.session, current_user, asked, utcnow())
        tab = "waiting"
    filed = list(
        db.session.scalars(
            select(Proposal)
            .where(Proposal.created_by_id == current_user.id)
            .order_by(Proposal.updated_at.desc())
            .limit(50)
        )
    )
    return render_template(
        "inbox/index.html",
        page=page,
        tab=tab,
        # The steps of cases other than proposals (a registration …): the same inbox, own rows.
        case_tasks=case_inbox.waiting(db.session, current_user) if tab == "waiting" else [],
        # …and the ones the user completed: a unit finds its registration again once approved.
        case_done=case_inbox.done(db.session, current_user) if tab == "done" else [],
        case_kinds=kinds,
        filed=filed,
        args=request.args.to_dict(),
        action_labels=ACTION_LABELS,
        ballot_count=db.session.scalar(
            select(func.count())
            .select_from(HumanTask)
            .where(
                HumanTask.assignee_id == current_user.id,
                HumanTask.state == TaskState.READY,
                HumanTask.form == BALLOT,
            )
        ),
    )


def _filter_of(args) -> inbox_view.InboxFilter:
    """The filter from the query string; what is empty is not asked, what is not a number is
    treated as absent (the form offers choices only)."""
    return inbox_view.InboxFilter(
        award=args.get("award") or None,
        unit=args.get("unit", type=int) or None,
        stage=args.get("stage") or None,
        due=args.get("due") or None,
        q=args.get("q") or None,
        sort=args.get("sort") or None,
        desc=args.get("dir") == "desc",
        limit=args.get("limit", inbox_view.DEFAULT_LIMIT, type=int),
        offset=args.get("offset", 0, type=int),
    )


@bp.route("/ballots", methods=["GET", "POST"])
@login_required
def ballots():
    """A council member's open ballots, cast from one page (webapp.inbox.ballot_batch)."""
    return batch_page()


def _task_or_404(task_id: int) -> tuple[HumanTask, Proposal]:
    task = db.session.get(HumanTask, task_id)
    # Another member's ballot is not disclosed: as absent.
    if task is None or task.assignee_id not in (None, current_user.id):
        abort(404, _("Không tìm thấy bước xử lý số %(id)d.", id=task_id))
    proposal = get_visible_proposal(db.session, current_user, task.proposal_id)
    return task, proposal


@bp.route("/tasks/<id:task_id>", methods=["GET", "POST"])
@login_required
def task(task_id: int):
    task, proposal = _task_or_404(task_id)
    if task.form == "file" and task.state == TaskState.READY:
        return redirect(url_for("proposals.detail", proposal_id=proposal.id))
    if task.form == BALLOT:
        return ballot_page(task, proposal)
    can_act, why_not = may_act(task, proposal)
    form = step_form(
        task.form,
        task.action_list,
        formdata=request.form if request.method == "POST" else None,
        defaults=_prefilled(),
    )
    status = 200
    if request.method == "POST":
        if not can_act:
            abort(403 if task.state == TaskState.READY else 409, why_not)
        if form.validate():
            try:
                payload = payload_of(form, task.form)
                if task.form == HIGHER_DECISION_FORM:
                    payload = higher_decision.add_to_payload(payload, proposal)
                review.complete_task(db.session, registry(), current_user, task.id, payload)
                name = translated(task.name)
                flash(
                    _("Đã xử lý: %(task)s – %(title)s", task=name, title=proposal.title), "success"
                )
                return redirect(url_for("inbox.index"))
            except ValidationFailed as exc:
                transaction.abandon()
                for message in apply_field_errors(form, fields_of(exc)):
                    flash(message, "error")
        status = 400
    return render_template(
        "inbox/task.html",
        task=task,
        proposal=proposal,
        form=form,
        fields=fields_for(task.form),
        can_act=can_act,
        why_not=why_not,
        history=audit.history(db.session, proposal.id),
        # Live while the step is open: what the approval will be checked against.
        eligibility=checks.live(db.session, registry().eligibility, proposal)
        if can_act
        else checks.latest(db.session, [proposal.id]).get(proposal.id),
        # A nominee not registered for the title where the province requires it: a flag.
        registration_check=requirement.check(db.session, proposal),
        # The caps the Director's decision is checked against, counted now
        # (workflows.awards.quotas).
        quota_status=quota_display.live(db.session, proposal),
        # A lower award instead of a refusal (workflows.process.lowering), where the step may.
        lower_choices=lowering.choices(task, proposal) if can_act else None,
    ), status


def _prefilled() -> dict[str, str]:
    """What a decision or a submission most often says: signed by the one who acts, today (the
    province's day, not UTC's)."""
    day = today().isoformat()
    return {
        "signer": current_user.full_name,
        "decision_date": day,
        "submission_date": day,
        "sent_date": day,
    }


@bp.route("/tasks/<id:task_id>/claim", methods=["POST"])
@login_required
def claim(task_id: int):
    review.claim(db.session, current_user, task_id)
    flash(_("Bạn đã nhận xử lý bước này."), "success")
    return redirect(url_for("inbox.task", task_id=task_id))


@bp.route("/tasks/<id:task_id>/release", methods=["POST"])
@login_required
def release(task_id: int):
    review.release(db.session, current_user, task_id)
    flash(_("Đã trả bước này về hàng chờ chung."), "info")
    return redirect(url_for("inbox.index"))


from webapp.inbox import lowering  # noqa: E402  (registers its route on bp)
