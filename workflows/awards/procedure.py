"""Which procedure a proposal follows, and the submission deadlines it must meet.

"normal" proposals of a movement are filed and first submitted no later than the movement's
submission_deadline (a date, inclusive, in Việt Nam time); every "normal" proposal of year Y
no later than the province's year-end deadline for Y (e.g. 10/12/Y), when the board set one
(table province_rule, kind year_deadline; the version in force on the day of filing or of
first submission). The simplified procedure (thủ tục
đơn giản, Law 06/2022/QH15 Art. 85: one-off achievements) is not bound by it, and may be
chosen only for the awards the catalogue marks as allowing it (workflows/data/awards.json),
and names the case of Art. 85 it relies on (workflows/data/simplified_cases.json).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy.orm import Session

from models import Award, Movement, RuleKind
from workflows.deadlines.calendar import today
from workflows.errors import N_, Text, ValidationFailed
from workflows.reference import DATA_DIR
from workflows.rulebook import store

NORMAL, SIMPLIFIED = "normal", "simplified"
PROCEDURES = (NORMAL, SIMPLIFIED)
FIELD = "procedure"
CASE_FIELD = "simplified_case"


@dataclass(frozen=True)
class SimplifiedCase:
    code: str
    label_vi: str
    label_en: str
    basis: str
    valid_from: date
    valid_to: date | None  #: inclusive; None while in force
    confirmed: bool

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@cache
def _all_cases() -> tuple[SimplifiedCase, ...]:
    rows = json.loads((DATA_DIR / "simplified_cases.json").read_text(encoding="utf-8"))["cases"]
    return tuple(
        SimplifiedCase(
            code=row["code"],
            label_vi=row["label_vi"],
            label_en=row["label_en"],
            basis=row["basis"],
            valid_from=date.fromisoformat(row["valid_from"]),
            valid_to=date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
            confirmed=row.get("confirmed", True),
        )
        for row in rows
    )


def simplified_cases(on_date: date | None = None) -> list[SimplifiedCase]:
    """The cases of Law Art. 85 in force on `on_date` (today when not given)."""
    day = on_date or today()
    return [case for case in _all_cases() if case.covers(day)]


def clean_case(data: dict, chosen: str, errors: dict[str, Text]) -> str | None:
    """The body's `simplified_case`: required for a simplified proposal, absent otherwise."""
    value = data.get(CASE_FIELD)
    if chosen != SIMPLIFIED:
        return None
    cases = simplified_cases()
    codes = [case.code for case in cases]
    if value is None or value == "":
        errors[CASE_FIELD] = N_(
            "bắt buộc chọn trường hợp áp dụng thủ tục đơn giản (Luật TĐKT Điều 85), "
            "một trong: %(cases)s",
            cases=", ".join(codes),
        )
        return None
    if value not in codes:
        shown = value[:40] if isinstance(value, str) else type(value).__name__
        errors[CASE_FIELD] = N_(
            "không có trường hợp '%(case)s'; chọn một trong: %(cases)s",
            case=shown,
            cases=", ".join(codes),
        )
        return None
    return value


def clean(data: dict, award: Award | None, errors: dict[str, Text]) -> str:
    """The body's `procedure` ("normal" when absent); problems go into `errors`."""
    value = data.get(FIELD)
    if value is None or value == "":
        return NORMAL
    if value not in PROCEDURES:
        errors[FIELD] = N_("phải là 'normal' (thủ tục thông thường) hoặc 'simplified' (đơn giản)")
        return NORMAL
    if value == SIMPLIFIED and award is not None and not award.allows_simplified:
        errors[FIELD] = N_("%(award)s không xét theo thủ tục đơn giản", award=award.name_vi)
    return value


def year_deadline(session: Session, year: int, day: date) -> tuple[date, str] | None:
    """The province's last day for normal proposals of `year`, with its source, as the
    version in force on `day` sets it; None when the province set none."""
    version = store.in_force(session, RuleKind.YEAR_DEADLINE, day).get(NORMAL)
    if version is None:
        return None
    return date(year, version.value["month"], version.value["day"]), version.source


def check_deadline(
    session: Session, movement_id: int | None, procedure: str, year: int | None = None
) -> None:
    """Refuse a normal proposal past the province's year-end deadline of its year, or of a
    movement whose submission deadline has passed."""
    if procedure == SIMPLIFIED:
        return
    if year is not None:
        _check_year_deadline(session, year)
    if movement_id is None:
        return
    movement = session.get(Movement, movement_id)
    deadline = movement.submission_deadline if movement else None
    if movement is None or deadline is None or today() <= deadline:
        return
    late = N_(
        "đã hết hạn nộp hồ sơ của phong trào “%(movement)s” (hạn cuối %(deadline)s); chỉ còn "
        "nộp được theo thủ tục đơn giản cho thành tích đột xuất, với loại khen thưởng cho phép",
        movement=movement.title,
        deadline=deadline.strftime("%d/%m/%Y"),
    )
    raise ValidationFailed(
        "submission_deadline_passed",
        {"movement": late},
        message=N_("Đã quá hạn nộp hồ sơ"),
    )


def _check_year_deadline(session: Session, year: int) -> None:
    now = today()
    found = year_deadline(session, year, now)
    if found is None or now <= found[0]:
        return
    deadline, source = found
    late = N_(
        "đã hết hạn nộp hồ sơ năm %(year)s theo quy định của tỉnh (hạn cuối %(deadline)s, "
        "căn cứ: %(source)s); chỉ còn nộp được theo thủ tục đơn giản cho thành tích đột xuất",
        year=year,
        deadline=deadline.strftime("%d/%m/%Y"),
        source=source,
    )
    raise ValidationFailed(
        "year_deadline_passed", {"year": late}, message=N_("Đã quá hạn nộp hồ sơ")
    )
