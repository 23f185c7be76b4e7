"""What a person sends to a revocation's steps, checked field by field before anything is read
or locked: the proposal (reason, legal basis, whether the initiatives are freed), a step's
action and comment, the revoking decision (number, date)."""

from __future__ import annotations

from datetime import date

from workflows.errors import N_, ValidationFailed
from workflows.plain_text import problem
from workflows.process import forms

REASON_MAX = 4000
BASIS_MAX = 1000
NUMBER_MAX = 60


def text(payload: dict, field: str, limit: int, wrong: dict, required: bool = True) -> str:
    value = payload.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        wrong[field] = N_("phải là văn bản")
        return ""
    value = value.strip()
    bad = problem(value, multiline=True)
    if required and not value:
        wrong[field] = N_("bắt buộc nhập")
    elif len(value) > limit:
        wrong[field] = N_("tối đa %(max)s ký tự", max=limit)
    elif bad is not None:
        wrong[field] = bad
    return value


def body(payload: object) -> dict:
    if not isinstance(payload, dict):
        raise ValidationFailed("invalid_body", {"body": N_("phải là một đối tượng JSON")})
    return payload


def proposal(payload: object) -> dict:
    data = body(payload)
    wrong: dict = {}
    out: dict[str, object] = {
        "reason": text(data, "reason", REASON_MAX, wrong),
        "legal_basis": text(data, "legal_basis", BASIS_MAX, wrong),
    }
    release = data.get("release_initiatives", False)
    if not isinstance(release, bool):
        wrong["release_initiatives"] = N_("phải là true hoặc false")
    out["release_initiatives"] = release is True
    if wrong:
        raise ValidationFailed("invalid_revocation", wrong)
    return out


def action(payload: object) -> tuple[str, str]:
    data = body(payload)
    wrong: dict = {}
    chosen = data.get("action")
    if chosen not in ("approve", "reject"):
        wrong["action"] = N_("phải là một trong: %(choices)s", choices="approve, reject")
    comment = text(data, "comment", REASON_MAX, wrong, required=chosen == "reject")
    if wrong:
        raise ValidationFailed("invalid_revocation_step", wrong)
    return str(chosen), comment


def decision(payload: object) -> tuple[str, date]:
    data = body(payload)
    wrong: dict = {}
    number = text(data, "decision_no", NUMBER_MAX, wrong)
    raw = data.get("decision_date")
    day: date | None = None
    if not isinstance(raw, str) or not raw.strip():
        wrong["decision_date"] = N_("bắt buộc nhập (dd/mm/yyyy)")
    else:
        try:
            day = forms.parse_date(raw)
        except ValueError:
            wrong["decision_date"] = N_("không phải ngày hợp lệ (dd/mm/yyyy)")
    if wrong or day is None:
        raise ValidationFailed("invalid_revocation_step", wrong)
    return number, day
