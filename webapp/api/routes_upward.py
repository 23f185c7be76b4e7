"""The upward path's own resources: the document of a ministry's or the Prime Minister's
decision, attached while the proposal waits for it, and the dossier bundle sent upward."""

from __future__ import annotations

from typing import BinaryIO, cast

from flask import Response, current_app, g, jsonify, request

from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.routes_attachments import attachment
from webapp.attachments import files
from webapp.extensions import db
from workflows.documents import bundle
from workflows.errors import N_, ValidationFailed
from workflows.proposals import attachments, uploads

#: the multipart field of the decision's document
DOCUMENT_FIELD = "document"


@bp.url_value_preprocessor
def _larger_body_for_documents(endpoint: str | None, values: dict | None) -> None:
    if endpoint == "api.upload_decision_document":
        files.allow_upload_body()


@bp.post("/proposals/<id:proposal_id>/decision-document")
@token_required
@idempotent
def upload_decision_document(proposal_id: int):
    sent = request.files.get(DOCUMENT_FIELD) if request.mimetype == "multipart/form-data" else None
    if sent is None or not sent.filename:
        # Who may attach it is checked first: a stranger learns nothing of the proposal.
        attachments.check_may_record_decision(db.session, g.api_user, proposal_id)
        raise ValidationFailed(
            "no_decision_document", {DOCUMENT_FIELD: N_("chưa chọn tệp văn bản quyết định")}
        )
    row = attachments.add_decision_document(
        db.session,
        g.api_user,
        proposal_id,
        uploads.Upload(sent.filename, cast(BinaryIO, sent.stream)),
        files.directory(),
        files.limits(),
    )
    return jsonify(attachment(row)), 201


@bp.get("/proposals/<id:proposal_id>/bundle.zip")
@token_required
def dossier_bundle(proposal_id: int):
    registry = current_app.extensions["tdkt_registry"]
    built = bundle.for_proposal(db.session, registry, g.api_user, proposal_id, files.directory())
    return Response(
        built.data,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{built.file_name}"'},
    )
