"""A revocation as its pages and API see it: reading one (who may), the step its case waits on,
the revocations waiting for a user (their inbox rows of kind "revocation"), and taking a step
from the revocation's own pages and API through the case runtime — the same completion as the
case's step page (workflows.cases.service), so no state changes beside the diagram.

The steps: propose (workflows.revocation.propose), the board's check (`check`), the decider's
step (`decide`), the money to recover (`money`); what each does is the case kind's
(workflows.revocation.kind).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    OPEN_STATUSES,
    AwardRecord,
    CaseInstance,
    CaseTask,
    Organisation,
    Person,
    Proposal,
    Revocation,
    TaskState,
    User,
)
from workflows.cases import inbox, runtime
from workflows.cases import service as cases
from workflows.directory.access import can_see, is_board
from workflows.errors import N_, Conflict, Forbidden, NotFound
from workflows.history import scope
from workflows.process.registry import ProcessRegistry
from workflows.revocation import conflicts

KIND = "revocation"


def case_of(session: Session, revocation_id: int) -> CaseInstance | None:
    return session.scalar(
        select(CaseInstance)
        .where(
            CaseInstance.subject_table == KIND,
            CaseInstance.subject_id == revocation_id,
            CaseInstance.kind == KIND,
        )
        .order_by(CaseInstance.id.desc())
        .limit(1)
    )


def ready_task(session: Session, revocation: Revocation) -> CaseTask | None:
    """The step the revocation's case waits on, or None once it has ended."""
    case = case_of(session, revocation.id)
    if case is None:
        return None
    return session.scalar(
        select(CaseTask)
        .where(CaseTask.case_id == case.id, CaseTask.state == TaskState.READY)
        .order_by(CaseTask.id)
        .limit(1)
    )


def may_act(session: Session, user: User, task: CaseTask | None) -> bool:
    return task is not None and runtime.may_act(session, user, task)


def get_visible(
    session: Session, user: User, revocation_id: int
) -> tuple[Revocation, Proposal | None]:
    """A revocation and its proposal (None for an award recorded from outside), if the user may
    read the proposal (or the history the award is in) or take its step; else not found."""
    revocation = session.get(Revocation, revocation_id)
    if revocation is None:
        raise _not_found(revocation_id)
    if revocation.proposal_id is not None:
        readable = can_see(session, user, revocation.proposal_id)
    else:
        org = session.get(Organisation, _subject_org(session, revocation.award_record))
        readable = org is not None and scope.can_read(session, user, org)
    if not (is_board(user) or readable or may_act(session, user, ready_task(session, revocation))):
        raise _not_found(revocation_id)
    proposal = session.get(Proposal, revocation.proposal_id) if revocation.proposal_id else None
    return revocation, proposal


def _subject_org(session: Session, record: AwardRecord) -> int | None:
    if record.org_id is not None:
        return record.org_id
    person = session.get(Person, record.person_id) if record.person_id else None
    return person.org_id if person is not None else None


def of_proposal(session: Session, proposal_id: int) -> list[Revocation]:
    return list(
        session.scalars(
            select(Revocation).where(Revocation.proposal_id == proposal_id).order_by(Revocation.id)
        )
    )


def open_for(session: Session, award_record_id: int) -> bool:
    """Whether the award has a revocation under way."""
    return (
        session.scalar(
            select(Revocation.id).where(
                Revocation.award_record_id == award_record_id,
                Revocation.status.in_(OPEN_STATUSES),
            )
        )
        is not None
    )


def waiting_for(session: Session, user: User) -> list[Revocation]:
    """The open revocations whose step the user may take: their inbox rows of this kind."""
    ids = [
        task.case.subject_id
        for task in inbox.waiting(session, user)
        if task.kind == KIND and runtime.may_act(session, user, task)
    ]
    if not ids:
        return []
    return list(
        session.scalars(select(Revocation).where(Revocation.id.in_(ids)).order_by(Revocation.id))
    )


def take_step(
    session: Session,
    registry: ProcessRegistry,
    user: User,
    revocation_id: int,
    form: str,
    payload: Mapping[str, Any],
) -> Revocation:
    """Complete the revocation's step of form `form` (the case task it waits on) as `user`."""
    revocation, _ = get_visible(session, user, revocation_id)
    task = ready_task(session, revocation)
    if task is None or task.form != form:
        raise Conflict(
            "revocation_step_done",
            N_("Đề nghị hủy bỏ số %(id)s không còn ở bước này", id=revocation.id),
        )
    if not user.active or not user.has_role(task.role_code, task.org_id):
        raise Forbidden("role_not_held", N_("Bạn không có vai trò xử lý bước này tại đơn vị này"))
    refused = conflicts.refusal(session, user, task)
    if refused is not None:
        raise refused
    cases.complete(session, registry, user, task.id, payload)
    return revocation


def _not_found(revocation_id: int) -> NotFound:
    return NotFound(
        "revocation_not_found",
        N_("Không tìm thấy đề nghị hủy bỏ số %(id)s", id=revocation_id),
    )
