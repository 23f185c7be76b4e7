"""The texts of a case's notices (workflows.cases: a unit's registration, a revocation).

A case's number is a case's, not a proposal's: its notices name the case's kind (its label,
stored under WHAT and translated when shown) before it, where a proposal's say "hồ sơ" (a
registration's step was once announced as "Hồ sơ #3", in English "Proposal #3", beside a real
proposal #3). The stored values tell a case's notice from a proposal's (`is_case`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models import CaseInstance, CaseTask, NotificationKind
from workflows.deadlines.calendar import day_text
from workflows.errors import N_, Text

#: the value of a case's notice that holds its kind's label
WHAT = "what"

MESSAGES: dict[str, str] = {
    NotificationKind.TASK_ARRIVED: N_(
        "%(what)s #%(id)s “%(title)s” đã chuyển đến bước “%(step)s” (%(org)s) và đang chờ xử lý."
    ),
    NotificationKind.REMINDER: N_(
        "Nhắc hạn — %(what)s #%(id)s “%(title)s”: bước “%(step)s” cần được xử lý trước hết "
        "ngày %(due)s."
    ),
    NotificationKind.ESCALATION: N_(
        "Quá hạn — %(what)s #%(id)s “%(title)s”: bước “%(step)s” (chờ %(org)s) đã quá hạn ngày "
        "%(due)s mà chưa được xử lý; đề nghị đôn đốc."
    ),
}

#: the subject of a case's mail, as notifications.SUBJECTS for a proposal's
SUBJECTS: dict[str, str] = {
    NotificationKind.TASK_ARRIVED: "[TĐKT] %(what)s #%(id)s chờ xử lý: %(step)s",
    NotificationKind.REMINDER: "[TĐKT] Nhắc hạn: %(step)s",
    NotificationKind.ESCALATION: "[TĐKT] Quá hạn: %(step)s",
}


def is_case(values: Mapping[str, Any] | None) -> bool:
    """Whether a notice's stored values are a case's."""
    return values is not None and WHAT in values


def message(kind: str, what: str, **params: Any) -> Text:
    """A case's notice of `kind`: `what` is its kind's label (Vietnamese source, translated
    when the notice is shown in another language)."""
    return Text(MESSAGES[kind], what=Text(what), **params)


def deadline_text(kind: str, what: str, task: CaseTask, case: CaseInstance) -> Text:
    """A case's reminder or escalation (`kind`) for its step `task`; `what` its kind's label."""
    return message(
        kind,
        what,
        step=task.name,
        id=case.id,
        title=case.title,
        org=task.org.name,
        due=day_text(task.due_at),
    )
