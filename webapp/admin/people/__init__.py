"""Administration of people (role admin only): accounts, role assignments with validity dates,
the councils' members per year, bloc and cluster membership and their yearly head.

A blueprint of its own beside `admin` (the calendar and the mail), one module per page group.
Each change goes through a service of workflows.directory, which audits it and refuses what
would break something; a refusal is shown on the page it came from, with its status, and
nothing of it is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Blueprint, abort, flash
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import AdminAction
from webapp import transaction
from webapp.errors import fields_of
from webapp.numbers import YEAR_MAX, YEAR_MIN, query_int
from workflows.deadlines.calendar import today
from workflows.directory.access import ADMIN
from workflows.errors import N_, DomainError, ValidationFailed

bp = Blueprint("people", __name__, url_prefix="/admin/people", template_folder="templates")

#: the services' field keys, as the pages name them
LABELS = {
    "username": N_("Tên đăng nhập"),
    "full_name": N_("Họ và tên"),
    "email": N_("Thư điện tử"),
    "locale": N_("Ngôn ngữ"),
    "password": N_("Mật khẩu"),
    "org": N_("Tổ chức"),
    "role": N_("Vai trò"),
    "valid_from": N_("Từ ngày"),
    "valid_to": N_("Đến ngày"),
    "last_day": N_("Ngày cuối cùng"),
    "grouping": N_("Khối/Cụm thi đua"),
    "member": N_("Sở, ban, ngành"),
    "head": N_("Khối trưởng"),
    "deputy": N_("Khối phó"),
    "year": N_("Năm"),
}


@bp.before_request
@login_required
def _admins_only():
    if not current_user.has_role(ADMIN):
        abort(403, _("Chỉ quản trị hệ thống mới vào được trang này."))


#: the administrators' trail, in words
ACTION_LABELS = {
    AdminAction.USER_CREATED: N_("Tạo tài khoản"),
    AdminAction.USER_DISABLED: N_("Khóa tài khoản"),
    AdminAction.USER_ENABLED: N_("Mở lại tài khoản"),
    AdminAction.PASSWORD_RESET: N_("Đặt lại mật khẩu"),
    AdminAction.ACCOUNT_UNLOCKED: N_("Mở khóa đăng nhập"),
    AdminAction.ROLE_ASSIGNED: N_("Giao vai trò"),
    AdminAction.ROLE_CLOSED: N_("Kết thúc vai trò"),
    AdminAction.MEMBERSHIP_ADDED: N_("Thêm thành viên khối, cụm"),
    AdminAction.MEMBERSHIP_CLOSED: N_("Kết thúc thành viên khối, cụm"),
    AdminAction.GROUPING_HEAD_SET: N_("Ghi khối trưởng, khối phó"),
}


def trail_detail(detail: dict) -> list[tuple[str, str]]:
    """What a trail row recorded, for reading: empty values left out, days as dd/mm/yyyy."""
    shown = []
    for key, value in detail.items():
        if value is None:
            continue
        if key.startswith("valid") and isinstance(value, str):
            value = vn(date.fromisoformat(value))
        shown.append((key, str(value)))
    return shown


@bp.context_processor
def _page_values() -> dict:
    return {
        "today": today(),
        "action_labels": {k: _(v) for k, v in ACTION_LABELS.items()},
        "trail_detail": trail_detail,
    }


def year_asked() -> int:
    return query_int("year", today().year, YEAR_MIN, YEAR_MAX)


def refused(exc: DomainError, page: Callable[[], str]) -> tuple[str, int]:
    """Undo the request's writes and show `page` again with the reason, in the user's
    language and with each field named by its label."""
    transaction.abandon()
    message = exc.text.render(_)
    if isinstance(exc, ValidationFailed):
        parts = [f"{_(LABELS.get(k, k))}: {v}" for k, v in fields_of(exc).items()]
        message += ": " + "; ".join(parts)
    flash(message, "error")
    return page(), exc.status


def vn(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


from webapp.admin.people import councils, groupings, roles, users  # noqa: E402, F401
