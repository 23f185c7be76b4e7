"""The notification paths and schemas of the OpenAPI document (merged by openapi.py)."""

from __future__ import annotations

from models import NotificationKind
from webapp.api.openapi_types import DT, I, S, arr, obj, ok, op, ref

KINDS = [k.value for k in NotificationKind]
KIND_DOC = (
    "`task_arrived` a step waits for you or your role at your organisation; `ballot_opened` a "
    "council ballot waits for your vote; `returned` your proposal was returned (the reason is in "
    "the text); `rejected` your proposal was rejected (with the reason); `decided` your proposal "
    "was decided; `voted_down` the council approved none of its nominees; `reminder` a step is "
    "nearly due; `escalation` a step is overdue."
)
NULL_I = {"type": ["integer", "null"]}
NULL_DT = {"type": ["string", "null"], "format": "date-time"}
COUNTS = {
    "unread": {**I, "description": "the caller's unread notifications"},
    "total": {**I, "description": "all the caller's notifications"},
}
MAIL = {
    "type": "object",
    "properties": {kind: {"type": "boolean"} for kind in KINDS},
    "additionalProperties": False,
    "description": "per kind, whether a mail is sent too (when the server has SMTP and the "
    "account an address); the bell always gets the notification",
}

SCHEMAS = {
    "NotificationKind": {"type": "string", "enum": KINDS, "description": KIND_DOC},
    "Notification": obj(
        ["id", "kind", "text", "proposal_id", "task_id", "case_id", "created_at", "read_at"],
        id=I,
        kind=ref("NotificationKind"),
        text={**S, "description": "in the language of the token's user, rendered when read"},
        proposal_id=NULL_I,
        task_id=NULL_I,
        case_id={
            **NULL_I,
            "description": "the case (a registration, a revocation) a case's notice is about",
        },
        created_at=DT,
        read_at=NULL_DT,
    ),
    "NotificationPage": obj(
        ["items", "limit", "offset", "total", "unread"],
        items=arr(ref("Notification")),
        limit=I,
        offset=I,
        **COUNTS,
    ),
    "MailPreferences": obj(["mail"], mail=MAIL),
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def paths(prefix: str) -> dict:
    base = f"{prefix}/notifications"
    json_body = {
        "required": True,
        "content": {"application/json": {"schema": ref("MailPreferences")}},
    }
    return {
        base: {
            "get": {
                **op(
                    "The caller's notifications, newest first, with the unread count",
                    "notifications",
                    ok("A page", ref("NotificationPage")),
                    "400 401",
                ),
                "parameters": [
                    _query(
                        "limit",
                        {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
                        "rows per page",
                    ),
                    _query(
                        "offset", {"type": "integer", "minimum": 0, "default": 0}, "rows to skip"
                    ),
                ],
            }
        },
        f"{base}/{{notification_id}}/read": {
            "parameters": [
                {
                    "name": "notification_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                }
            ],
            "post": op(
                "Mark one of the caller's notifications read (another's is not found)",
                "notifications",
                ok(
                    "Marked",
                    obj(
                        ["notification", "unread", "total"],
                        notification=ref("Notification"),
                        **COUNTS,
                    ),
                ),
                "401 404",
            ),
        },
        f"{base}/read": {
            "post": op(
                "Mark all the caller's notifications read",
                "notifications",
                ok(
                    "Marked",
                    obj(
                        ["marked", "unread", "total"],
                        marked={**I, "description": "how many"},
                        **COUNTS,
                    ),
                ),
                "401",
            )
        },
        f"{base}/preferences": {
            "get": op(
                "Mail per kind of notification",
                "notifications",
                ok("The choices", ref("MailPreferences")),
                "401",
            ),
            "put": {
                **op(
                    "Turn mail on or off per kind (kinds left out keep their choice)",
                    "notifications",
                    ok("The choices now", ref("MailPreferences")),
                    "400 401",
                ),
                "requestBody": json_body,
            },
        },
    }
