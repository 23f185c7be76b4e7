"""Awards decided outside tdkt, recorded with their decision's document (issue 18, item 3):
POST /people/{id}/award-records (multipart: the fields and the document), and the document's
download by whoever may read the person (workflows.proposals.outside_awards checks both)."""

from __future__ import annotations

from typing import BinaryIO, cast

from flask import g, jsonify, request

from models import AwardRecord
from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.attachments import files
from webapp.extensions import db
from workflows.proposals import outside_awards as external
from workflows.proposals.uploads import Upload

#: the multipart field of the decision's document
DOCUMENT_FIELD = "document"


@bp.url_value_preprocessor
def _larger_body_for_documents(endpoint: str | None, values: dict | None) -> None:
    if endpoint in ("api.record_outside_award", "api.record_outside_collective_award"):
        files.allow_upload_body()


def as_dict(row: AwardRecord) -> dict:
    return {
        "id": row.id,
        "person_id": row.person_id,
        "org_id": row.org_id,
        "subject_name": row.subject_name,
        "award_code": row.award_code,
        "year": row.year,
        "decision_no": row.decision_no,
        "decision_date": row.decision_date.isoformat() if row.decision_date else None,
        "decided_by": row.decided_by,
        "amount": row.bonus_amount,
        "source": row.source,
        "document": {
            "name": row.document_name,
            "content_type": row.document_type,
            "size": row.document_size,
            "sha256": row.document_sha256,
        }
        if row.document_sha256
        else None,
        "recorded_by_id": row.recorded_by_id,
    }


@bp.post("/people/<id:person_id>/award-records")
@token_required
@idempotent
def record_outside_award(person_id: int):
    # Who may record for this person is checked before the body is read: a stranger learns
    # nothing, whatever was sent.
    external.person_for(db.session, g.api_user, person_id)
    given, upload = _sent()
    row = external.record(
        db.session, g.api_user, person_id, given, upload, files.directory(), files.limits()
    )
    return jsonify(as_dict(row)), 201


@bp.post("/organisations/<code>/award-records")
@token_required
@idempotent
def record_outside_collective_award(code: str):
    """A collective's award decided outside tdkt (its TTLĐXS, Bằng khen, Cờ thi đua)."""
    external.collective_for(db.session, g.api_user, code)
    given, upload = _sent()
    row = external.record_collective(
        db.session, g.api_user, code, given, upload, files.directory(), files.limits()
    )
    return jsonify(as_dict(row)), 201


def _sent() -> tuple[external.Given, Upload | None]:
    """The multipart fields and the document (a body of another kind is short of all)."""
    form = request.form if request.mimetype == "multipart/form-data" else {}
    sent = request.files.get(DOCUMENT_FIELD) if form is request.form else None
    given = external.Given(
        award_code=form.get("award_code"),
        year=form.get("year"),
        decision_no=form.get("decision_no"),
        decision_date=form.get("decision_date"),
        decided_by=form.get("decided_by"),
        amount=form.get("amount"),
    )
    return given, Upload(sent.filename or "", cast(BinaryIO, sent.stream)) if sent else None


@bp.get("/award-records/<id:record_id>/document")
@token_required
def award_record_document(record_id: int):
    row = external.readable_document(db.session, g.api_user, record_id)
    return files.send_stored(
        row.document_sha256 or "", row.document_type or "", row.document_name or ""
    )
