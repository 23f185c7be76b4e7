"""Every problem of an organisation event's plan, collected before any is reported: each named by
its field with a Vietnamese message and a code of its own (ValidationFailed `org_event_refused`,
whose `codes` maps each field to its problem's code)."""

from __future__ import annotations

from datetime import date

from workflows.errors import N_, Text, ValidationFailed


class Problems:
    """Every problem of a plan: its field, its message and its own code (`codes` on the error,
    by field; the error's code is the one for any refused plan)."""

    def __init__(self) -> None:
        self.fields: dict[str, Text] = {}
        self.codes: dict[str, str] = {}

    def add(self, code: str, name: str, message: Text) -> None:
        if name not in self.fields:
            self.fields[name] = message
            self.codes[name] = code

    def raise_any(self) -> None:
        if self.codes:
            error = ValidationFailed(
                "org_event_refused", self.fields, N_("Không áp dụng được sự kiện tổ chức")
            )
            error.codes = self.codes  # type: ignore[attr-defined]
            raise error


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")
