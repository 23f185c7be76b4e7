"""A lower award instead of a refusal, from the step page (workflows.process.lowering)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import Award, HumanTask, Proposal, TaskState
from webapp import transaction
from webapp.errors import fields_of
from webapp.extensions import db
from webapp.inbox import bp
from webapp.views import registry
from workflows.council.ballots import FORM as BALLOT
from workflows.errors import ValidationFailed
from workflows.process import lowering


def choices(task: HumanTask, proposal: Proposal) -> dict[str, list[Award]] | None:
    """The awards the step may lower each kind of active nominee to, or None when the step
    cannot lower (a ballot, the unit's steps, a step no longer open)."""
    if task.state != TaskState.READY or task.form == BALLOT:
        return None
    kinds = {n.kind for n in proposal.nominees if n.status == "active"}
    out = {kind: lowering.reach(db.session, task.stage, proposal, kind) for kind in kinds}
    return out if any(out.values()) else None


@bp.route("/tasks/<id:task_id>/lower", methods=["POST"])
@login_required
def lower(task_id: int):
    raw_ids = request.form.getlist("nominee_ids")
    # Anything but ASCII digits is left for the service to name: "nominee_ids" is required.
    ids = [int(v) for v in raw_ids if v.isascii() and v.isdigit() and len(v) < 19]
    payload = {
        "nominee_ids": ids if len(ids) == len(raw_ids) else [],
        "award_code": request.form.get("award_code", ""),
        "reason": request.form.get("reason", ""),
        "justification": request.form.get("justification", ""),
    }
    try:
        done = lowering.lower(db.session, registry(), current_user, task_id, payload)
    except ValidationFailed as exc:
        transaction.abandon()
        labels = _labels()
        for field, message in fields_of(exc).items():
            flash(f"{labels.get(field, field)}: {message}", "error")
        return redirect(url_for("inbox.task", task_id=task_id))
    if done.split:
        flash(
            _(
                "Đã đề nghị hình thức %(award)s: người được đề nghị tiếp tục trong hồ sơ #%(id)s",
                award=done.continued_in.award.name_vi,
                id=done.continued_in.id,
            ),
            "success",
        )
    else:
        flash(
            _(
                "Đã đề nghị hình thức %(award)s: hồ sơ tiếp tục theo tuyến của hình thức mới",
                award=done.continued_in.award.name_vi,
            ),
            "success",
        )
    return redirect(url_for("proposals.detail", proposal_id=done.continued_in.id))


def _labels() -> dict[str, str]:
    return {
        "nominee_ids": _("Người được đề nghị"),
        "award_code": _("Hình thức đề nghị thay thế"),
        "reason": _("Lý do đề nghị hình thức khác"),
        "justification": _("Lý do chuyển tiếp người không đạt tiêu chí"),
        "body": _("Nội dung"),
    }
