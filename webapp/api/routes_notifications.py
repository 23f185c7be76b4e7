"""The caller's notifications: paged list with the unread count, marking read, mail per kind."""

from __future__ import annotations

from flask import g, jsonify

from models import Notification
from webapp.api import bp, serialize
from webapp.api.auth import token_required
from webapp.api.inputs import json_body, query_int
from webapp.extensions import db
from webapp.notifications import text_of
from workflows.deadlines import notifications
from workflows.errors import N_, ValidationFailed

#: most rows one page may ask for
MAX_LIMIT = 200


def notification(note: Notification) -> dict:
    return {
        "id": note.id,
        "kind": note.kind,
        "text": text_of(note),
        "proposal_id": note.proposal_id,
        "task_id": note.task_id,
        "case_id": notifications.case_id_of(note),
        "created_at": serialize.iso(note.created_at),
        "read_at": serialize.iso(note.read_at),
    }


def _counts(user_id: int) -> dict:
    return {
        "unread": notifications.unread_count(db.session, user_id),
        "total": notifications.total(db.session, user_id),
    }


@bp.get("/notifications")
@token_required
def list_notifications():
    limit = query_int("limit", 50, 1, MAX_LIMIT)
    offset = query_int("offset", 0, 0, 10**9)
    rows = notifications.for_user(db.session, g.api_user.id, limit, offset)
    return jsonify(
        {
            "items": [notification(n) for n in rows],
            "limit": limit,
            "offset": offset,
            **_counts(g.api_user.id),
        }
    )


@bp.post("/notifications/<id:notification_id>/read")
@token_required
def read_notification(notification_id: int):
    note = notifications.get_own(db.session, g.api_user.id, notification_id)
    notifications.mark_read(db.session, g.api_user.id, [note.id])
    db.session.flush()
    db.session.refresh(note)
    return jsonify({"notification": notification(note), **_counts(g.api_user.id)})


@bp.post("/notifications/read")
@token_required
def read_all_notifications():
    marked = notifications.mark_read(db.session, g.api_user.id)
    return jsonify({"marked": marked, **_counts(g.api_user.id)})


@bp.get("/notifications/preferences")
@token_required
def notification_preferences():
    return jsonify({"mail": notifications.mail_preferences(db.session, g.api_user.id)})


@bp.put("/notifications/preferences")
@token_required
def set_notification_preferences():
    data = json_body()
    mail = data.get("mail")
    if not isinstance(mail, dict) or not all(isinstance(v, bool) for v in mail.values()):
        wrong = N_("cần một đối tượng JSON: mỗi loại thông báo là true hoặc false")
        raise ValidationFailed("invalid_mail_preferences", {"mail": wrong})
    notifications.set_mail_preferences(db.session, g.api_user.id, mail)
    return jsonify({"mail": notifications.mail_preferences(db.session, g.api_user.id)})
