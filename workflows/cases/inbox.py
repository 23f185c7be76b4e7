"""A case's inbox rows in the user's inbox: the same rule as a proposal's step (the role held
at the step's organisation), an indexed query over case_task (ix_case_task_inbox)."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    String,
    and_,
    cast,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from models import CaseInstance, CaseTask, HumanTask, OrgKind, Proposal, TaskState, User
from workflows import search_text
from workflows.errors import N_, NotFound
from workflows.process import inbox_view
from workflows.process.inbox import inbox_query


def _candidate(user: User):
    pairs = [(a.role_code, a.org_id) for a in user.held_assignments()]
    if not pairs or not user.active:
        return false()
    return or_(*(and_(CaseTask.role_code == r, CaseTask.org_id == o) for r, o in pairs))


def waiting(session: Session, user: User, limit: int = 500) -> list[CaseTask]:
    """The ready steps of cases the user may act on: soonest due first, then the oldest."""
    return list(
        session.scalars(
            select(CaseTask)
            .where(CaseTask.state == TaskState.READY, _candidate(user))
            .order_by(CaseTask.due_at.is_(None), CaseTask.due_at, CaseTask.created_at, CaseTask.id)
            .limit(limit)
        )
    )


def done(session: Session, user: User, limit: int = 50) -> list[CaseTask]:
    """The case steps the user completed, newest first."""
    return list(
        session.scalars(
            select(CaseTask)
            .where(CaseTask.completed_by_id == user.id, CaseTask.state == TaskState.COMPLETED)
            .order_by(CaseTask.completed_at.desc(), CaseTask.id.desc())
            .limit(limit)
        )
    )


def visible_task(session: Session, user: User, task_id: int) -> CaseTask:
    """A case's step the user may see: one of their role at its organisation (ready or not).
    Anything else is "not found", so that ids reveal nothing."""
    task = session.scalar(select(CaseTask).where(CaseTask.id == task_id, _candidate(user)))
    if task is None:
        raise NotFound("case_task_not_found", N_("Không tìm thấy bước số %(id)s", id=task_id))
    return task


def visible_case(session: Session, user: User, case_id: int) -> CaseInstance:
    """A case the user may see: one whose organisation, its department, or a step's organisation
    is where they hold a role."""
    orgs = {a.org_id for a in user.held_assignments()} if user.active else set()
    case = session.get(CaseInstance, case_id)
    if case is not None and orgs:
        # The case's unit, and its department (which oversees its units' cases).
        department = case.org.ancestor(OrgKind.DEPARTMENT)
        if case.org_id in orgs or (department is not None and department.id in orgs):
            return case
        step_orgs = set(session.scalars(select(CaseTask.org_id).where(CaseTask.case_id == case_id)))
        if step_orgs & orgs:
            return case
    raise NotFound(
        "case_not_found", N_("Không tìm thấy hồ sơ (đăng ký, chấm điểm, …) số %(id)s", id=case_id)
    )


#: how a case's step sorts under each of the inbox's column sorts (inbox_view.SORTS); a column
#: a case has no value for (its proposal, title, award, unit) puts it last, as a missing value does
_CASE_SORTS = {
    "due": CaseTask.due_at,
    "waiting": CaseTask.created_at,
    "task": CaseTask.name,
    "stage": CaseTask.stage,
    "completed": CaseTask.completed_at,
}


@dataclass(frozen=True)
class MixedPage:
    """One page of the inbox with the cases' steps in it: each row a proposal's
    (HumanTask, Proposal) or a case's CaseTask, in the inbox's order."""

    rows: list[tuple[HumanTask, Proposal] | CaseTask]
    total: int


def _case_filtered(user: User, f: inbox_view.InboxFilter, now: datetime) -> Select | None:
    """The case steps the filter keeps, or None when it asks for what only a proposal has (one
    proposal, an award, search words: a case has no searchable text yet)."""
    if f.proposal_id or f.award or search_text.words(f.q):
        return None
    query = select(CaseTask).where(CaseTask.state == TaskState.READY, _candidate(user))
    if f.unit:
        query = query.where(
            CaseTask.case_id.in_(select(CaseInstance.id).where(CaseInstance.org_id == f.unit))
        )
    if f.stage:
        query = query.where(CaseTask.stage == f.stage)
    if f.due:
        overdue = or_(CaseTask.overdue_at.is_not(None), CaseTask.due_at <= now)
        soon = and_(CaseTask.remind_at.is_not(None), CaseTask.remind_at <= now)
        if f.due == inbox_view.DueState.OVERDUE:
            query = query.where(overdue)
        elif f.due == inbox_view.DueState.SOON:
            query = query.where(~overdue, soon)
        else:
            query = query.where(or_(CaseTask.due_at.is_(None), and_(~overdue, ~soon)))
    return query


def waiting_page(
    session: Session, user: User, f: inbox_view.InboxFilter, now: datetime
) -> MixedPage:
    """One page of everything waiting for the user, proposals' steps and cases' alike, in the
    inbox's order (soonest due, undated last, longest waiting; or the column asked for, the
    inbox's order breaking ties) with the same limit and offset. Without a case step to show
    it is the proposals' page exactly, at the cost of one count."""
    f = f.checked()
    cases = _case_filtered(user, f, now)
    case_total = 0
    if cases is not None:
        case_total = session.scalar(select(func.count()).select_from(cases.subquery())) or 0
    if not case_total or cases is None:
        page = inbox_view.waiting(session, user, f, now, choices=False)
        return MixedPage(list(page.rows), page.total)
    proposals = inbox_view.filtered(inbox_query(user), f, now)
    proposal_total = (
        session.scalar(select(func.count()).select_from(proposals.order_by(None).subquery())) or 0
    )
    sort = inbox_view.SORTS[f.sort] if f.sort else None
    case_sort = _CASE_SORTS.get(f.sort or "")
    keys = union_all(
        proposals.with_only_columns(
            literal_column("'p'", String).label("kind"),
            HumanTask.id.label("id"),
            (sort if sort is not None else cast(null(), String())).label("sort"),
            HumanTask.due_at.label("due"),
            HumanTask.created_at.label("created"),
        ).order_by(None),
        cases.with_only_columns(
            literal_column("'c'", String).label("kind"),
            CaseTask.id.label("id"),
            (
                case_sort
                if case_sort is not None
                else cast(null(), getattr(sort, "type", None) or String())
            ).label("sort"),
            CaseTask.due_at.label("due"),
            CaseTask.created_at.label("created"),
        ),
    ).subquery()
    by_sort: tuple[Any, ...] = ()
    if sort is not None:
        by_sort = (keys.c.sort.is_(None), keys.c.sort.desc() if f.desc else keys.c.sort.asc())
    # (kind, id) of each row of the page: "p" a proposal's step, "c" a case's
    chosen = typing.cast(
        list[tuple[str, int]],
        [
            (kind, row_id)
            for kind, row_id in session.execute(
                select(keys.c.kind, keys.c.id)
                .order_by(
                    *by_sort,
                    keys.c.due.is_(None),
                    keys.c.due,
                    keys.c.created,
                    keys.c.kind.desc(),  # a proposal's step before a case's made the same moment
                    keys.c.id,
                )
                .limit(f.limit)
                .offset(f.offset)
            )
        ],
    )
    wanted = set(chosen)
    loaded: dict[tuple[str, int], tuple[HumanTask, Proposal] | CaseTask] = {}
    proposal_ids = [i for k, i in wanted if k == "p"]
    if proposal_ids:
        rows = session.execute(
            inbox_query(user).where(HumanTask.id.in_(proposal_ids)).order_by(None)
        )
        loaded.update({("p", t.id): (t, p) for t, p in rows})
    case_ids = [i for k, i in wanted if k == "c"]
    if case_ids:
        loaded.update(
            {
                ("c", t.id): t
                for t in session.scalars(select(CaseTask).where(CaseTask.id.in_(case_ids)))
            }
        )
    return MixedPage(
        [loaded[(kind, row_id)] for kind, row_id in chosen], proposal_total + case_total
    )
