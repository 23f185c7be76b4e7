"""The bell: a user's notifications (every handover, reminders, escalations), their unread count,
marking read, and the choice of mail per kind."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from models import HumanTask, Notification, NotificationKind, TaskState, utcnow
from webapp.extensions import db
from webapp.numbers import PAGE_MAX, form_ids, query_int
from workflows.deadlines import notifications

#: rows per page of the bell
PER_PAGE = 50

#: the badge of each kind: its label (Vietnamese source) and its colour
BADGES: dict[str, tuple[object, str]] = {
    NotificationKind.REMINDER: (_l("Nhắc hạn"), "info"),
    NotificationKind.ESCALATION: (_l("Quá hạn"), "danger"),
    NotificationKind.TASK_ARRIVED: (_l("Việc mới"), "primary"),
    NotificationKind.BALLOT_OPENED: (_l("Bỏ phiếu"), "primary"),
    NotificationKind.RETURNED: (_l("Bị trả lại"), "warning"),
    NotificationKind.REJECTED: (_l("Không chấp thuận"), "danger"),
    NotificationKind.DECIDED: (_l("Đã quyết định"), "success"),
    NotificationKind.VOTED_DOWN: (_l("Không được thông qua"), "danger"),
    NotificationKind.ROLE_CHANGED: (_l("Sắp xếp tổ chức"), "warning"),
}


def text_of(note: Notification) -> str:
    """The notification in the reader's language (rendered from its kind and values)."""
    return notifications.rendered(note, _)


def badge_of(note: Notification) -> tuple[str, str]:
    label, colour = BADGES.get(note.kind, (note.kind, "secondary"))
    return str(label), colour


bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")


@bp.app_context_processor
def _bell() -> dict:
    def unread() -> int:
        return _unread() if current_user.is_authenticated else 0

    return {
        "notifications_unread": unread,
        "deadline_state": deadline_state,
        "notification_text": text_of,
        "notification_badge": badge_of,
        "notification_case": notifications.case_id_of,
    }


def _unread() -> int:
    """The signed-in user's unread count, read once a request: the bell and the page both
    show it."""
    if "tdkt_unread" not in g:
        g.tdkt_unread = notifications.unread_count(db.session, current_user.id)
    return int(g.tdkt_unread)


def deadline_state(task: HumanTask, now: datetime | None = None) -> str | None:
    """overdue (its due day has passed), soon (reminded, not yet due), open, or None (no due
    date, or done)."""
    if task.state != TaskState.READY or task.due_at is None:
        return None
    now = now or utcnow()
    if task.overdue_at is not None or task.due_at <= now:
        return "overdue"
    if task.remind_at is not None and task.remind_at <= now:
        return "soon"
    return "open"


@bp.route("/")
@login_required
def index():
    page_no = query_int("page", 1, 1, PAGE_MAX)
    total = notifications.total(db.session, current_user.id)
    rows = notifications.for_user(db.session, current_user.id, PER_PAGE, (page_no - 1) * PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    return render_template(
        "notifications/index.html",
        rows=rows,
        page=page_no,
        pages=pages,
        unread=_unread(),
    )


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    """Mail per kind of notification, on or off; the bell always gets them."""
    if request.method == "POST":
        chosen = set(request.form.getlist("mail"))
        notifications.set_mail_preferences(
            db.session,
            current_user.id,
            {kind: kind in chosen for kind in notifications.KIND_LABELS},
        )
        flash(_("Đã lưu lựa chọn nhận thư thông báo."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template(
        "notifications/preferences.html",
        choices=notifications.mail_preferences(db.session, current_user.id),
        kind_labels=notifications.KIND_LABELS,
        has_email=bool(current_user.email),
        smtp=notifications.smtp_configured(),
    )


@bp.route("/read", methods=["POST"])
@login_required
def mark_read():
    """Mark one (`id`) or all (`all`) of the caller's notifications read; others' are untouched."""
    if request.form.get("all"):
        count = notifications.mark_read(db.session, current_user.id)
    else:
        ids = form_ids("id")
        count = notifications.mark_read(db.session, current_user.id, ids) if ids else 0
    if count:
        flash(_("Đã đánh dấu %(n)s thông báo là đã đọc.", n=count), "success")
    return redirect(url_for("notifications.index"))
