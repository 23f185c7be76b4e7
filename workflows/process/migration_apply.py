"""Moving running proposals to another version, for good (workflows.process.migration): each
under its instance's row lock, planned again with what the lock shows, in a savepoint of its
own; written as the runtime would (state, inbox rows, timer rows, the proposal's version) with
an audit event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import (
    AuditAction,
    HumanTask,
    ProcessVersion,
    Proposal,
    TaskState,
    User,
    WorkflowInstance,
    utcnow,
)
from workflows.directory.access import ADMIN
from workflows.engine import steps, storage
from workflows.errors import N_, Conflict, DomainError, Forbidden
from workflows.process import audit, inbox_rows, timers
from workflows.process.migration_preview import (
    Landing,
    Plan,
    Refusal,
    bounded,
    not_running,
    plan_move,
    target_version,
)
from workflows.process.runtime import RunningProcess

if TYPE_CHECKING:
    from SpiffWorkflow.bpmn import BpmnWorkflow


def migrate(
    session: Session,
    process_id: str,
    to_version: int,
    proposal_ids: Iterable[int],
    actor: User,
) -> Plan:
    """Move each proposal to `to_version` under its instance's lock, in a savepoint of its own:
    a refused or failed one is rolled back alone and listed. The caller commits.
    Administrators only (the pages and the API check it first; this is the second wall)."""
    if not actor.has_role(ADMIN):
        raise Forbidden(
            "processes_admin_only", N_("Chỉ quản trị hệ thống mới quản lý được phiên bản quy trình")
        )
    target = target_version(session, to_version, process_id)
    landings, refusals = [], []
    for pid in bounded(proposal_ids):
        proposal = session.get(Proposal, pid)
        try:
            if proposal is None:
                raise not_running(pid)
            with session.begin_nested():
                try:
                    process = RunningProcess.lock(session, pid)
                except Conflict as exc:
                    raise not_running(pid) from exc
                landing, workflow = plan_move(session, proposal, process.instance, target)
                _write(session, proposal, process.instance, target, workflow)
                _record(session, proposal, actor, process.instance.round, landing, target)
                try:
                    session.flush()
                except StaleDataError as exc:
                    # The optimistic lock's answer when the row lock was not what it should be.
                    raise Conflict(
                        "instance_changed",
                        N_("Hồ sơ số %(id)s vừa được xử lý; xem lại rồi chuyển", id=pid),
                    ) from exc
            landings.append(landing)
        except DomainError as exc:
            refusals.append(Refusal(pid, proposal.title if proposal else "", exc))
    return Plan(target, tuple(landings), tuple(refusals))


def _write(
    session: Session,
    proposal: Proposal,
    instance: WorkflowInstance,
    target: ProcessVersion,
    workflow: BpmnWorkflow,
) -> None:
    """What the runtime writes after an operation, for the moved workflow."""
    instance.process_version_id = target.id
    instance.serializer_version = storage.SERIALIZER.VERSION
    instance.state_json = storage.dump(workflow)
    instance.updated_at = utcnow()
    proposal.process_version_id = target.id
    ready = {s.guid: s for s in steps.ready_steps(workflow)}
    dues = timers.step_dues(workflow)
    for row in session.scalars(
        select(HumanTask).where(
            HumanTask.instance_id == instance.id, HumanTask.state == TaskState.READY
        )
    ):
        step = ready.get(row.task_guid)
        if step is None:
            continue
        row.name, row.instructions = step.name, step.instructions
        row.actions = ",".join(step.actions)
        due = dues.get(step.timer_guid or step.guid, {})
        row.remind_at, row.due_at = due.get("reminder"), due.get("deadline")
    # Whatever still differs (nothing, when every step kept its id) as the runtime makes it.
    inbox_rows.sync(
        session,
        proposal,
        instance,
        list(ready.values()),
        route=lambda: {},
        dues=lambda: dues,
    )
    timers.sync(session, instance, timers.wanted(workflow), set(), None)


def _record(
    session: Session,
    proposal: Proposal,
    actor: User,
    round_: int,
    landing: Landing,
    target: ProcessVersion,
) -> None:
    audit.record(
        session,
        proposal,
        actor,
        AuditAction.VERSION_MIGRATED,
        from_status=proposal.status,
        comment=str(
            N_(
                "Chuyển sang phiên bản quy trình số %(to)s (%(hash)s) từ phiên bản số %(old)s",
                to=target.id,
                hash=target.content_hash[:12],
                old=landing.from_version,
            )
        ),
        element_id=landing.steps[0].bpmn_id if landing.steps else None,
        task_name=landing.steps[0].new_name if landing.steps else None,
        data={
            "from_version": landing.from_version,
            "to_version": target.id,
            "steps": [
                {"id": s.bpmn_id, "old_name": s.old_name, "new_name": s.new_name}
                for s in landing.steps
            ],
        },
        round_=round_,
    )
