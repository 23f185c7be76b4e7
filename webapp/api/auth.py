"""Bearer-token authentication for the API; session cookies are never looked at here."""

from __future__ import annotations

from functools import wraps

from flask import g, jsonify, request
from flask_babel import gettext as _

from webapp.errors import error_body
from webapp.extensions import db
from workflows.directory import tokens

REALM = 'Bearer realm="tdkt-api"'


def presented_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def unauthorized(code: str, message: str, invalid: bool = False):
    response = jsonify(error_body(401, code, message))
    response.status_code = 401
    challenge = REALM + (', error="invalid_token"' if invalid else "")
    response.headers["WWW-Authenticate"] = challenge
    return response


def token_required(view):
    """Run `view` with the token's user on `flask.g.api_user`, or answer 401."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        raw = presented_token()
        if raw is None:
            message = _("Cần xác thực: gửi tiêu đề Authorization: Bearer <token>")
            return unauthorized("token_required", message)
        user = tokens.user_for(db.session, raw)
        if user is None:
            message = _("Token không hợp lệ, đã hết hạn hoặc đã bị thu hồi")
            return unauthorized("invalid_token", message, invalid=True)
        g.api_user = user
        g.api_token = raw
        return view(*args, **kwargs)

    return wrapper
