"""The bell: a user's notifications (reminders, escalations), their unread count, marking read."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import HumanTask, TaskState, utcnow
from webapp.extensions import db
from webapp.numbers import form_ids
from workflows.deadlines import notifications

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")


@bp.app_context_processor
def _bell() -> dict:
    def unread() -> int:
        if not current_user.is_authenticated:
            return 0
        return notifications.unread_count(db.session, current_user.id)

    return {"notifications_unread": unread, "deadline_state": deadline_state}


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
    rows = notifications.for_user(db.session, current_user.id)
    return render_template("notifications/index.html", rows=rows)


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
