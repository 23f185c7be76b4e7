"""Domain errors to HTTP in one place: JSON under /api/, a page elsewhere."""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from workflows.errors import DomainError, ValidationFailed

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_body(status: int, code: str, message: str, fields: dict | None = None) -> dict:
    body = {"error": status, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return body


def message_of(exc: DomainError) -> str:
    """The error's message in the user's language (the one place domain messages are
    translated)."""
    return exc.render(gettext)


def fields_of(exc: ValidationFailed) -> dict[str, str]:
    """What is wrong with each field, in the user's language."""
    return exc.render_fields(gettext)


def http_code(exc: HTTPException) -> str:
    """A werkzeug error's name as a code: 404 → not_found, 413 → request_entity_too_large."""
    return re.sub(r"[^a-z0-9]+", "_", (exc.name or "error").lower()).strip("_")


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        fields = fields_of(exc) if isinstance(exc, ValidationFailed) else None
        message = message_of(exc)
        if wants_json():
            return jsonify(error_body(exc.status, exc.code, message, fields)), exc.status
        return render_template(
            "error.html", status=exc.status, message=message, fields=fields
        ), exc.status

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if wants_json():
            body = error_body(exc.code or 500, http_code(exc), exc.description or exc.name)
            return jsonify(body), exc.code
        return render_template(
            "error.html", status=exc.code, message=exc.description, fields=None
        ), exc.code

    @app.errorhandler(OperationalError)
    def _database_busy(exc: OperationalError):
        # A lock wait that ran out or a lost connection: nothing was written, so retrying is safe.
        log.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        message = _("Cơ sở dữ liệu đang bận; thao tác chưa được ghi. Hãy thử lại sau ít giây.")
        response: Response | str
        if wants_json():
            response = jsonify(error_body(503, "database_busy", message))
        else:
            response = render_template("error.html", status=503, message=message, fields=None)
        return response, 503, {"Retry-After": "2"}

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        message = _("Lỗi hệ thống; thao tác chưa được ghi. Hãy thử lại hoặc báo quản trị.")
        if wants_json():
            return jsonify(error_body(500, "internal_error", message)), 500
        return render_template("error.html", status=500, message=message, fields=None), 500
