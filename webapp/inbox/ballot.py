"""The ballot page of a council member: per active nominee đồng ý / không đồng ý, or
"không tham dự". The choices go to workflows.council.ballots through review.complete_task only."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import HumanTask, Proposal, TaskState
from webapp import form_stash, transaction
from webapp.errors import fields_of, message_of
from webapp.extensions import db
from webapp.labels import translated
from webapp.views import registry
from workflows.council import ballots
from workflows.directory.access import check_can_act
from workflows.errors import DomainError, ValidationFailed
from workflows.process import audit, review


def may_act(task: HumanTask, proposal: Proposal) -> tuple[bool, str | None]:
    """Whether the current user may act on the task now, and if not, why (shown on the page)."""
    if task.state != TaskState.READY:
        return False, _("Bước này đã được xử lý.")
    try:
        check_can_act(db.session, current_user, task, proposal)
    except DomainError as exc:
        return False, message_of(exc)
    return True, None


def labelled(errors: dict[str, str], nominees) -> list[tuple[str, str]]:
    """The errors' summary naming each nominee by name, never by the field's key."""
    names = {f"choices.{n.id}": n.name for n in nominees}
    return [(names.get(key, ""), message) for key, message in errors.items()]


def ballot_page(task: HumanTask, proposal: Proposal):
    can_act, why_not = may_act(task, proposal)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not can_act:
            abort(403 if task.state == TaskState.READY else 409, why_not)
        payload = {k: v for k, v in request.form.items() if k != "csrf_token"}
        try:
            review.complete_task(db.session, registry(), current_user, task.id, payload)
            flash(
                _(
                    "Đã bỏ phiếu: %(task)s – %(title)s",
                    task=translated(task.name),
                    title=proposal.title,
                ),
                "success",
            )
            return redirect(url_for("inbox.index"))
        except ValidationFailed as exc:
            transaction.abandon()
            errors = fields_of(exc)
            status = 400
    box, cast = ballots.box_of_task(db.session, task)
    return render_template(
        "inbox/ballot.html",
        task=task,
        proposal=proposal,
        nominees=ballots.active_of(proposal),
        box=box,
        cast=cast,
        can_act=can_act,
        why_not=why_not,
        errors=errors,
        error_list=labelled(errors, ballots.active_of(proposal)),
        chosen=request.form if request.method == "POST" else (form_stash.restored() or {}),
        history=audit.history(db.session, proposal.id),
    ), status
