"""Revocations of awards (workflows.revocation): propose one for an award record, read it,
and take the board's check and the decider's step."""

from __future__ import annotations

from flask import g, jsonify

from models import Proposal, Revocation
from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body
from webapp.api.serialize import iso
from webapp.extensions import db
from webapp.views import registry
from workflows.revocation import check as checking
from workflows.revocation import decide as deciding
from workflows.revocation import propose as proposing
from workflows.revocation import service


@bp.post("/award-records/<id:record_id>/revocations")
@token_required
@idempotent
def propose_revocation(record_id: int):
    revocation = proposing.propose(db.session, registry(), g.api_user, record_id, json_body())
    proposal = db.session.get_one(Proposal, revocation.proposal_id)
    return jsonify(revocation_body(revocation, proposal)), 201


@bp.get("/revocations")
@token_required
def revocations_waiting():
    """The open revocations whose next step the caller may take."""
    rows = service.waiting_for(db.session, g.api_user)
    return jsonify([revocation_body(r, db.session.get_one(Proposal, r.proposal_id)) for r in rows])


@bp.get("/revocations/<id:revocation_id>")
@token_required
def get_revocation(revocation_id: int):
    return jsonify(revocation_body(*service.get_visible(db.session, g.api_user, revocation_id)))


@bp.post("/revocations/<id:revocation_id>/check")
@token_required
@idempotent
def check_revocation(revocation_id: int):
    revocation = checking.check(db.session, registry(), g.api_user, revocation_id, json_body())
    return jsonify(
        revocation_body(revocation, db.session.get_one(Proposal, revocation.proposal_id))
    )


@bp.post("/revocations/<id:revocation_id>/decide")
@token_required
@idempotent
def decide_revocation(revocation_id: int):
    revocation = deciding.decide(db.session, registry(), g.api_user, revocation_id, json_body())
    return jsonify(
        revocation_body(revocation, db.session.get_one(Proposal, revocation.proposal_id))
    )


def revocation_body(revocation: Revocation, proposal: Proposal) -> dict:
    record = revocation.award_record
    waiting_on = service.ready_task(db.session, revocation)
    return {
        "id": revocation.id,
        "status": revocation.status,
        "proposal_id": proposal.id,
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
        "refusal": revocation.refusal,
    }
