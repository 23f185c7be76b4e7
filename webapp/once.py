"""One-time tokens of web forms: a re-post, or Back and submit again, does not act twice.

Each form that acts carries `once_field()` (a hidden random token, new at every render). The
first post with a token records it (webapp.request_records) in the request's transaction; when
the view answers with a redirect (it acted) the record keeps where it went, otherwise (the form
shown again with errors, or a row added) the record is dropped and the token stays usable. A
second post with a recorded token does not reach the view: the user is told what already
happened, when, and sent to its result. A double approve thus answers "already done", not 409.
"""

from __future__ import annotations

import secrets

from flask import Flask, flash, g, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from models import RecordKind, RequestRecord
from webapp import request_records
from webapp.extensions import db
from webapp.filters import vn_datetime

FIELD = "form_once"
_RECORD = "tdkt_once_record"
_MAX = 100


def once_field() -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, secrets.token_urlsafe(24)
    )


def _already_done(record: RequestRecord) -> str:
    at = vn_datetime(record.created_at)
    endpoint = record.endpoint or ""
    if endpoint.startswith("proposals."):
        return _("Hồ sơ này đã được gửi lúc %(at)s; lần gửi lại không được thực hiện.", at=at)
    if endpoint.startswith("inbox."):
        return _("Bước này đã được bạn xử lý lúc %(at)s; lần gửi lại không được thực hiện.", at=at)
    return _("Biểu mẫu này đã được gửi lúc %(at)s; lần gửi lại không được thực hiện.", at=at)


def register(app: Flask) -> None:
    """After webapp.transaction: the writer's lock is taken before the token is looked up, and
    the record is completed before the edge commits."""
    app.jinja_env.globals["once_field"] = once_field

    @app.before_request
    def _first_post_only() -> Response | None:
        token = request.form.get(FIELD, "") if request.method == "POST" else ""
        if not token or len(token) > _MAX or not current_user.is_authenticated:
            return None
        record, first = request_records.claim(
            db.session,
            current_user.id,
            RecordKind.FORM,
            token,
            request_records.fingerprint(request.path),
            request.endpoint,
        )
        if first:
            g.setdefault(_RECORD, record)
            return None
        if not record.location:
            return None  # recorded but not acted on (cannot stay so): let the view decide
        flash(_already_done(record), "warning")
        flash(
            Markup('<a href="{}">{}</a>').format(record.location, _("Xem kết quả lần gửi trước")),
            "info",
        )
        return redirect(record.location)

    @app.after_request
    def _remember_the_result(response: Response) -> Response:
        record: RequestRecord | None = g.pop(_RECORD, None)
        if record is None:
            return response
        if 300 <= response.status_code < 400 and response.location:
            record.location = response.location[:1000]
        elif record in db.session:
            db.session.delete(record)
        return response
