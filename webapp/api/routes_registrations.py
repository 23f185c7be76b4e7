"""Registrations (đăng ký thi đua): one registration with its lines, its suggestions and its
case, for whoever may read its case (a role at the unit or at a step's organisation). Writing
is completing the case's steps (POST /cases/tasks/{id}/complete); at year end an approved
registration files a proposal per registered award (POST .../proposals). The department carrying
a movement opens its units' registrations (POST /movements/{id}/registrations)."""

from __future__ import annotations

from flask import current_app, g, jsonify, url_for
from flask_babel import gettext

from models import CaseInstance, utcnow
from webapp.api import bp, serialize
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body
from webapp.api.serialize import iso
from webapp.extensions import db
from workflows.errors import render
from workflows.registration import filing, opening, service, suggestions


@bp.get("/registrations/<id:registration_id>")
@token_required
def get_registration(registration_id: int):
    row, case_id = service.visible(db.session, g.api_user, registration_id)
    case = db.session.get_one(CaseInstance, case_id)
    filed = filing.proposals_of(db.session, row.id)
    return jsonify(
        {
            "id": row.id,
            "movement_id": row.movement_id,
            "org": case.org.code,
            "year": row.year,
            "status": row.status,
            "reason": row.reason,
            "submitted_at": iso(row.submitted_at),
            "approved_at": iso(row.approved_at),
            "case_id": case.id,
            "case_state": case.state,
            "lines": [
                {"person_id": line.person_id, "award_code": line.award_code} for line in row.lines
            ],
            "proposals": [
                {"award_code": code, "proposal_id": p.id, "status": p.status}
                for code, p in filed.items()
            ],
            "suggestions": [
                {
                    "person_id": s.person_id,
                    "full_name": s.full_name,
                    "award_code": s.award_code,
                    "aims_next": s.aims_next,
                    "reason": render(s.reason, gettext),
                }
                for s in suggestions.for_unit(db.session, row.org_id, row.year)
            ],
        }
    )


@bp.post("/registrations/<id:registration_id>/proposals")
@token_required
@idempotent
def file_from_registration(registration_id: int):
    proposal = filing.file_proposal(
        db.session,
        current_app.extensions["tdkt_registry"],
        g.api_user,
        registration_id,
        json_body(),
    )
    body = serialize.proposal_state(proposal)
    body["registration_id"] = registration_id
    location = url_for(".get_proposal", proposal_id=proposal.id)
    return jsonify(body), 201, {"Location": location}


@bp.post("/movements/<id:movement_id>/registrations")
@token_required
@idempotent
def open_registrations(movement_id: int):
    """Open the registration of every unit taking part in the movement that has none yet
    (workflows.registration.opening): the carrying department's secretariat or the board."""
    opened = opening.open_movement(
        db.session,
        current_app.extensions["tdkt_registry"],
        g.api_user,
        movement_id,
        utcnow().date(),
    )
    return jsonify(
        {
            "opened": [
                {"id": r.id, "org": r.org.code, "year": r.year, "status": r.status} for r in opened
            ]
        }
    ), 201
