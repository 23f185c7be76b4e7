"""Several ballots from one page: a council member's open ballots, one fieldset per proposal.

Each ballot is still cast through review.complete_task, one by one, with the checks of a single
ballot (the member's own task, still open, every nominee answered); nothing is shared between
them but the page. One refused ballot refuses the post: nothing is counted and every ballot's
problem is shown next to it, the choices kept.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from models import HumanTask, Proposal, TaskState
from webapp import transaction
from webapp.errors import fields_of, message_of
from webapp.extensions import db
from webapp.views import registry
from workflows.council import ballots
from workflows.errors import DomainError, ValidationFailed
from workflows.process import review


def open_ballots() -> list[tuple[HumanTask, Proposal]]:
    """The caller's own ballots still open, oldest first: a ballot task names its member."""
    return [
        (t, p)
        for t, p in db.session.execute(
            select(HumanTask, Proposal)
            .join(Proposal, Proposal.id == HumanTask.proposal_id)
            .where(
                HumanTask.assignee_id == current_user.id,
                HumanTask.state == TaskState.READY,
                HumanTask.form == ballots.FORM,
            )
            .order_by(HumanTask.created_at, HumanTask.id)
        )
    ]


def _payload(task_id: int) -> dict[str, str] | None:
    """This ballot's fields of the post, without their prefix; None when it was left blank
    (the member decides on it later)."""
    prefix = f"b{task_id}-"
    own = {k[len(prefix) :]: v for k, v in request.form.items() if k.startswith(prefix)}
    if not own.get("action") and any(k.startswith("choice-") for k in own):
        # Choices given without saying "bỏ phiếu": they are a vote, not something to drop.
        own["action"] = ballots.VOTE
    return own if own.get("action") else None


def batch_page():
    rows = open_ballots()
    errors: dict[int, dict[str, str]] = {}
    status = 200
    if request.method == "POST":
        cast = 0
        for task, _proposal in rows:
            payload = _payload(task.id)
            if payload is None:
                continue
            try:
                review.complete_task(db.session, registry(), current_user, task.id, payload)
                cast += 1
            except ValidationFailed as exc:
                errors[task.id] = fields_of(exc)
            except DomainError as exc:
                errors[task.id] = {"": message_of(exc)}
        if not errors and cast:
            flash(ngettext("Đã bỏ %(num)d phiếu.", "Đã bỏ %(num)d phiếu.", cast), "success")
            return redirect(url_for("inbox.ballots"))
        # Either all the ballots chosen are counted or none: the member fixes and posts again.
        transaction.abandon()
        if not errors:
            flash(_("Bạn chưa chọn phiếu nào để bỏ."), "error")
        status = 400
        rows = open_ballots()
    return render_template(
        "inbox/ballots.html",
        rows=[(t, p, ballots.active_of(p)) for t, p in rows],
        errors=errors,
        chosen=request.form if request.method == "POST" else {},
    ), status
