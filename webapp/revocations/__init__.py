"""The web pages of a revocation (workflows.revocation): proposing one for a nominee's award
from the proposal's page, the list of those waiting for the user, and the board's check and the
decider's step on the revocation's page. The rules are the service's; these pages only ask."""

from __future__ import annotations

from typing import BinaryIO, cast

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import AwardRecord, Proposal, Revocation
from webapp import transaction
from webapp.attachments import files
from webapp.errors import fields_of
from webapp.extensions import db
from webapp.revocations.forms import CheckForm, DecideForm, ProposeForm, RecordForm
from webapp.views import registry
from workflows.directory.access import can_see, is_board
from workflows.errors import ValidationFailed
from workflows.proposals.uploads import Upload
from workflows.revocation import check as checking
from workflows.revocation import decide as deciding
from workflows.revocation import propose as proposing
from workflows.revocation import record as recording
from workflows.revocation import service
from workflows.revocation.money import recovery_of

bp = Blueprint("revocations", __name__, url_prefix="/revocations", template_folder="templates")


@bp.url_value_preprocessor
def _larger_body_for_the_decision(endpoint: str | None, values: dict | None) -> None:
    if endpoint == "revocations.record":
        files.allow_upload_body()


@bp.app_template_global("revocations_of")
def revocations_of(proposal: Proposal, awards: dict) -> dict:
    """For the proposal's page: its revocations, and the award records the user may propose
    revoking (none with one already open)."""
    rows = service.of_proposal(db.session, proposal.id)
    open_ids = {r.award_record_id for r in rows if r.status in ("proposed", "checked")}
    proposable = {
        record.id
        for record in awards.values()
        if record.id not in open_ids
        and proposing.may_propose(db.session, current_user, record, proposal)
    }
    return {"rows": rows, "proposable": proposable}


@bp.app_template_global("revocable")
def revocable(record: AwardRecord) -> bool:
    """For the person's and the unit's history: whether the user may propose revoking it now."""
    if record.revoked_at is not None:
        return False
    proposal = db.session.get(Proposal, record.proposal_id) if record.proposal_id else None
    if not proposing.may_propose(db.session, current_user, record, proposal):
        return False
    return not service.open_for(db.session, record.id)


@bp.app_template_global("revocations_waiting")
def revocations_waiting() -> list[Revocation]:
    """The open revocations whose step the user may take (the inbox's and dashboard's list)."""
    if not current_user.is_authenticated:
        return []
    return service.waiting_for(db.session, current_user)


@bp.route("/")
@login_required
def index():
    return render_template("revocations/index.html", rows=revocations_waiting())


def _record_and_proposal(record_id: int) -> tuple[AwardRecord, Proposal | None]:
    """An award record the user may read, as the service decides it (else 404)."""
    record = db.session.get(AwardRecord, record_id)
    if record is None:
        abort(404)
    if record.proposal_id is None:
        if not (is_board(current_user) or proposing.readable(db.session, current_user, record)):
            abort(404)
        return record, None
    if not (is_board(current_user) or can_see(db.session, current_user, record.proposal_id)):
        abort(404)
    return record, db.session.get_one(Proposal, record.proposal_id)


@bp.route("/new/<id:record_id>", methods=["GET", "POST"])
@login_required
def propose(record_id: int):
    record, proposal = _record_and_proposal(record_id)
    form = ProposeForm()
    if form.is_submitted():
        payload = {
            "reason": form.reason.data or "",
            "legal_basis": form.legal_basis.data or "",
            "release_initiatives": bool(form.release_initiatives.data),
        }
        try:
            revocation = proposing.propose(db.session, registry(), current_user, record_id, payload)
        except ValidationFailed as exc:
            transaction.abandon()
            _attach(form, exc)
        else:
            flash(_("Đã gửi đề nghị hủy bỏ số %(id)s", id=revocation.id), "success")
            return redirect(url_for("revocations.detail", revocation_id=revocation.id))
    recovery = recovery_of(record)
    status = 400 if form.errors else 200
    return render_template(
        "revocations/propose.html",
        form=form,
        record=record,
        proposal=proposal,
        recovery=recovery,
        may=proposing.may_propose(db.session, current_user, record, proposal),
    ), status


@bp.route("/<id:revocation_id>")
@login_required
def detail(revocation_id: int):
    return _detail_page(revocation_id, CheckForm(formdata=None), DecideForm(formdata=None))


@bp.route("/<id:revocation_id>/check", methods=["POST"])
@login_required
def check(revocation_id: int):
    form = CheckForm()
    try:
        checking.check(db.session, registry(), current_user, revocation_id, _step_payload(form))
    except ValidationFailed as exc:
        transaction.abandon()
        _attach(form, exc)
        return _detail_page(revocation_id, form, DecideForm(formdata=None), 400)
    flash(_("Đã ghi ý kiến kiểm tra đề nghị hủy bỏ"), "success")
    return redirect(url_for("revocations.detail", revocation_id=revocation_id))


@bp.route("/<id:revocation_id>/decide", methods=["POST"])
@login_required
def decide(revocation_id: int):
    form = DecideForm()
    payload = _step_payload(form)
    payload["decision_no"] = form.decision_no.data or ""
    payload["decision_date"] = form.decision_date.data or ""
    try:
        deciding.decide(db.session, registry(), current_user, revocation_id, payload)
    except ValidationFailed as exc:
        transaction.abandon()
        _attach(form, exc)
        return _detail_page(revocation_id, CheckForm(formdata=None), form, 400)
    flash(_("Đã ghi quyết định về đề nghị hủy bỏ"), "success")
    return redirect(url_for("revocations.detail", revocation_id=revocation_id))


@bp.route("/<id:revocation_id>/record", methods=["POST"])
@login_required
def record(revocation_id: int):
    """The board records the revoking decision received from the authority, with its document."""
    form = RecordForm()
    payload = _step_payload(form)
    payload["decision_no"] = form.decision_no.data or ""
    payload["decision_date"] = form.decision_date.data or ""
    payload["decision_signer"] = form.decision_signer.data or ""
    sent = request.files.get("document")
    upload = Upload(sent.filename or "", cast(BinaryIO, sent.stream)) if sent else None
    try:
        recording.record_received(
            db.session,
            registry(),
            current_user,
            revocation_id,
            payload,
            upload,
            files.directory(),
            files.limits(),
        )
    except ValidationFailed as exc:
        transaction.abandon()
        _attach(form, exc)
        return _detail_page(
            revocation_id, CheckForm(formdata=None), DecideForm(formdata=None), 400, form
        )
    flash(_("Đã ghi nhận quyết định về đề nghị hủy bỏ"), "success")
    return redirect(url_for("revocations.detail", revocation_id=revocation_id))


def _detail_page(
    revocation_id: int,
    check_form: CheckForm,
    decide_form: DecideForm,
    code=200,
    record_form: RecordForm | None = None,
):
    revocation, proposal = service.get_visible(db.session, current_user, revocation_id)
    waiting_on = service.ready_task(db.session, revocation)
    return render_template(
        "revocations/detail.html",
        revocation=revocation,
        proposal=proposal,
        waiting_on=waiting_on,
        for_me=service.may_act(db.session, current_user, waiting_on),
        check_form=check_form,
        decide_form=decide_form,
        record_form=record_form or RecordForm(formdata=None),
    ), code


def _step_payload(form: CheckForm) -> dict:
    return {"action": form.action.data or "", "comment": form.comment.data or ""}


def _attach(form, exc: ValidationFailed) -> None:
    """The service's field errors on the form's fields; others (the body) as a message."""
    for field, message in fields_of(exc).items():
        target = getattr(form, field, None)
        if target is not None and hasattr(target, "errors"):
            target.errors = [*list(target.errors or []), message]
        else:
            flash(message, "error")
