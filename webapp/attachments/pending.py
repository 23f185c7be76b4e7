"""Files chosen on a proposal form that came back to the user (a row added, people pasted, an
error shown): a browser cannot refill a file input, so the server keeps them (checked and stored
by workflows.proposals.uploads.hold) and the form carries each one as a signed token, shown
as a ticked box. Signed with the app's secret and the user's id: a token names a stored file
only for the one who uploaded it, and cannot be forged to attach someone else's file.
"""

from __future__ import annotations

from flask import current_app
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from workflows.proposals.uploads import Pending

#: the form field whose values are the tokens of the files kept
FIELD = "pending_attachments"


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="pending-attachment")


def token(item: Pending) -> str:
    return _signer().dumps([current_user.id, item.name, item.sha256, item.size, item.content_type])


def read(tokens: list[str]) -> list[Pending]:
    """The files of the tokens that are valid and the caller's; others are ignored (a forged or
    stale token attaches nothing)."""
    kept: dict[str, Pending] = {}
    for raw in tokens:
        try:
            user_id, name, sha256, size, content_type = _signer().loads(raw)
        except (BadSignature, ValueError, TypeError):
            continue
        if user_id == current_user.id:
            kept.setdefault(sha256, Pending(name, sha256, int(size), content_type))
    return list(kept.values())
