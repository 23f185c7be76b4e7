"""What the attachment views share with the proposal form and the API: where files live,
the limits, the larger body allowed on uploads, and how a stored file is sent back."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, current_app, request, send_file
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from models import Attachment
from webapp import transaction
from webapp.extensions import db
from workflows.proposals import attachments
from workflows.proposals.uploads import Limits, Upload

#: the multipart field that carries the files, on the web form and in the API
FIELD = "attachments"
#: a download is a document, never a page: no script, no plugin, no same-origin rights
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def directory() -> Path:
    # Absolute whatever the configuration says: send_file reads a relative path from the app's
    # package folder, while is_file() and the writes read it from the working directory.
    return Path(current_app.config["ATTACHMENTS_DIR"]).resolve()


def limits() -> Limits:
    config = current_app.config
    return Limits(
        max_bytes=int(config["ATTACHMENT_MAX_BYTES"]),
        per_request=int(config["ATTACHMENTS_PER_REQUEST"]),
        per_proposal=int(config["ATTACHMENTS_PER_PROPOSAL"]),
    )


def upload_body_limit() -> int:
    """The largest request body an upload view reads: every file at its maximum, plus the form."""
    config = current_app.config
    all_files = int(config["ATTACHMENTS_PER_REQUEST"]) * int(config["ATTACHMENT_MAX_BYTES"])
    return all_files + int(config["MAX_CONTENT_LENGTH"] or 0)


def allow_upload_body(_endpoint: str | None = None, _values: dict | None = None) -> None:
    """Raise the body limit for this request only.

    Registered as a url_value_preprocessor of the upload endpoints because those run
    before any before_request function, and CSRF protection (a before_request) reads
    the form, so the limit must be in place before it does.
    """
    request.max_content_length = upload_body_limit()


def uploads(files: MultiDict) -> list[Upload]:
    # A file input left empty still sends a part with an empty name: not a file.
    return [Upload(f.filename or "", f.stream) for f in files.getlist(FIELD) if f.filename]


def discard_after_commit(sha256: str) -> None:
    """Remove the stored bytes once the removal of their row is committed, and only if no other
    row shares them; a rolled-back removal keeps them."""
    folder = directory()
    transaction.after_commit(lambda: attachments.discard_unreferenced(db.session, folder, sha256))


def send(row: Attachment) -> Response:
    return send_stored(row.sha256, row.content_type, row.original_name)


def send_stored(sha256: str, content_type: str, name: str) -> Response:
    """A stored file by its hash (an attachment's, or an award record's document)."""
    path = directory() / sha256
    if not path.is_file():
        abort(404, _("Tệp đính kèm “%(name)s” không còn trên máy chủ.", name=name))
    response = send_file(
        path,
        mimetype=content_type,
        as_attachment=True,
        download_name=name,
        max_age=0,
        etag=sha256,
    )
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
