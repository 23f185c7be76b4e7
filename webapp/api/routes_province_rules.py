"""The province's own rules: GET what is in force on a date, POST a new version (the board at
the province's board, and administrators), with the checks and the refusals of the pages."""

from __future__ import annotations

from datetime import date

from flask import g, jsonify
from flask_babel import gettext as _

from webapp.api import bp
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body, query_str
from webapp.extensions import db
from workflows.deadlines.calendar import today
from workflows.errors import N_, ValidationFailed
from workflows.reports import province_rules
from workflows.rulebook import store


def _iso(value: object) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@bp.get("/province-rules")
@token_required
def province_rules_in_force():
    store.check_may_read(g.api_user, today())
    raw = query_str("on", 10)
    day = _iso(raw) if raw else today()
    if day is None:
        raise ValidationFailed("invalid_date", {"on": N_("phải là ngày dạng YYYY-MM-DD")})
    entries = province_rules.in_force(db.session, day)
    return jsonify({"on": day.isoformat(), "rules": [e.as_dict() for e in entries]})


@bp.post("/province-rules")
@token_required
@idempotent
def add_province_rule():
    now = today()
    store.check_may_edit(g.api_user, now)
    data = json_body()
    raw_from = data.get("valid_from")
    valid_from = _iso(raw_from)
    if raw_from is not None and valid_from is None:
        raise ValidationFailed(
            "invalid_province_rule", {"valid_from": N_("phải là ngày dạng YYYY-MM-DD")}
        )
    row = store.add_version(
        db.session,
        g.api_user.id,
        data.get("kind"),
        data.get("key"),
        data.get("value"),
        valid_from,
        data.get("source"),
        now,
    )
    body = {
        "id": row.id,
        "kind": row.kind,
        "key": row.key,
        "value": row.value,
        "valid_from": row.valid_from.isoformat(),
        "valid_to": None,
        "source": row.source,
        "replaced_id": row.replaced_id,
        "message": _("Đã ghi quy định mới"),
    }
    return jsonify(body), 201
