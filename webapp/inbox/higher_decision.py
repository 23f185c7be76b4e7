"""The page part of "Chờ quyết định cấp trên": the board officer attaches the decision's
document and marks each nominee granted or not (with the reason), in one post. The service
checks it all again (workflows.process.higher_decision); the document's row is written in the
same transaction, so a refused post leaves nothing behind."""

from __future__ import annotations

from typing import BinaryIO, cast

from flask import request
from flask_login import current_user

from models import Proposal
from webapp.attachments import files
from webapp.extensions import db
from workflows.proposals import attachments, uploads

#: the file input of the decision's document
DOCUMENT = "document"


def allow_upload(endpoint: str | None, values: dict | None) -> None:
    if endpoint == "inbox.task" and request.method == "POST":
        files.allow_upload_body()


def add_to_payload(payload: dict, proposal: Proposal) -> dict:
    """The posted document (stored now) and the results per nominee, into the step's payload."""
    sent = request.files.get(DOCUMENT)
    if sent is not None and sent.filename:
        row = attachments.add_decision_document(
            db.session,
            current_user,
            proposal.id,
            uploads.Upload(sent.filename, cast(BinaryIO, sent.stream)),
            files.directory(),
            files.limits(),
        )
        payload["document_id"] = row.id
    results = []
    for nominee in proposal.nominees:
        if nominee.status != "active":
            continue
        granted = request.form.get(f"granted_{nominee.id}", "yes") != "no"
        reason = request.form.get(f"reason_{nominee.id}", "")
        results.append({"nominee_id": nominee.id, "granted": granted, "reason": reason})
    payload["results"] = results
    return payload
