"""Registrations (đăng ký thi đua): one registration with its lines, its suggestions and its
case, for whoever may read its case (a role at the unit or at a step's organisation). Writing
is completing the case's steps (POST /cases/tasks/{id}/complete)."""

from __future__ import annotations

from flask import g, jsonify
from flask_babel import gettext
from sqlalchemy import select

from models import CaseInstance, Registration
from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.serialize import iso
from webapp.extensions import db
from workflows.cases import inbox
from workflows.errors import N_, NotFound, render
from workflows.registration import suggestions


@bp.get("/registrations/<id:registration_id>")
@token_required
def get_registration(registration_id: int):
    missing = NotFound(
        "registration_not_found",
        N_("Không tìm thấy đăng ký thi đua số %(id)s", id=registration_id),
    )
    row = db.session.get(Registration, registration_id)
    if row is None:
        raise missing
    case_id = db.session.scalar(
        select(CaseInstance.id)
        .where(CaseInstance.subject_table == "registration", CaseInstance.subject_id == row.id)
        .order_by(CaseInstance.id.desc())
        .limit(1)
    )
    if case_id is None:
        raise missing
    try:
        case = inbox.visible_case(db.session, g.api_user, case_id)
    except NotFound:
        raise missing from None
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
