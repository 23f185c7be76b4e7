"""Versions of the province's rules: what is in force on a day, and adding a newer version.

A version is never edited: adding one from day D closes the version in force on D (its
`valid_to` becomes D − 1) and records which it closed and how it ended before. A version may
not start before today (that would change what already applied: a ballot already counted, a
dossier already submitted) nor before the latest version of the same rule began.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, String, cast, null, select, union_all
from sqlalchemy.orm import Session

from models import CalendarException, OrgKind, ProvinceRule, RoleCode, RuleKind, User
from workflows.errors import N_, Forbidden, Text, ValidationFailed
from workflows.plain_text import problem
from workflows.rulebook import kinds

log = logging.getLogger(__name__)
SOURCE_MAX = 500
KEY_MAX = 80
#: the roles that set the province's rules, held at the province's board
EDITORS = (RoleCode.BOARD, RoleCode.BOARD_OFFICER)


@dataclass(frozen=True)
class Version:
    """A version as the readers take it: the value and where it comes from."""

    id: int
    kind: str
    key: str
    value: dict
    valid_from: date
    valid_to: date | None
    source: str

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _version(row) -> Version:
    """A version from a ProvinceRule or a row of VERSION_COLUMNS."""
    return Version(
        row.id, row.kind, row.key, dict(row.value), row.valid_from, row.valid_to, row.source
    )


_MEMO = "tdkt_province_rules"

#: the columns a Version needs, as plain rows: no ORM object, nor the joined account of its
#: author that ProvinceRule loads eagerly (issue 19: read on most completions)
VERSION_COLUMNS = (
    ProvinceRule.id,
    ProvinceRule.kind,
    ProvinceRule.key,
    ProvinceRule.value,
    ProvinceRule.valid_from,
    ProvinceRule.valid_to,
    ProvinceRule.source,
)
#: every version, and the calendar's exceptions (models.CalendarException) in the same
#: statement: the due dates of a step need both, and the readers of rules before them (dossier,
#: procedure) read these first (issue 19: two statements on most writes were one). Typed NULLs
#: fill the other part's columns, so both databases agree on the types.
_VERSIONS_AND_DAYS = union_all(
    select(
        *VERSION_COLUMNS,
        cast(null(), Date).label("day"),
        cast(null(), String(10)).label("day_kind"),
    ),
    select(
        *(cast(null(), column.type).label(column.key) for column in VERSION_COLUMNS),
        CalendarException.day,
        CalendarException.kind,
    ),
)


def _in_transaction(session: Session) -> tuple[list[Version], dict[date, str]]:
    """The versions and the calendar's exceptions, read once per transaction: a step consults
    the rules of several kinds (dossier, procedure, deadlines, council), and one transaction
    must see one set of them. Forgotten when a version or an exception is added (forget)."""
    memo = session.info.get(_MEMO)
    transaction = session.get_transaction()
    if memo is not None and transaction is not None and memo[0] is transaction:
        return memo[1], memo[2]
    # No autoflush: due dates read this while the engine evaluates a timer, where a flush of
    # the caller's pending rows must not be triggered.
    with session.no_autoflush:
        rows = session.execute(_VERSIONS_AND_DAYS).all()
    ordered = sorted((r for r in rows if r.id is not None), key=_rule_order)
    versions = [_version(row) for row in ordered]
    days = {row.day: row.day_kind for row in rows if row.id is None}
    session.info[_MEMO] = (session.get_transaction(), versions, days)
    return versions, days


def _rule_order(row) -> tuple:
    """Oldest first per kind and key, as the readers take them."""
    return (row.kind, row.key, row.valid_from)


def _all_in_transaction(session: Session) -> list[Version]:
    return list(_in_transaction(session)[0])


def calendar_days(session: Session) -> dict[date, str]:
    """The province's calendar exceptions (day → off or work) as this transaction read them."""
    return dict(_in_transaction(session)[1])


def forget(session: Session) -> None:
    """After a version or an exception is written: the next reader reads them again."""
    session.info.pop(_MEMO, None)


def all_versions(session: Session, kind: str) -> list[Version]:
    """Every version of a kind, oldest first per key (a reader that needs several days)."""
    return [v for v in _all_in_transaction(session) if v.kind == kind]


def in_force(session: Session, kind: str, day: date) -> dict[str, Version]:
    """The province's version of each rule of `kind` in force on `day`, by key."""
    return {v.key: v for v in _all_in_transaction(session) if v.kind == kind and v.covers(day)}


def history(session: Session, kind: str | None = None) -> list[ProvinceRule]:
    """Every version written, newest first within each rule, for the board's list."""
    query = select(ProvinceRule).order_by(
        ProvinceRule.kind, ProvinceRule.key, ProvinceRule.valid_from.desc()
    )
    if kind is not None:
        query = query.where(ProvinceRule.kind == kind)
    return list(session.scalars(query))


def _clean_source(source: Any, errors: dict[str, Text]) -> str:
    text = source.strip() if isinstance(source, str) else ""
    if not text:
        errors["source"] = N_(
            "cần căn cứ: văn bản và điều khoản, ví dụ “Quyết định số 12/2026/QĐ-UBND, Điều 5”"
        )
    elif len(text) > SOURCE_MAX:
        errors["source"] = N_(
            "dài quá %(max)s ký tự (%(length)s)", max=SOURCE_MAX, length=len(text)
        )
    elif (bad := problem(text)) is not None:
        errors["source"] = bad
    return text


def add_version(
    session: Session,
    user_id: int | None,
    kind: Any,
    key: Any,
    value: Any,
    valid_from: date | None,
    source: Any,
    today: date,
) -> ProvinceRule:
    """Write a new version of a rule from `valid_from`, closing the one it replaces."""
    errors: dict[str, Text] = {}
    key = key.strip() if isinstance(key, str) else ""
    if not key or len(key) > KEY_MAX:
        errors["key"] = N_("cần mã quy định (tối đa %(max)s ký tự)", max=KEY_MAX)
    kind = kind if isinstance(kind, str) else ""
    cleaned = kinds.clean(kind, key, value, errors)
    text = _clean_source(source, errors)
    if valid_from is None:
        errors["valid_from"] = N_("cần ngày bắt đầu hiệu lực dạng dd/mm/yyyy")
    elif valid_from < today:
        errors["valid_from"] = N_(
            "không được trước hôm nay (%(today)s): quy định mới không sửa điều đã áp dụng",
            today=today.strftime("%d/%m/%Y"),
        )
    if errors:
        raise ValidationFailed("invalid_province_rule", errors)
    assert valid_from is not None
    latest = session.scalar(
        select(ProvinceRule)
        .where(ProvinceRule.kind == kind, ProvinceRule.key == key)
        .order_by(ProvinceRule.valid_from.desc())
        .limit(1)
        .with_for_update(of=ProvinceRule)
    )
    if latest is not None and latest.valid_from >= valid_from:
        raise ValidationFailed(
            "invalid_province_rule",
            {
                "valid_from": N_(
                    "phải sau ngày bắt đầu của phiên bản gần nhất (%(day)s)",
                    day=latest.valid_from.strftime("%d/%m/%Y"),
                )
            },
        )
    row = ProvinceRule(
        kind=RuleKind(kind),
        key=key,
        value=cleaned,
        valid_from=valid_from,
        source=text,
        created_by_id=user_id,
    )
    if latest is not None and (latest.valid_to is None or latest.valid_to >= valid_from):
        row.replaced_id, row.replaced_valid_to = latest.id, latest.valid_to
        latest.valid_to = valid_from - timedelta(days=1)
    session.add(row)
    session.flush()
    forget(session)
    log.info("province rule %s %s from %s by user %s", kind, key, valid_from, user_id)
    return row


def may_edit(user: User, today: date) -> bool:
    """Administrators, and the board or its officers holding the role at the province's board
    (role and organisation, on the day)."""
    return any(
        a.held_on(today)
        and (
            a.role_code == RoleCode.ADMIN
            or (a.role_code in EDITORS and a.org is not None and a.org.kind == OrgKind.BOARD)
        )
        for a in user.assignments
    )


def may_read(user: User, today: date) -> bool:
    """Who reads the whole rulebook: its editors and the board's oversight wherever held."""
    return may_edit(user, today) or any(
        a.held_on(today) and a.role_code in EDITORS for a in user.assignments
    )


def check_may_edit(user: User, today: date) -> None:
    if not may_edit(user, today):
        raise Forbidden(
            "province_rules_forbidden",
            N_(
                "Chỉ Ban Thi đua – Khen thưởng tỉnh và quản trị hệ thống được sửa quy định của tỉnh"
            ),
        )


def check_may_read(user: User, today: date) -> None:
    if not may_read(user, today):
        raise Forbidden(
            "province_rules_hidden",
            N_(
                "Chỉ Ban Thi đua – Khen thưởng tỉnh và quản trị hệ thống xem được quy định của tỉnh"
            ),
        )
