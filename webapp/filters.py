"""Jinja filters: Vietnamese dates (dd/mm/yyyy, local time) and money in VND."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from . import labels

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


def _local(value: datetime) -> datetime:
    # Stored naive in UTC (models.base.utcnow).
    return value.replace(tzinfo=UTC).astimezone(LOCAL_TZ)


def register(app: Flask) -> None:
    app.add_template_filter(vn_date)
    app.add_template_filter(vn_datetime)
    app.add_template_filter(vnd)
    app.jinja_env.globals.update(labels=labels)
