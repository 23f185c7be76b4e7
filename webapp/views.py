"""Helpers shared by the page blueprints: the registry, service errors onto form fields.

Views do not commit: a request's transaction ends at its edge (webapp.transaction)."""

from __future__ import annotations

from flask import current_app

from webapp.errors import field_label
from workflows.process.registry import ProcessRegistry


def registry() -> ProcessRegistry:
    return current_app.extensions["tdkt_registry"]


def apply_field_errors(form, errors: dict[str, str]) -> list[str]:
    """Attach service errors to WTForms fields; returns those that match no field."""
    unmatched = []
    for key, message in errors.items():
        field = _field_for(form, key)
        if field is None:
            unmatched.append(f"{field_label(key)}: {message}")
        else:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
    return unmatched


def _field_for(form, key: str):
    if key.startswith("nominees[") and hasattr(form, "nominees"):
        index, _, sub = key[len("nominees[") :].partition("].")
        entries = form.nominees.entries
        if index.isdigit() and int(index) < len(entries):
            return getattr(entries[int(index)].form, sub or "name", None)
        return form.nominees
    return getattr(form, key, None) if hasattr(form, key) else None
