"""Jinja filters: Vietnamese dates (dd/mm/yyyy, local time) and money in VND."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import gettext

from webapp import labels
from workflows.errors import render
from workflows.process.forms import FORMS, JUSTIFICATION, NOT_MET

#: every step field by name, for labelling what an audit event recorded
FIELDS = {f.name: f for fields in FORMS.values() for f in fields} | {
    f.name: f for f in (NOT_MET, JUSTIFICATION)
}

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def vn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: datetime | None) -> str:
    return _local(value).strftime("%d/%m/%Y %H:%M") if value else ""


def vnd(amount: int | float | None) -> str:
    if amount is None:
        return ""
    return f"{int(round(amount)):,}".replace(",", ".") + " ₫"


def step_data(data_json: str | None) -> list[tuple[str, str]]:
    """The form values an audit event recorded, as (label, shown value) pairs."""
    if not data_json:
        return []
    data = json.loads(data_json)
    if not isinstance(data, dict):
        return []
    shown = []
    for key, value in data.items():
        spec = FIELDS.get(key)
        if spec is None:
            continue
        if spec.type == "date" and isinstance(value, str):
            value = vn_date(date.fromisoformat(value))
        shown.append((labels.translated(spec.label), str(value)))
    return shown


def in_language(text: object) -> object:
    """A domain message (workflows.errors.Text) in the reader's language; anything else as is."""
    return render(text, gettext)


def _local(value: datetime) -> datetime:
    # Stored naive in UTC (models.base.utcnow).
    return value.replace(tzinfo=UTC).astimezone(LOCAL_TZ)


def register(app: Flask) -> None:
    app.add_template_filter(vn_date)
    app.add_template_filter(vn_datetime)
    app.add_template_filter(vnd)
    app.add_template_filter(step_data)
    app.add_template_filter(in_language)
    app.jinja_env.globals.update(labels=labels)
