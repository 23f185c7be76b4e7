"""The row lock of a proposal's running instance: the statements that take it (with the
version's hash that loading needs) and what the lock makes stale in the session.

workflows.process.runtime.RunningProcess is what callers get; this is how it is obtained.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, inspect, select
from sqlalchemy.orm import Session

from models import (
    HumanTask,
    InstanceStatus,
    InstanceTimer,
    Nominee,
    ProcessVersion,
    WorkflowInstance,
)


def of_proposal(
    proposal_id: int | ScalarSelect[int], round_: int | None = None
) -> Select[WorkflowInstance, str]:
    """The locking read of a proposal's running instance (of its round `round_`, if given)."""
    query = _running(WorkflowInstance.proposal_id == proposal_id)
    if round_ is not None:
        query = query.where(WorkflowInstance.round == round_)
    return _for_update(query)


def next_due(now: datetime, seen: set[int]) -> Select[WorkflowInstance, str]:
    """The next running instance with a due timer that no other worker holds, not in `seen`
    (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's write lock queues the workers instead)."""
    due = select(InstanceTimer.instance_id).where(
        InstanceTimer.fired_at.is_(None), InstanceTimer.fire_at < now
    )
    query = (
        _running(WorkflowInstance.id.in_(due))
        .order_by(WorkflowInstance.id)
        .limit(1)
        .with_for_update(of=WorkflowInstance, skip_locked=True)
    )
    if seen:
        query = query.where(WorkflowInstance.id.not_in(seen))
    return query


def _running(where: ColumnElement[bool]) -> Select[WorkflowInstance, str]:
    # The version's hash comes with the instance: loading needs it to find the built runtime.
    return (
        select(WorkflowInstance, ProcessVersion.content_hash)
        .join(
            ProcessVersion,
            ProcessVersion.id == WorkflowInstance.process_version_id,
        )
        .where(where, WorkflowInstance.status == InstanceStatus.RUNNING)
    )


def _for_update(query: Select[WorkflowInstance, str]) -> Select[WorkflowInstance, str]:
    # OF: only the instance row is locked, never the version row every instance shares.
    return query.with_for_update(of=WorkflowInstance).execution_options(populate_existing=True)


#: the locks of a completion and of a submission, built once with the ids bound per call:
#: building and keying the statement cost more CPU than running it (issue 19)
OF_PROPOSAL = _for_update(_running(WorkflowInstance.proposal_id == bindparam("proposal_id")))
OF_TASK = _for_update(
    _running(
        WorkflowInstance.proposal_id
        == select(HumanTask.proposal_id)
        .where(HumanTask.id == bindparam("task_id"))
        .scalar_subquery()
    )
)


def forget_nominees_read_before(session: Session, proposal_id: int) -> None:
    """Nominee rows of the proposal read before the lock may be what another worker changed
    since: expired, they are read again with the list after the lock (which the locked reads
    of the proposal drop), so eligibility and the council's box see the committed status.
    A request that read none before the lock (the usual one) pays nothing: no statement."""
    for obj in list(session.identity_map.values()):
        if (
            isinstance(obj, Nominee)
            and obj.__dict__.get("proposal_id") == proposal_id
            and not inspect(obj).modified
        ):
            session.expire(obj)
