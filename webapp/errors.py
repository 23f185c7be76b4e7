"""Domain errors to HTTP in one place: JSON under /api/, a page elsewhere."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from workflows.errors import DomainError, ValidationFailed

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_body(status: int, message: str, fields: dict | None = None) -> dict:
    body = {"error": status, "message": message}
    if fields:
        body["fields"] = fields
    return body


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        fields = exc.fields if isinstance(exc, ValidationFailed) else None
        if wants_json():
            return jsonify(error_body(exc.status, exc.message, fields)), exc.status
        return render_template(
            "error.html", status=exc.status, message=exc.message, fields=fields
        ), exc.status

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if wants_json():
            return jsonify(error_body(exc.code or 500, exc.description or exc.name)), exc.code
        return render_template(
            "error.html", status=exc.code, message=exc.description, fields=None
        ), exc.code

    @app.errorhandler(OperationalError)
    def _database_busy(exc: OperationalError):
        # A lock wait that ran out or a lost connection: nothing was written, so retrying is safe.
        log.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        message = _("Cơ sở dữ liệu đang bận; thao tác chưa được ghi. Hãy thử lại sau ít giây.")
        if wants_json():
            response = jsonify(error_body(503, message))
        else:
            response = render_template("error.html", status=503, message=message, fields=None)
        return response, 503, {"Retry-After": "2"}

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        message = _("Lỗi hệ thống; thao tác chưa được ghi. Hãy thử lại hoặc báo quản trị.")
        if wants_json():
            return jsonify(error_body(500, message)), 500
        return render_template("error.html", status=500, message=message, fields=None), 500
