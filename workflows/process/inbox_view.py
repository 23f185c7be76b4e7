"""The inbox as a working day reads it: filtered, searched, sorted, one page at a time; and the
steps the user completed ("đã xử lý"), newest first.

Both are the indexed queries of workflows.process.inbox with conditions added; the total is a
count over the same conditions, so a page can say "21–40 of 137".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, lazyload

from models import Award, HumanTask, Organisation, Proposal, TaskState, User
from workflows import search_text
from workflows.errors import N_, Text, ValidationFailed
from workflows.process.inbox import inbox_order, inbox_query


class DueState(StrEnum):
    """What the due-date filter offers; the same rule as the badge on a row (webapp.notifications
    .deadline_state)."""

    OVERDUE = "overdue"  #: its due day has passed, or its deadline timer fired
    SOON = "soon"  #: reminded, not yet due
    OK = "ok"  #: due later, or no due date


#: sortable columns: name → the expression ordered by. A column sort keeps the inbox's own order
#: as the tie-break, so equal values keep the most urgent first.
SORTS = {
    "due": HumanTask.due_at,
    "waiting": HumanTask.created_at,
    "task": HumanTask.name,
    "proposal": Proposal.id,
    # The folded text starts with the title: binary order of the title itself would put every
    # "Đ" after "Z".
    "title": Proposal.search_text,
    "award": Proposal.award_code,
    "unit": select(Organisation.short_name)
    .where(Organisation.id == Proposal.org_id)
    .correlate(Proposal)
    .scalar_subquery(),
    "stage": HumanTask.stage,
    "completed": HumanTask.completed_at,
}
#: a page holds at most this many rows
MAX_LIMIT = 200
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class InboxFilter:
    """What the user asked for; every field optional."""

    award: str | None = None
    unit: int | None = None  #: the filing unit's organisation id
    stage: str | None = None
    due: str | None = None  #: a DueState
    q: str | None = None  #: search words, diacritics optional
    sort: str | None = None  #: a key of SORTS; None: the inbox's own order
    desc: bool = False
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    proposal_id: int | None = None  #: one proposal's tasks only

    def checked(self) -> InboxFilter:
        """Itself, or ValidationFailed naming each parameter that is not understood."""
        problems: dict[str, Text] = {}
        if self.sort is not None and self.sort not in SORTS:
            problems["sort"] = N_(
                "Không sắp xếp được theo “%(value)s”; chọn một trong: %(known)s",
                value=self.sort,
                known=", ".join(SORTS),
            )
        if self.due is not None and self.due not in set(DueState):
            problems["due"] = N_(
                "Trạng thái hạn “%(value)s” không có; chọn một trong: %(known)s",
                value=self.due,
                known=", ".join(DueState),
            )
        if not 1 <= self.limit <= MAX_LIMIT:
            problems["limit"] = N_("Số dòng mỗi trang phải từ 1 đến %(max)s", max=MAX_LIMIT)
        if self.offset < 0:
            problems["offset"] = N_("Vị trí bắt đầu không được âm")
        if problems:
            raise ValidationFailed(
                "bad_inbox_filter", problems, message=N_("Bộ lọc hộp việc không hợp lệ")
            )
        return self


@dataclass(frozen=True)
class InboxPage:
    rows: list[tuple[HumanTask, Proposal]]
    total: int
    filter: InboxFilter
    #: the units, awards and stages the unfiltered list holds, for the filter's choices
    choices: dict[str, list] = field(default_factory=dict)


def _due_clause(due: str, now: datetime):
    overdue = or_(HumanTask.overdue_at.is_not(None), HumanTask.due_at <= now)
    soon = and_(HumanTask.remind_at.is_not(None), HumanTask.remind_at <= now)
    if due == DueState.OVERDUE:
        return overdue
    if due == DueState.SOON:
        return and_(~overdue, soon)
    return or_(HumanTask.due_at.is_(None), and_(~overdue, ~soon))


def filtered(query: Select, f: InboxFilter, now: datetime) -> Select:
    if f.proposal_id:
        query = query.where(HumanTask.proposal_id == f.proposal_id)
    if f.award:
        query = query.where(Proposal.award_code == f.award)
    if f.unit:
        query = query.where(Proposal.org_id == f.unit)
    if f.stage:
        query = query.where(HumanTask.stage == f.stage)
    if f.due:
        query = query.where(_due_clause(f.due, now))
    if search_text.words(f.q):
        query = query.where(search_text.matches(Proposal.search_text, f.q))
    return query


def _ordered(query: Select, f: InboxFilter, default: tuple) -> Select:
    if f.sort is None:
        return query.order_by(None).order_by(*default)
    column = SORTS[f.sort]
    # Rows without a value (no due date) go last whichever the direction.
    key = (column.is_(None), column.desc() if f.desc else column.asc())
    return query.order_by(None).order_by(*key, *default)


def _page(session: Session, query: Select, f: InboxFilter, default: tuple) -> tuple[list, int]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.execute(_ordered(query, f, default).limit(f.limit).offset(f.offset))
    return [(t, p) for t, p in rows], total or 0


def waiting(
    session: Session, user: User, f: InboxFilter, now: datetime, choices: bool = True
) -> InboxPage:
    """One page of the ready steps the user may act on (inbox_query), as `f` asks; with the
    filter's `choices` when asked (the page's drop-downs; the API has no use for them)."""
    f = f.checked()
    base = inbox_query(user)
    rows, total = _page(session, filtered(base, f, now), f, inbox_order())
    return InboxPage(rows, total, f, _choices(session, base) if choices else {})


def done(session: Session, user: User, f: InboxFilter, now: datetime) -> InboxPage:
    """One page of the steps the user completed, newest first (ix_human_task_completed)."""
    f = f.checked()
    base = done_query(user)
    # Due state means nothing for a step that is done.
    query = filtered(base, InboxFilter(f.award, f.unit, f.stage, None, f.q), now)
    newest = (HumanTask.completed_at.desc(), HumanTask.id.desc())
    rows, total = _page(session, query, f, newest)
    return InboxPage(rows, total, f, _choices(session, base))


def done_query(user: User) -> Select:
    """The steps `user` completed, newest first."""
    return (
        select(HumanTask, Proposal)
        .join(Proposal, Proposal.id == HumanTask.proposal_id)
        .where(HumanTask.completed_by_id == user.id, HumanTask.state == TaskState.COMPLETED)
        .order_by(HumanTask.completed_at.desc(), HumanTask.id.desc())
        .options(lazyload(Proposal.created_by), lazyload(Proposal.nominees))
    )


def _choices(session: Session, base: Select) -> dict[str, list]:
    """The awards, units and stages of the unfiltered rows: offering others would only empty
    the list. One grouped query over the same rows, capped like a page."""
    rows = session.execute(
        base.with_only_columns(Proposal.award_code, Proposal.org_id, HumanTask.stage)
        .order_by(None)
        .distinct()
        .limit(MAX_LIMIT * 5)
    ).all()
    units = {r[1] for r in rows}
    names = dict(
        session.execute(
            select(Organisation.id, Organisation.short_name).where(Organisation.id.in_(units))
        ).all()
    )
    codes = {r[0] for r in rows}
    awards = session.execute(select(Award.code, Award.name_vi).where(Award.code.in_(codes))).all()
    return {
        "award": sorted(((code, name) for code, name in awards), key=lambda x: x[1]),
        "unit": sorted(((u, names.get(u, str(u))) for u in units), key=lambda x: x[1]),
        "stage": sorted({r[2] for r in rows}),
    }
