"""`Idempotency-Key` on the API's acting POSTs (create, submit, complete, upload).

A client that retries (a timeout on a slow line) sends the same key: the first request acts and
its answer (status, body, Location) is recorded in the same transaction as the action
(webapp.request_records); a retry with the same key and the same request answers that, marked
`Idempotent-Replayed: true`, and acts no more; the same key with another request is refused
(422 `idempotency_key_reused`). Keys are per user and last 24 hours. Only successes are
recorded: a refusal rolls back with its record, so a corrected retry may reuse the key.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from flask import current_app, g, request

from models import RecordKind
from webapp import request_records
from webapp.extensions import db
from workflows.errors import N_, DomainError, ValidationFailed

HEADER = "Idempotency-Key"
MAX_LENGTH = 255


class KeyReused(DomainError):
    status = 422


def idempotent(view):
    """Under `token_required`: the caller is `g.api_user`."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_LENGTH or not key.isprintable():
            raise ValidationFailed(
                "invalid_idempotency_key",
                {HEADER: N_("phải là một chuỗi từ 1 đến %(max)d ký tự in được", max=MAX_LENGTH)},
            )
        print_ = request_records.fingerprint(request.method, request.path, *_body())
        record, first = request_records.claim(
            db.session, g.api_user.id, RecordKind.API, key, print_, request.endpoint
        )
        if not first:
            if record.fingerprint != print_ or record.status is None:
                raise KeyReused(
                    "idempotency_key_reused",
                    N_(
                        "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác (lúc "
                        "%(at)s UTC); hãy dùng một khóa mới cho mỗi thao tác mới.",
                        at=record.created_at.strftime("%H:%M %d/%m/%Y"),
                    ),
                )
            replay = current_app.response_class(
                record.body, status=record.status, mimetype=record.content_type
            )
            if record.location:
                replay.headers["Location"] = record.location
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        response = current_app.make_response(view(*args, **kwargs))
        if 200 <= response.status_code < 300:
            record.status = response.status_code
            record.content_type = response.mimetype
            record.body = response.get_data(as_text=True)
            record.location = response.headers.get("Location")
            db.session.flush()
        return response

    return wrapper


def _body() -> list[bytes | str]:
    """What makes two requests the same: the JSON body as sent; for a multipart upload its
    fields and each file's name and content (the boundary differs between retries)."""
    if request.mimetype != "multipart/form-data":
        return [request.get_data(cache=True)]
    parts: list[bytes | str] = sorted(f"{k}={v}" for k, v in request.form.items(multi=True))
    for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
        digest = hashlib.sha256()
        while chunk := upload.stream.read(65536):
            digest.update(chunk)
        upload.stream.seek(0)
        parts += [name, upload.filename or "", digest.hexdigest()]
    return parts
