"""What a value of each kind of province rule must be, checked before a version is written.

Every problem names its field (`value.quorum`, `key`, …) so that the form and the API can show
it beside the input. Shares are kept as fractions (num/den) because the councils count in whole
ballots: 2/3 of 9 members is 6, never 5.99.
"""

from __future__ import annotations

import json
import re
from datetime import date
from fractions import Fraction
from functools import cache
from typing import Any

from models import RuleKind
from workflows.errors import N_, Text
from workflows.reference import DATA_DIR, role_codes

LEVELS = ("department", "province")
APPROVAL_OF = ("members", "cast")
UNITS = ("working", "calendar")
SCOPES = ("unit", "department", "grouping", "board", "council", "committee", "any")
PROCEDURES = ("normal", "simplified")
YEAR_DEADLINE_KEYS = ("normal",)
ITEM_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
LABEL_MAX = 300
#: a day and month that exist in every year (29/02 does not)
ANY_YEAR = 2023
Errors = dict[str, Text]


@cache
def _json(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def award_codes() -> frozenset[str]:
    return frozenset(
        row["code"] for row in json.loads((DATA_DIR / "awards.json").read_text("utf-8"))
    )


def step_ids() -> list[str]:
    return [row["step"] for row in _json("deadlines.json")["steps"]]


def shipped_items() -> dict[str, dict]:
    return _json("dossier_checklists.json")["items"]


def share(value: Any, field: str, errors: Errors, *, allow_zero: bool = False) -> Fraction | None:
    """A share written as {"num", "den"}, "2/3", 0.8 or "80%": between 0 and 1."""
    try:
        if isinstance(value, dict):
            num, den = value.get("num"), value.get("den")
            if not (isinstance(num, int) and isinstance(den, int)) or isinstance(num, bool):
                raise ValueError
            result = Fraction(num, den)
        elif isinstance(value, bool) or value is None:
            raise ValueError
        elif isinstance(value, str) and value.strip().endswith("%"):
            result = Fraction(value.strip()[:-1].strip().replace(",", ".")) / 100
        elif isinstance(value, str):
            result = Fraction(value.strip().replace(",", "."))
        else:
            result = Fraction(str(value))
    except (ValueError, ZeroDivisionError, TypeError):
        errors[field] = N_("phải là một tỉ lệ, ví dụ 2/3, 0,8 hoặc 80%")
        return None
    if result > 1 or result < 0 or (result == 0 and not allow_zero):
        errors[field] = N_("phải lớn hơn 0 và không quá 1 (đã nhập %(value)s)", value=str(result))
        return None
    if result.denominator > 1000:
        errors[field] = N_("mẫu số quá lớn; hãy viết dạng phân số đơn giản, ví dụ 2/3")
        return None
    return result


def _fraction(value: Fraction) -> dict[str, int]:
    return {"num": value.numerator, "den": value.denominator}


def _int(value: Any, field: str, low: int, high: int, errors: Errors) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        errors[field] = N_("phải là số nguyên từ %(low)s đến %(high)s", low=low, high=high)
        return None
    return value


def _council(key: str, value: dict, errors: Errors) -> dict:
    level, _, award = key.partition(":")
    if level not in LEVELS or (award and award not in award_codes()):
        errors["key"] = N_(
            "phải là cấp hội đồng (department hoặc province), có thể kèm mã khen thưởng, "
            "ví dụ province:CSTD_TINH"
        )
    quorum = share(value.get("quorum"), "value.quorum", errors)
    approval = value.get("approval")
    approval = approval if isinstance(approval, dict) else {"share": approval}
    # The share itself may be given as num/den inside approval or as approval.share.
    raw_share = approval.get("share", {k: approval[k] for k in ("num", "den") if k in approval})
    threshold = share(raw_share, "value.approval", errors)
    of = approval.get("of", "cast")
    if of not in APPROVAL_OF:
        errors["value.approval.of"] = N_(
            "phải là 'members' (trên tổng số thành viên) hoặc 'cast' (trên số phiếu bầu)"
        )
    strict = approval.get("strict", False)
    if not isinstance(strict, bool):
        errors["value.approval.strict"] = N_("phải là true (quá) hoặc false (từ)")
    if quorum is None or threshold is None:
        return {}
    return {
        "quorum": _fraction(quorum),
        "approval": {**_fraction(threshold), "of": of, "strict": strict},
    }


def _step_deadline(key: str, value: dict, errors: Errors) -> dict:
    if key not in step_ids():
        errors["key"] = N_(
            "không có bước “%(key)s”; các bước: %(steps)s",
            key=key[:40],
            steps=", ".join(step_ids()),
        )
    duration = _int(value.get("duration"), "value.duration", 1, 365, errors)
    remind = _int(value.get("remind_before"), "value.remind_before", 0, 365, errors)
    if duration is not None and remind is not None and remind >= duration:
        errors["value.remind_before"] = N_("phải ít hơn thời hạn (%(days)s ngày)", days=duration)
    unit = value.get("unit")
    if unit not in UNITS:
        errors["value.unit"] = N_("phải là 'working' (ngày làm việc) hoặc 'calendar' (ngày lịch)")
    escalate = value.get("escalate_to")
    escalate = escalate if isinstance(escalate, dict) else {}
    if escalate.get("role") not in role_codes():
        errors["value.escalate_to.role"] = N_("phải là một vai trò có trong hệ thống")
    if escalate.get("scope") not in SCOPES:
        errors["value.escalate_to.scope"] = N_(
            "phải là một trong: %(scopes)s", scopes=", ".join(SCOPES)
        )
    from_round = _int(value.get("from_round", 1), "value.from_round", 1, 99, errors)
    return {
        "duration": duration,
        "unit": unit,
        "remind_before": remind,
        "escalate_to": {"role": escalate.get("role"), "scope": escalate.get("scope")},
        "from_round": from_round,
    }


def _year_deadline(key: str, value: dict, errors: Errors) -> dict:
    if key not in YEAR_DEADLINE_KEYS:
        errors["key"] = N_("phải là 'normal' (hồ sơ theo thủ tục thông thường)")
    day = _int(value.get("day"), "value.day", 1, 31, errors)
    month = _int(value.get("month"), "value.month", 1, 12, errors)
    if day is not None and month is not None:
        try:
            date(ANY_YEAR, month, day)
        except ValueError:
            errors["value.day"] = N_(
                "ngày %(day)02d/%(month)02d không có trong mọi năm", day=day, month=month
            )
    return {"day": day, "month": month}


def _labels(code: str, raw: Any, errors: Errors) -> dict[str, str]:
    raw = raw if isinstance(raw, dict) else {}
    out = {}
    for lang in ("vi", "en"):
        label = raw.get(f"label_{lang}")
        label = label.strip() if isinstance(label, str) else ""
        if not label:
            errors[f"value.items.{code}.label_{lang}"] = (
                N_("cần tên giấy tờ bằng tiếng Việt")
                if lang == "vi"
                else N_("cần tên giấy tờ bằng tiếng Anh")
            )
        elif len(label) > LABEL_MAX:
            errors[f"value.items.{code}.label_{lang}"] = N_(
                "dài quá %(max)s ký tự (%(length)s)", max=LABEL_MAX, length=len(label)
            )
        out[f"label_{lang}"] = label
    return out


def _codes(value: Any, field: str, errors: Errors) -> list[str]:
    if isinstance(value, str):
        value = [c.strip() for c in value.replace(",", " ").split()]
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        errors[field] = N_("phải là danh sách mã giấy tờ")
        return []
    return list(dict.fromkeys(value))


def _dossier(key: str, value: dict, errors: Errors) -> dict:
    procedure, _, award = key.partition(":")
    if procedure not in PROCEDURES or award not in award_codes():
        errors["key"] = N_("phải là thủ tục và mã khen thưởng, ví dụ normal:LDTT")
    required = _codes(value.get("required", []), "value.required", errors)
    optional = [
        c for c in _codes(value.get("optional", []), "value.optional", errors) if c not in required
    ]
    raw_items = value.get("items") or {}
    if not isinstance(raw_items, dict):
        errors["value.items"] = N_(
            "phải là các giấy tờ mới, mỗi mục có tên tiếng Việt và tiếng Anh"
        )
        raw_items = {}
    known = shipped_items()
    items = {}
    for code, labels in raw_items.items():
        if not ITEM_CODE.match(code):
            errors[f"value.items.{code[:40]}"] = N_(
                "mã giấy tờ chỉ gồm chữ thường không dấu, số và dấu gạch dưới"
            )
            continue
        items[code] = _labels(code, labels, errors)
    if not required:
        errors["value.required"] = N_("cần ít nhất một giấy tờ bắt buộc")
    for field, codes in (("value.required", required), ("value.optional", optional)):
        unknown = [c for c in codes if c not in known and c not in items]
        if unknown:
            errors[field] = N_(
                "không có giấy tờ %(codes)s; giấy tờ mới cần tên tiếng Việt và tiếng Anh",
                codes=", ".join(unknown)[:200],
            )
    return {"required": required, "optional": optional, "items": items}


CHECKS = {
    RuleKind.COUNCIL: _council,
    RuleKind.STEP_DEADLINE: _step_deadline,
    RuleKind.YEAR_DEADLINE: _year_deadline,
    RuleKind.DOSSIER: _dossier,
}


def clean(kind: str, key: str, value: Any, errors: Errors) -> dict:
    """The value in its stored shape; problems go into `errors`, each with its field."""
    if kind not in CHECKS:
        errors["kind"] = N_("phải là một trong: %(kinds)s", kinds=", ".join(RuleKind))
        return {}
    if not isinstance(value, dict):
        errors["value"] = N_("phải là một đối tượng JSON")
        return {}
    return CHECKS[RuleKind(kind)](key, value, errors)
