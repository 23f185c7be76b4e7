"""Attachments of a proposal: list, upload (multipart), download, delete."""

from __future__ import annotations

from flask import g, jsonify, request, url_for

from models import Attachment
from webapp.api import bp, serialize
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.attachments import files
from webapp.extensions import db
from workflows.directory import access
from workflows.proposals import attachments


@bp.url_value_preprocessor
def _larger_body_for_uploads(endpoint: str | None, values: dict | None) -> None:
    if endpoint == "api.upload_attachments":
        files.allow_upload_body()


def attachment(row: Attachment) -> dict:
    return {
        "id": row.id,
        "proposal_id": row.proposal_id,
        "name": row.original_name,
        "content_type": row.content_type,
        "size": row.size,
        "sha256": row.sha256,
        "kind": row.kind,
        "uploaded_by": serialize.username(row.uploaded_by),
        "uploaded_at": serialize.iso(row.uploaded_at),
        "url": url_for(
            "api.download_attachment", proposal_id=row.proposal_id, attachment_id=row.id
        ),
    }


@bp.get("/proposals/<id:proposal_id>/attachments")
@token_required
def list_attachments(proposal_id: int):
    proposal = access.get_visible_proposal(db.session, g.api_user, proposal_id)
    return jsonify([attachment(a) for a in attachments.list_for(db.session, proposal.id)])


@bp.post("/proposals/<id:proposal_id>/attachments")
@token_required
@idempotent
def upload_attachments(proposal_id: int):
    # A body that is not multipart has no files: the service says `attachments` is empty,
    # after it has checked that the caller may add files to this proposal at all.
    uploads = files.uploads(request.files) if request.mimetype == "multipart/form-data" else []
    rows = attachments.add(
        db.session,
        g.api_user,
        proposal_id,
        uploads,
        files.directory(),
        files.limits(),
        kind=request.form.get("kind"),
    )
    return jsonify([attachment(a) for a in rows]), 201


@bp.get("/proposals/<id:proposal_id>/attachments/<id:attachment_id>")
@token_required
def download_attachment(proposal_id: int, attachment_id: int):
    return files.send(
        attachments.get_readable(db.session, g.api_user, attachment_id, proposal_id=proposal_id)
    )


@bp.delete("/proposals/<id:proposal_id>/attachments/<id:attachment_id>")
@token_required
def delete_attachment(proposal_id: int, attachment_id: int):
    attachments.get_readable(db.session, g.api_user, attachment_id, proposal_id=proposal_id)
    row = attachments.remove(db.session, g.api_user, attachment_id)
    files.discard_after_commit(row.sha256)
    return "", 204
