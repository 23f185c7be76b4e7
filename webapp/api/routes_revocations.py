"""Revocations of awards (workflows.revocation): propose one for an award record, read it,
and take the board's check and the decider's step."""

from __future__ import annotations

from typing import BinaryIO, cast

from flask import g, jsonify, request

from models import Proposal, Revocation
from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body
from webapp.api.serialize import iso
from webapp.attachments import files
from webapp.extensions import db
from webapp.views import registry
from workflows.proposals.uploads import Upload
from workflows.revocation import check as checking
from workflows.revocation import decide as deciding
from workflows.revocation import propose as proposing
from workflows.revocation import record as recording
from workflows.revocation import service


@bp.post("/award-records/<id:record_id>/revocations")
@token_required
@idempotent
def propose_revocation(record_id: int):
    revocation = proposing.propose(db.session, registry(), g.api_user, record_id, json_body())
    return jsonify(revocation_body(revocation, _proposal(revocation))), 201


@bp.get("/revocations")
@token_required
def revocations_waiting():
    """The open revocations whose next step the caller may take."""
    rows = service.waiting_for(db.session, g.api_user)
    return jsonify([revocation_body(r, _proposal(r)) for r in rows])


@bp.get("/revocations/<id:revocation_id>")
@token_required
def get_revocation(revocation_id: int):
    return jsonify(revocation_body(*service.get_visible(db.session, g.api_user, revocation_id)))


@bp.post("/revocations/<id:revocation_id>/check")
@token_required
@idempotent
def check_revocation(revocation_id: int):
    revocation = checking.check(db.session, registry(), g.api_user, revocation_id, json_body())
    return jsonify(revocation_body(revocation, _proposal(revocation)))


@bp.post("/revocations/<id:revocation_id>/decide")
@token_required
@idempotent
def decide_revocation(revocation_id: int):
    revocation = deciding.decide(db.session, registry(), g.api_user, revocation_id, json_body())
    return jsonify(revocation_body(revocation, _proposal(revocation)))


@bp.post("/revocations/<id:revocation_id>/record")
@token_required
@idempotent
def record_revocation(revocation_id: int):
    """The revoking decision received from the authority that decided the award (multipart:
    action, comment, decision_no, decision_date, decision_signer, and the document)."""
    form = request.form if request.mimetype == "multipart/form-data" else {}
    sent = request.files.get("document") if form is request.form else None
    upload = Upload(sent.filename or "", cast(BinaryIO, sent.stream)) if sent else None
    payload = {
        key: form.get(key)
        for key in ("action", "comment", "decision_no", "decision_date", "decision_signer")
        if form.get(key) is not None
    }
    revocation = recording.record_received(
        db.session,
        registry(),
        g.api_user,
        revocation_id,
        payload,
        upload,
        files.directory(),
        files.limits(),
    )
    return jsonify(revocation_body(revocation, _proposal(revocation)))


@bp.url_value_preprocessor
def _larger_body_for_the_decision(endpoint: str | None, values: dict | None) -> None:
    if endpoint == "api.record_revocation":
        files.allow_upload_body()


def _proposal(revocation: Revocation) -> Proposal | None:
    return db.session.get(Proposal, revocation.proposal_id) if revocation.proposal_id else None


def revocation_body(revocation: Revocation, proposal: Proposal | None) -> dict:
    record = revocation.award_record
    waiting_on = service.ready_task(db.session, revocation)
    return {
        "id": revocation.id,
        "status": revocation.status,
        "proposal_id": proposal.id if proposal is not None else None,
        "award_record": {
            "id": record.id,
            "award_code": record.award_code,
            "subject_name": record.subject_name,
            "year": record.year,
            "decision_no": record.decision_no,
            "decision_date": iso(record.decision_date),
            "bonus_amount": record.bonus_amount,
            "revoked_at": iso(record.revoked_at),
        },
        "reason": revocation.reason,
        "legal_basis": revocation.legal_basis,
        "release_initiatives": revocation.release_initiatives,
        "recover_amount": revocation.recover_amount,
        "recover_basis": revocation.recover_basis,
        "decider_role": revocation.decider_role,
        "waiting_step": (
            {
                "id": waiting_on.bpmn_id,
                "name": waiting_on.name,
                "role": waiting_on.role_code,
                # the same step in the inbox (GET /api/v1/tasks, kind "revocation")
                "task_id": waiting_on.id,
                "due_at": iso(waiting_on.due_at),
                "for_me": service.may_act(db.session, g.api_user, waiting_on),
            }
            if waiting_on
            else None
        ),
        "decision_no": revocation.decision_no,
        "decision_date": iso(revocation.decision_date),
        "decision_signer": revocation.decision_signer,
        "document": (
            {
                "name": revocation.document_name,
                "content_type": revocation.document_type,
                "size": revocation.document_size,
                "sha256": revocation.document_sha256,
            }
            if revocation.document_sha256
            else None
        ),
        "refusal": revocation.refusal,
    }
