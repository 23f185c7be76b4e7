"""In-app notifications (the bell), who receives them, and their mail in the outbox.

A notification and its mail are written in one transaction: the mail is queued only when
SMTP is configured and the user has an address, and the worker sends it later.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, Table, func, insert, select, update
from sqlalchemy.orm import Session

from models import (
    HumanTask,
    MailPreference,
    Notification,
    NotificationKind,
    OrgKind,
    OutboxMessage,
    Proposal,
    User,
    core_path,
    utcnow,
)
from workflows.deadlines import case_notices
from workflows.deadlines.calendar import day_text
from workflows.deadlines.due_dates import StepRule
from workflows.directory.access import BOARD, candidates, holders
from workflows.directory.orgs import province_body
from workflows.errors import N_, NotFound, Text, ValidationFailed

REMINDER, ESCALATION = NotificationKind.REMINDER, NotificationKind.ESCALATION
_PROVINCE_SCOPES = {
    "board": OrgKind.BOARD,
    "council": OrgKind.COUNCIL,
    "committee": OrgKind.COMMITTEE,
}

#: the text of each kind, Vietnamese source of the catalogue; the bell renders it from the
#: stored values in the reader's language, the mail and `Notification.text` hold it in Vietnamese
MESSAGES: dict[str, str] = {
    NotificationKind.REMINDER: N_(
        "Nhắc hạn: bước “%(step)s” của hồ sơ #%(id)s “%(title)s” cần được xử lý trước hết "
        "ngày %(due)s."
    ),
    NotificationKind.ESCALATION: N_(
        "Quá hạn: bước “%(step)s” của hồ sơ #%(id)s “%(title)s” (chờ %(org)s) đã quá hạn "
        "ngày %(due)s mà chưa được xử lý; đề nghị đôn đốc."
    ),
    NotificationKind.TASK_ARRIVED: N_(
        "Hồ sơ #%(id)s “%(title)s” đã chuyển đến bước “%(step)s” (%(org)s) và đang chờ xử lý."
    ),
    NotificationKind.BALLOT_OPENED: N_(
        "Hội đồng đã mở phiếu bầu cho hồ sơ #%(id)s “%(title)s”: xin bỏ phiếu ở bước “%(step)s”."
    ),
    NotificationKind.RETURNED: N_(
        "Hồ sơ #%(id)s “%(title)s” bị trả lại ở bước “%(step)s” để bổ sung, chỉnh sửa. "
        "Lý do: %(reason)s"
    ),
    NotificationKind.REJECTED: N_(
        "Hồ sơ #%(id)s “%(title)s” không được chấp thuận ở bước “%(step)s”. Lý do: %(reason)s"
    ),
    NotificationKind.DECIDED: N_(
        "Hồ sơ #%(id)s “%(title)s” đã có quyết định khen thưởng số %(number)s ngày %(date)s."
    ),
    NotificationKind.VOTED_DOWN: N_(
        "Hồ sơ #%(id)s “%(title)s” không được Hội đồng bỏ phiếu thông qua ở bước “%(step)s”."
    ),
    NotificationKind.ROLE_CHANGED: N_(
        "Theo quyết định số %(decision)s, từ ngày %(day)s vai trò “%(role)s” của bạn tại "
        "%(old_org)s kết thúc; vai trò được chuyển sang: %(new_org)s."
    ),
}

#: the subject of each kind's mail (Vietnamese; "%(step)s" or the proposal's number)
SUBJECTS: dict[str, str] = {
    NotificationKind.REMINDER: "[TĐKT] Nhắc hạn: %(step)s",
    NotificationKind.ESCALATION: "[TĐKT] Quá hạn: %(step)s",
    NotificationKind.TASK_ARRIVED: "[TĐKT] Hồ sơ #%(id)s chờ xử lý: %(step)s",
    NotificationKind.BALLOT_OPENED: "[TĐKT] Mời bỏ phiếu: hồ sơ #%(id)s",
    NotificationKind.RETURNED: "[TĐKT] Hồ sơ #%(id)s bị trả lại",
    NotificationKind.REJECTED: "[TĐKT] Hồ sơ #%(id)s không được chấp thuận",
    NotificationKind.DECIDED: "[TĐKT] Hồ sơ #%(id)s đã có quyết định khen thưởng",
    NotificationKind.VOTED_DOWN: "[TĐKT] Hồ sơ #%(id)s không được Hội đồng thông qua",
    NotificationKind.ROLE_CHANGED: "[TĐKT] Vai trò của bạn thay đổi theo sắp xếp tổ chức",
}

#: what each kind is, for the mail preferences page (Vietnamese source of the catalogue)
KIND_LABELS: dict[str, str] = {
    NotificationKind.TASK_ARRIVED: N_("Có bước mới chờ tôi hoặc vai trò của tôi xử lý"),
    NotificationKind.BALLOT_OPENED: N_("Hội đồng mở phiếu bầu cho tôi"),
    NotificationKind.RETURNED: N_("Hồ sơ của tôi bị trả lại"),
    NotificationKind.REJECTED: N_("Hồ sơ của tôi không được chấp thuận"),
    NotificationKind.DECIDED: N_("Hồ sơ của tôi đã có quyết định khen thưởng"),
    NotificationKind.VOTED_DOWN: N_("Hồ sơ của tôi không được Hội đồng thông qua"),
    NotificationKind.ROLE_CHANGED: N_("Vai trò của tôi thay đổi do sáp nhập, chia tách, giải thể"),
    NotificationKind.REMINDER: N_("Nhắc hạn một bước sắp đến hạn"),
    NotificationKind.ESCALATION: N_("Một bước đã quá hạn (báo người phụ trách)"),
}


def message(kind: str, **params: Any) -> Text:
    """The kind's text filled with `params` (which the notification stores to render it again)."""
    return Text(MESSAGES[kind], **params)


def smtp_configured(environ: Mapping[str, str] | None = None) -> bool:
    """Whether mail is queued at all: only with an SMTP host (the worker sends it)."""
    env = os.environ if environ is None else environ
    return bool(env.get("TDKT_SMTP_HOST", "").strip())


def link_to(path: str, environ: Mapping[str, str] | None = None) -> str:
    """The absolute address of `path` for a mail, when TDKT_BASE_URL says where the app is."""
    base = (os.environ if environ is None else environ).get("TDKT_BASE_URL", "")
    return f"{base.rstrip('/')}{path}" if base else ""


def notify(
    session: Session,
    user: User,
    kind: str,
    text: str,
    *,
    proposal: Proposal | None = None,
    task: HumanTask | None = None,
    mail: bool = False,
    link: str = "",
) -> Notification:
    """One notification; with `mail` (SMTP configured) and the user's mail on for `kind`, its
    mail queued in the outbox in the same transaction.

    `text` is the kind's `message(...)`, whose values are stored to render it again in the
    reader's language; a plain string is stored as it is."""
    values = text.params if isinstance(text, Text) else None
    note = Notification(
        user_id=user.id,
        proposal_id=proposal.id if proposal else None,
        task_id=task.id if task else None,
        kind=kind,
        text=str(text),
        params=json.dumps(values, ensure_ascii=False, default=str) if values else None,
    )
    session.add(note)
    session.flush()
    if mail and user.email and wants_mail(session, user.id, kind):
        subjects = case_notices.SUBJECTS if case_notices.is_case(values) else SUBJECTS
        subject = subjects[kind] % {"step": task.name if task else "", "id": "", **(values or {})}
        body = f"Kính gửi {user.full_name},\n\n{text}\n"
        if link:
            body += f"\nXem và xử lý: {link}\n"
        body += "\n-- \nHệ thống Thi đua – Khen thưởng (thư tự động, xin không trả lời)\n"
        session.add(
            OutboxMessage(
                notification_id=note.id, to_address=user.email, subject=subject[:255], body=body
            )
        )
    return note


def notify_many(
    session: Session,
    notes: Sequence[tuple[User | int, str, Text | str, HumanTask | None, str]],
    *,
    proposal: Proposal | None = None,
    mail: bool = False,
) -> None:
    """`notify` for each (user, kind, text, task, link) of `notes`. Without mail (SMTP not
    configured) nothing needs the rows' ids: one INSERT for all of them, in the transaction, and
    a user may be given by id alone (nothing else of the account is read)."""
    if mail:
        for user, kind, text, task, link in notes:
            if isinstance(user, int):
                raise TypeError("mail needs the user's account, not only its id")
            notify(session, user, kind, text, proposal=proposal, task=task, mail=True, link=link)
        return
    rows = []
    for user, kind, text, task, _link in notes:
        values = text.params if isinstance(text, Text) else None
        rows.append(
            {
                "user_id": user if isinstance(user, int) else user.id,
                "proposal_id": proposal.id if proposal else None,
                "task_id": task.id if task else None,
                "kind": kind,
                "text": str(text),
                "params": json.dumps(values, ensure_ascii=False, default=str) if values else None,
            }
        )
    if rows:
        # On the connection, not the ORM's bulk insert: the same rows for a third of the work.
        core_path.execute(session, _INSERT_NOTIFICATIONS, rows)


#: notify_many's INSERT over the table's own columns, built once
_INSERT_NOTIFICATIONS = insert(cast(Table, Notification.__table__))


def rendered(note: Notification, translate: Callable[[str], str]) -> str:
    """The notification in the language of `translate`: its kind's template over its stored
    values; a row without values (older than them) shows the Vietnamese text it was written with."""
    values = _stored(note)
    if values is None or note.kind not in MESSAGES:
        return note.text
    if isinstance(values.get("step"), str):
        # A step's name is the diagram's text, in the catalogue as the pages show it.
        values["step"] = Text(values["step"])
    try:
        if case_notices.is_case(values) and note.kind in case_notices.MESSAGES:
            return case_notices.message(note.kind, **values).render(translate)
        return Text(MESSAGES[note.kind], **values).render(translate)
    except (KeyError, TypeError, ValueError):
        # A template whose values changed since the row was written: its own text is still true.
        return note.text


def case_id_of(note: Notification) -> int | None:
    """The case a notification is about, or None: a case's notice has no proposal or inbox
    row to link to, the bell links the case."""
    values = _stored(note)
    if values is None or note.proposal_id is not None or not case_notices.is_case(values):
        return None
    try:
        return int(values["id"])
    except (KeyError, TypeError, ValueError):
        return None


def _stored(note: Notification) -> dict[str, Any] | None:
    """The values a notification was written with (None: a row older than them)."""
    if not note.params:
        return None
    try:
        values = json.loads(note.params)
    except ValueError:
        return None
    return values if isinstance(values, dict) else None


def reminder_text(task: HumanTask, proposal: Proposal) -> Text:
    return message(
        REMINDER, step=task.name, id=proposal.id, title=proposal.title, due=day_text(task.due_at)
    )


def escalation_text(task: HumanTask, proposal: Proposal) -> Text:
    return message(
        ESCALATION,
        step=task.name,
        id=proposal.id,
        title=proposal.title,
        org=task.org.name,
        due=day_text(task.due_at),
    )


# --- mail preferences ----------------------------------------------------------------------


def wants_mail(session: Session, user_id: int, kind: str) -> bool:
    """Mail is on unless the user turned it off for this kind."""
    chosen = session.scalar(
        select(MailPreference.mail).where(
            MailPreference.user_id == user_id, MailPreference.kind == kind
        )
    )
    return chosen is None or bool(chosen)


def mail_preferences(session: Session, user_id: int) -> dict[str, bool]:
    """Every kind with whether the user gets its mail, in the order of KIND_LABELS."""
    rows = session.execute(
        select(MailPreference.kind, MailPreference.mail).where(MailPreference.user_id == user_id)
    )
    stored = {kind: mail for kind, mail in rows}
    return {kind: bool(stored.get(kind, True)) for kind in KIND_LABELS}


def set_mail_preferences(session: Session, user_id: int, choices: Mapping[str, bool]) -> None:
    """Store the user's choice per kind; an unknown kind is refused naming it."""
    unknown = sorted(set(choices) - set(KIND_LABELS))
    if unknown:
        raise ValidationFailed(
            "unknown_notification_kind",
            {
                f"mail.{k}": N_(
                    "không phải loại thông báo (dùng một trong: %(kinds)s)",
                    kinds=", ".join(KIND_LABELS),
                )
                for k in unknown
            },
        )
    for kind, mail in choices.items():
        row = session.get(MailPreference, (user_id, kind))
        if row is None:
            session.add(MailPreference(user_id=user_id, kind=kind, mail=bool(mail)))
        else:
            row.mail = bool(mail)
    session.flush()


def reminder_recipients(session: Session, task: HumanTask, proposal: Proposal) -> list[User]:
    """Who can act on the step: the one who claimed it, else every candidate."""
    if task.claimed_by is not None:
        return [task.claimed_by]
    return candidates(session, task, proposal)


def escalation_recipients(
    session: Session, task: HumanTask, proposal: Proposal, rule: StepRule | None
) -> list[User]:
    """The step's supervisor (rule.escalate_role at the organisation its scope names) and
    everyone holding the board's role, each once."""
    found: dict[int, User] = {}
    if rule is not None:
        for user in holders(session, rule.escalate_role, _scope_org(session, proposal, rule)):
            found[user.id] = user
    for user in holders(session, BOARD, None):
        found.setdefault(user.id, user)
    return sorted(found.values(), key=lambda u: u.username)


def _scope_org(session: Session, proposal: Proposal, rule: StepRule) -> int | None:
    scope = rule.escalate_scope
    if scope == "unit":
        return proposal.org_id
    if scope == "department":
        return proposal.department_id
    if scope in _PROVINCE_SCOPES:
        return province_body(session, proposal.department, _PROVINCE_SCOPES[scope]).id
    return None  # "any": every holder of the role


# --- the bell ------------------------------------------------------------------------------


def unread_count(session: Session, user_id: int) -> int:
    return session.execute(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    ).scalar_one()


def for_user(
    session: Session, user_id: int, limit: int = 100, offset: int = 0
) -> list[Notification]:
    """The user's notifications, newest first."""
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id.desc())
            .limit(limit)
            .offset(offset)
        )
    )


def total(session: Session, user_id: int) -> int:
    return session.execute(
        select(func.count()).select_from(Notification).where(Notification.user_id == user_id)
    ).scalar_one()


def get_own(session: Session, user_id: int, note_id: int) -> Notification:
    """The user's notification; another's is "not found", as an unknown one is."""
    note = session.get(Notification, note_id)
    if note is None or note.user_id != user_id:
        raise NotFound(
            "notification_not_found", N_("Không tìm thấy thông báo số %(id)s", id=note_id)
        )
    return note


def mark_read(session: Session, user_id: int, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all when `ids` is None); others' are left alone."""
    query = (
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    if ids is not None:
        query = query.where(Notification.id.in_(ids))
    # An UPDATE's result is a CursorResult, which Session.execute's type does not say.
    return cast(CursorResult, session.execute(query)).rowcount
