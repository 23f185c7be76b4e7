"""Domain errors to HTTP in one place: JSON under /api/, a page elsewhere."""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, has_request_context, jsonify, render_template, request
from flask_babel import gettext
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from webapp import form_stash
from webapp.form_messages import translate
from webapp.labels import N_
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
    translated). On a page, bad input names each field by its label, never by its key; the API
    keeps the keys of its own JSON (`fields` carries them too)."""
    if isinstance(exc, ValidationFailed) and not (has_request_context() and wants_json()):
        parts = [f"{field_label(k)}: {v}" for k, v in fields_of(exc).items()]
        return exc.text.render(gettext) + (": " + "; ".join(parts) if parts else "")
    return exc.render(gettext)


#: field keys of the services' input → their labels (the forms' and the API's names)
FIELD_LABELS = {
    "award_code": N_("Loại khen thưởng"),
    "year": N_("Năm xét khen thưởng"),
    "title": N_("Tiêu đề hồ sơ"),
    "summary": N_("Tóm tắt thành tích của hồ sơ"),
    "nominees": N_("Người được đề nghị"),
    "org": N_("Đơn vị lập hồ sơ"),
    "movement": N_("Phong trào thi đua"),
    "procedure": N_("Thủ tục"),
    "simplified_case": N_("Trường hợp áp dụng thủ tục đơn giản"),
    "attachments": N_("Hồ sơ đính kèm"),
    "action": N_("Ý kiến xử lý"),
    "choices": N_("Phiếu bầu"),
    "comment": N_("Ý kiến"),
    # a bloc's year (webapp/blocs, api/routes_blocs)
    "grouping": N_("Khối/Cụm thi đua"),
    "criteria": N_("Dòng tiêu chí"),
    "scores": N_("Điểm tự chấm, dòng"),
    "reason": N_("Lý do"),
    "member": N_("Đơn vị thành viên"),
    "head": N_("Trưởng khối"),
    "deputy": N_("Phó khối"),
}


def field_label(key: str) -> str:
    """`nominees[2].name` → "Người được đề nghị 3 – Họ tên"; `choices.7` → "Phiếu bầu (7)"."""
    head, _sep, rest = key.partition("[")
    if rest and "]" in rest:
        index, _sep, sub = rest.partition("]")
        label = gettext(FIELD_LABELS.get(head, head))
        number = str(int(index) + 1) if index.isdigit() else index
        sub = sub.lstrip(".")
        return f"{label} {number}" + (f" – {field_label(sub)}" if sub else "")
    head, _sep, rest = key.partition(".")
    if head in FIELD_LABELS:
        return gettext(FIELD_LABELS[head]) + (f" ({rest})" if rest else "")
    return key  # a name the API caller sent (a query parameter): theirs, not ours


def fields_of(exc: ValidationFailed) -> dict[str, str]:
    """What is wrong with each field, in the user's language."""
    return exc.render_fields(gettext)


def http_code(exc: HTTPException) -> str:
    """A werkzeug error's name as a code: 404 → not_found, 413 → request_entity_too_large."""
    return re.sub(r"[^a-z0-9]+", "_", (exc.name or "error").lower()).strip("_")


#: werkzeug's descriptions are English: what each status says in the reader's language
HTTP_MESSAGES = {
    400: N_("Yêu cầu không hợp lệ."),
    401: N_("Cần đăng nhập để tiếp tục."),
    403: N_("Bạn không có quyền thực hiện thao tác này."),
    404: N_("Không tìm thấy trang hoặc dữ liệu được yêu cầu."),
    405: N_("Địa chỉ này không nhận phương thức %(method)s."),
    409: N_("Dữ liệu đã thay đổi trong lúc bạn thao tác; hãy tải lại trang."),
    410: N_("Dữ liệu này không còn nữa."),
    413: N_("Dữ liệu gửi lên (tệp đính kèm) quá lớn."),
    415: N_("Kiểu dữ liệu gửi lên không được hỗ trợ."),
    422: N_("Dữ liệu gửi lên không xử lý được."),
    429: N_("Quá nhiều yêu cầu trong thời gian ngắn; hãy thử lại sau ít phút."),
    500: N_("Lỗi hệ thống; thao tác chưa được ghi. Hãy thử lại hoặc báo quản trị."),
    503: N_("Hệ thống tạm thời không phục vụ được; hãy thử lại sau ít phút."),
}


def http_message(exc: HTTPException) -> str:
    """The error's sentence for the reader: a view's own description (already translated), or
    the status's sentence in place of werkzeug's English default."""
    if exc.description and exc.description != type(exc).description:
        return translate(exc.description)
    template = HTTP_MESSAGES.get(exc.code or 500)
    if template is None:
        return _("Lỗi %(status)s.", status=exc.code)
    return gettext(template, method=request.method)


#: posts with nothing worth keeping (the login itself, logout, the language switch)
NOT_STASHED = frozenset({"auth.login", "auth.logout", "i18n.choose_language"})


def session_lost(exc: CSRFError) -> bool:
    """A web form posted after the session (and its CSRF token) expired, or logged out."""
    return (
        not wants_json()
        and request.method == "POST"
        and request.endpoint not in NOT_STASHED
        and (exc.description == "The CSRF session token is missing." or not _logged_in())
    )


def _logged_in() -> bool:
    return bool(current_user and current_user.is_authenticated)


def register(app: Flask) -> None:
    app.jinja_env.globals["field_label"] = field_label

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        if session_lost(exc):
            return form_stash.stash_and_login()
        return _http(exc)

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
            body = error_body(exc.code or 500, http_code(exc), http_message(exc))
            return jsonify(body), exc.code
        return render_template(
            "error.html", status=exc.code, message=http_message(exc), fields=None
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
        message = gettext(HTTP_MESSAGES[500])
        if wants_json():
            return jsonify(error_body(500, "internal_error", message)), 500
        return render_template("error.html", status=500, message=message, fields=None), 500
