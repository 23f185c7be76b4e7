"""The pages of cases other than proposals (workflows.cases): a case's step, and a case with its
trail. Each kind may have a step page of its own (`cases/<kind>_task.html`, given what the kind's
`page` adds); the generic page shows the step's instructions and its form."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from jinja2 import TemplateNotFound
from sqlalchemy import select

from models import CaseEvent, CaseTask, TaskState, User
from webapp import transaction
from webapp.errors import fields_of
from webapp.extensions import db
from webapp.inbox.forms import payload_of, step_form
from webapp.labels import translated
from webapp.views import apply_field_errors, registry
from workflows.blocs import case as bloc_case
from workflows.cases import inbox, kinds, runtime, service
from workflows.errors import ValidationFailed
from workflows.process.forms import ACTION_LABELS
from workflows.registration import kind as registration_kind
from workflows.revocation import kind as revocation_kind

bp = Blueprint("cases", __name__, template_folder="templates")

#: the kinds of case the application runs: a feature adds its kind here (ARCHITECTURE.md)
KINDS: tuple[kinds.CaseKind, ...] = (
    registration_kind.KIND,
    revocation_kind.KIND,
    bloc_case.YEAR_KIND,
    bloc_case.SCORE_KIND,
)


def register_kinds() -> None:
    for kind in KINDS:
        kinds.register(kind)


@bp.route("/cases/tasks/<id:task_id>", methods=["GET", "POST"])
@login_required
def task(task_id: int):
    step = inbox.visible_task(db.session, current_user, task_id)
    kind = kinds.get(step.kind)
    fields = kind.fields(step)
    can_act = step.state == TaskState.READY and runtime.may_act(db.session, current_user, step)
    form = step_form(
        step.form,
        step.action_list,
        formdata=request.form if request.method == "POST" else None,
        fields=fields,
    )
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                service.complete(
                    db.session,
                    registry(),
                    current_user,
                    step.id,
                    {**kind.posted(request.form), **payload_of(form, step.form, fields)},
                )
                flash(
                    _(
                        "Đã xử lý: %(task)s – %(title)s",
                        task=translated(step.name),
                        title=step.case.title,
                    ),
                    "success",
                )
                return redirect(url_for("inbox.index"))
            except ValidationFailed as exc:
                transaction.abandon()
                for message in apply_field_errors(form, fields_of(exc)):
                    flash(message, "error")
                step = inbox.visible_task(db.session, current_user, task_id)
        status = 400
    context = dict(
        task=step,
        case=step.case,
        kind=kind,
        form=form,
        fields=fields,
        can_act=can_act,
        extra=kind.page(db.session, step.case, step, current_user),
        events=_events(step.case_id),
        action_labels=ACTION_LABELS,
    )
    try:
        return render_template(f"cases/{kind.code}_task.html", **context), status
    except TemplateNotFound:
        return render_template("cases/task.html", **context), status


@bp.get("/cases/<id:case_id>")
@login_required
def detail(case_id: int):
    case = inbox.visible_case(db.session, current_user, case_id)
    steps = list(
        db.session.scalars(
            select(CaseTask).where(CaseTask.case_id == case.id).order_by(CaseTask.id)
        )
    )
    return render_template(
        "cases/case.html",
        case=case,
        kind=kinds.get(case.kind),
        steps=steps,
        events=_events(case.id),
        action_labels=ACTION_LABELS,
    )


def _events(case_id: int) -> list[tuple[CaseEvent, User | None]]:
    return [
        (event, actor)
        for event, actor in db.session.execute(
            select(CaseEvent, User)
            .outerjoin(User, User.id == CaseEvent.actor_id)
            .where(CaseEvent.case_id == case_id)
            .order_by(CaseEvent.id)
        )
    ]


# The registration's own page, beside its case's (imported last: it adds routes to `bp`).
from webapp.cases import registrations  # noqa: E402, F401
