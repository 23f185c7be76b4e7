"""A case's inbox rows in the user's inbox: the same rule as a proposal's step (the role held
at the step's organisation), an indexed query over case_task (ix_case_task_inbox)."""

from __future__ import annotations

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from models import CaseInstance, CaseTask, TaskState, User
from workflows.errors import N_, NotFound


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


def visible_task(session: Session, user: User, task_id: int) -> CaseTask:
    """A case's step the user may see: one of their role at its organisation (ready or not).
    Anything else is "not found", so that ids reveal nothing."""
    task = session.scalar(select(CaseTask).where(CaseTask.id == task_id, _candidate(user)))
    if task is None:
        raise NotFound("case_task_not_found", N_("Không tìm thấy bước số %(id)s", id=task_id))
    return task


def visible_case(session: Session, user: User, case_id: int) -> CaseInstance:
    """A case the user may see: one whose organisation (or a step's) is where they hold a role."""
    orgs = {a.org_id for a in user.held_assignments()} if user.active else set()
    case = session.get(CaseInstance, case_id)
    if case is not None and orgs:
        if case.org_id in orgs:
            return case
        step_orgs = set(session.scalars(select(CaseTask.org_id).where(CaseTask.case_id == case_id)))
        if step_orgs & orgs:
            return case
    raise NotFound(
        "case_not_found", N_("Không tìm thấy hồ sơ (đăng ký, chấm điểm, …) số %(id)s", id=case_id)
    )
