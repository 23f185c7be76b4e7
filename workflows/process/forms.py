"""The fields each kind of step asks for, shared by the web forms and the JSON API.

A user task names its form in the diagram (property `form`); this module says
what that form contains and validates a submission against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from models import Action
from workflows import plain_text
from workflows.errors import N_, Text, ValidationFailed

ACTION_LABELS: dict[str, str] = {
    Action.SUBMIT: "Nộp hồ sơ",
    Action.APPROVE: "Đồng ý",
    Action.RETURN: "Trả lại để chỉnh sửa",
    Action.REJECT: "Từ chối",
    # a council member's ballot (workflows.council.ballots)
    Action.VOTE: "Bỏ phiếu",
    Action.ABSENT: "Không tham dự",
}
COMMENT_MAX = 2000
#: actions that need a reason written down
REASON_REQUIRED = (Action.RETURN, Action.REJECT)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  #: string, text, integer or date
    label: str
    #: the actions for which the field must be filled
    required_for: tuple[str, ...] = ()
    max_length: int = 255
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        out = {
            "name": self.name,
            "type": self.type,
            "label": self.label,
            "required": bool(self.required_for),
            "required_for": list(self.required_for),
            "choices": list(self.choices),
        }
        if self.type in ("string", "text"):
            out["max_length"] = self.max_length
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


COMMENT = Field(
    "comment", "text", "Ý kiến / lý do", required_for=REASON_REQUIRED, max_length=COMMENT_MAX
)
#: asked on review steps; required (by workflows.eligibility.checks) only to approve while a
#: nominee fails a criterion of the award
JUSTIFICATION = Field(
    "justification", "text", "Lý do chuyển tiếp dù không đạt tiêu chí", max_length=COMMENT_MAX
)
#: not a form field: written into an approval's audit data, who failed which criterion
NOT_MET = Field("not_met", "text", "Chuyển tiếp dù không đạt tiêu chí", max_length=20_000)

#: the form of a deciding step (the Director's or the Chairman's decision): its approval is the
#: award's decision, recorded in the nominees' history (workflows.process.decisions)
DECISION_FORM = "decision"

FORMS: dict[str, tuple[Field, ...]] = {
    "file": (),
    "review": (),
    DECISION_FORM: (
        Field(
            "decision_no", "string", "Số quyết định", required_for=(Action.APPROVE,), max_length=60
        ),
        Field("decision_date", "date", "Ngày quyết định", required_for=(Action.APPROVE,)),
        Field("signer", "string", "Người ký", required_for=(Action.APPROVE,), max_length=120),
    ),
    "submit_upward": (
        Field(
            "submission_no", "string", "Số tờ trình", required_for=(Action.APPROVE,), max_length=60
        ),
        Field("submission_date", "date", "Ngày tờ trình", required_for=(Action.APPROVE,)),
    ),
    "endorse": (
        Field("score", "integer", "Điểm chấm (thang 100)", minimum=0, maximum=100),
        Field("rank", "integer", "Xếp hạng trong Khối/Cụm", minimum=1, maximum=100),
    ),
}

_DATE_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def fields_for(form: str) -> tuple[Field, ...]:
    # Filing and a council member's ballot forward nobody: no justification asked there.
    extra = (COMMENT,) if form in ("file", "ballot") else (COMMENT, JUSTIFICATION)
    return FORMS.get(form, ()) + extra


def parse_date(value: str) -> date:
    """Accepts dd/mm/yyyy (as Vietnamese users write) and ISO yyyy-mm-dd."""
    value = value.strip()
    match = _DATE_VN.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    return datetime.strptime(value, "%Y-%m-%d").date()


def validate(form: str, actions: tuple[str, ...] | list[str], payload: dict) -> tuple[str, dict]:
    """Check `payload` for the step; returns (action, cleaned values) or raises ValidationFailed."""
    return validate_fields(fields_for(form), actions, payload)


def validate_fields(
    fields: tuple[Field, ...] | list[Field], actions: tuple[str, ...] | list[str], payload: dict
) -> tuple[str, dict]:
    """`validate` for the fields a step asks for (a case's form: workflows.cases.kinds)."""
    errors: dict[str, str] = {}
    action = payload.get("action")
    if not isinstance(action, str) or action not in actions:
        errors["action"] = N_("phải là một trong: %(choices)s", choices=", ".join(actions))
        raise ValidationFailed("invalid_action", errors)
    cleaned: dict = {}
    for f in fields:
        raw = payload.get(f.name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if action in f.required_for:
                # The label is listed for the catalogue in webapp/labels.py.
                errors[f.name] = N_("bắt buộc nhập (%(label)s)", label=Text(f.label))
            continue
        try:
            cleaned[f.name] = _clean(f, raw)
        except ValueError as exc:
            errors[f.name] = exc.args[0]
    if errors:
        raise ValidationFailed("invalid_step_form", errors)
    return action, cleaned


def _clean(f: Field, raw):
    if f.type in ("string", "text"):
        if not isinstance(raw, str):
            raise ValueError(N_("phải là chuỗi ký tự"))
        # Fits every length check, but no PostgreSQL column stores NUL and no .xlsx cell \x01.
        wrong = plain_text.problem(raw, multiline=f.type == "text")
        if wrong is not None:
            raise ValueError(wrong)
        value = raw.strip()
        if len(value) > f.max_length:
            raise ValueError(N_("dài quá %(max)s ký tự", max=f.max_length))
        return value
    if f.type == "integer":
        if isinstance(raw, bool):
            raise ValueError(N_("phải là số nguyên"))
        try:
            number = int(raw) if not isinstance(raw, float) or raw.is_integer() else None
        except (TypeError, ValueError):
            number = None
        if number is None:
            raise ValueError(N_("phải là số nguyên"))
        if f.minimum is not None and number < f.minimum:
            raise ValueError(N_("không được nhỏ hơn %(min)s", min=f.minimum))
        if f.maximum is not None and number > f.maximum:
            raise ValueError(N_("không được lớn hơn %(max)s", max=f.maximum))
        return number
    if f.type == "date":
        if not isinstance(raw, str):
            raise ValueError(N_("phải là ngày dạng dd/mm/yyyy"))
        try:
            return parse_date(raw).isoformat()
        except ValueError:
            raise ValueError(N_("phải là ngày hợp lệ dạng dd/mm/yyyy")) from None
    raise ValueError(N_("kiểu trường không hỗ trợ: %(type)s", type=f.type))
