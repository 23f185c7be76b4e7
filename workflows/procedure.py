"""Which procedure a proposal follows, and the movement's submission deadline it must meet.

"normal" proposals of a movement are filed and first submitted no later than the movement's
submission_deadline (a date, inclusive, in Việt Nam time). The simplified procedure (thủ tục
đơn giản, Law 06/2022/QH15 Art. 85: one-off achievements) is not bound by it, and may be
chosen only for the awards the catalogue marks as allowing it (workflows/data/awards.json).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from models import Award, Movement, utcnow

from .calendar_vn import local_date
from .errors import ValidationFailed

NORMAL, SIMPLIFIED = "normal", "simplified"
PROCEDURES = (NORMAL, SIMPLIFIED)
FIELD = "procedure"


def clean(data: dict, award: Award | None, errors: dict[str, str]) -> str:
    """The body's `procedure` ("normal" when absent); problems go into `errors`."""
    value = data.get(FIELD)
    if value is None or value == "":
        return NORMAL
    if value not in PROCEDURES:
        errors[FIELD] = "phải là 'normal' (thủ tục thông thường) hoặc 'simplified' (đơn giản)"
        return NORMAL
    if value == SIMPLIFIED and award is not None and not award.allows_simplified:
        errors[FIELD] = f"{award.name_vi} không xét theo thủ tục đơn giản"
    return value


def today() -> date:
    return local_date(utcnow())


def check_deadline(session: Session, movement_id: int | None, procedure: str) -> None:
    """Refuse a normal proposal of a movement whose submission deadline has passed."""
    if movement_id is None or procedure == SIMPLIFIED:
        return
    movement = session.get(Movement, movement_id)
    deadline = movement.submission_deadline if movement else None
    if deadline is None or today() <= deadline:
        return
    raise ValidationFailed(
        {
            "movement": (
                f"đã hết hạn nộp hồ sơ của phong trào “{movement.title}” "
                f"(hạn cuối {deadline.strftime('%d/%m/%Y')}); chỉ còn nộp được theo thủ tục "
                "đơn giản cho thành tích đột xuất, với loại khen thưởng cho phép"
            )
        },
        message="Đã quá hạn nộp hồ sơ",
    )
