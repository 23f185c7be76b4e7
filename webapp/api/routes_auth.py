"""Tokens and the caller: POST /auth/token, POST /auth/revoke, GET /me."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, g, jsonify
from flask_babel import gettext as _

from webapp import transaction
from webapp.api import bp, serialize
from webapp.api.auth import token_required, unauthorized
from webapp.api.inputs import json_body
from webapp.auth.throttle import client_ip, limits
from webapp.errors import error_body, message_of
from webapp.extensions import db
from workflows.directory import login, tokens
from workflows.directory.throttle import LoginLocked
from workflows.errors import N_, ValidationFailed


def _lifetime() -> timedelta:
    value = current_app.config.get("API_TOKEN_LIFETIME", timedelta(hours=12))
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def _credential(data: dict, key: str, limit: int) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ValidationFailed("credential_required", {key: N_("bắt buộc nhập (chuỗi ký tự)")})
    if len(value) > limit:
        raise ValidationFailed("too_long", {key: N_("dài quá %(max)s ký tự", max=limit)})
    return value


@bp.post("/auth/token")
def issue_token():
    data = json_body()
    username = _credential(data, "username", 64)
    password = _credential(data, "password", 200)
    ip = client_ip()
    try:
        # The same throttle as the login page, counted in the same rows.
        user = login.attempt(db.session, username, password, ip, limits())
    except LoginLocked as exc:
        response = jsonify(error_body(429, exc.code, message_of(exc)))
        return response, 429, {"Retry-After": str(exc.retry_after)}
    if user is None:
        # The attempt is what the throttle counts: kept although the answer is a refusal.
        transaction.keep_despite_refusal()
        return unauthorized("bad_credentials", _("Tên đăng nhập hoặc mật khẩu không đúng"))
    raw, row = tokens.issue(db.session, user, _lifetime())
    body = {"token": raw, "token_type": "Bearer", "expires_at": serialize.iso(row.expires_at)}
    return jsonify(body), 201


@bp.post("/auth/revoke")
@token_required
def revoke_token():
    tokens.revoke(db.session, g.api_token)
    return "", 204


@bp.get("/me")
@token_required
def me():
    return jsonify(serialize.me(g.api_user))
