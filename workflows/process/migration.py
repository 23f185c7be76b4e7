"""Moving running proposals to another version of the diagrams (issue 16, point 4).

A proposal's running instance is pinned to the process version it started on (the proposal too:
its next rounds start on it). An administrator may move it to another version of the same
process: each step a person waits on must exist in the target version under the same BPMN id,
in the same lane (role) and stage, and not be a council's ballot (its box is open, and the
tally belongs to the old step). The instance keeps its task ids and data; what follows the
waiting steps is predicted again from the target diagram (workflows.engine.rehome), and the
timers are evaluated again with the target's expressions, as of when each step began.

`preview` says for each proposal where it lands or why it cannot; `migrate` does it under the
instance's row lock (RunningProcess.lock), planning again with what the lock shows, and writes
what the runtime would: the state, the inbox rows, the timer rows, the proposal's version, and
an audit event. All or nothing per proposal: a refused one is left as it was, and listed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import (
    AuditAction,
    HumanTask,
    InstanceStatus,
    ProcessVersion,
    Proposal,
    TaskState,
    User,
    WorkflowInstance,
    utcnow,
)
from workflows.deadlines import due_dates
from workflows.directory.access import ADMIN
from workflows.engine import rehome, steps, storage
from workflows.engine.rehome import Counterpart
from workflows.errors import N_, Conflict, DomainError, Forbidden, NotFound
from workflows.process import audit, functions, inbox_rows, timers, versions
from workflows.process.runtime import RunningProcess

if TYPE_CHECKING:
    # the type only: the engine package is the one to run SpiffWorkflow
    from SpiffWorkflow.bpmn import BpmnWorkflow

#: how many proposals one preview or migration may name (a page of them)
MAX_PROPOSALS = 200
#: the form of a council member's ballot step (workflows.process.ballot_step)
BALLOT_FORM = "ballot"


@dataclass(frozen=True)
class VersionInUse:
    """A stored version of a process and how many proposals run on it."""

    id: int
    content_hash: str
    created_at: datetime
    #: proposals whose running instance is on this version
    running: int
    #: the version the diagrams on disk give (new proposals start on it)
    current: bool


@dataclass(frozen=True)
class RunningProposal:
    proposal_id: int
    title: str
    round: int
    #: the names of the steps it waits on (the inbox rows)
    steps: tuple[str, ...]


@dataclass(frozen=True)
class StepMove:
    bpmn_id: str
    old_name: str
    new_name: str


@dataclass(frozen=True)
class TimerMove:
    bpmn_id: str
    old_fire_at: datetime | None
    new_fire_at: datetime | None


@dataclass(frozen=True)
class Landing:
    """Where a proposal lands in the target version."""

    proposal_id: int
    title: str
    from_version: int
    steps: tuple[StepMove, ...]
    timers: tuple[TimerMove, ...]


@dataclass(frozen=True)
class Refusal:
    """Why a proposal cannot move; `error` carries the code and the translatable message."""

    proposal_id: int
    title: str
    error: DomainError


@dataclass(frozen=True)
class Plan:
    target: ProcessVersion
    landings: tuple[Landing, ...]
    refusals: tuple[Refusal, ...]


# --- what is in use ----------------------------------------------------------------------------


def versions_in_use(
    session: Session, process_id: str, current_id: int | None
) -> list[VersionInUse]:
    """Every stored version of `process_id`, newest first, with its running proposals counted."""
    running = (
        select(WorkflowInstance.process_version_id, func.count().label("n"))
        .where(WorkflowInstance.status == InstanceStatus.RUNNING)
        .group_by(WorkflowInstance.process_version_id)
        .subquery()
    )
    rows = session.execute(
        select(
            ProcessVersion.id,
            ProcessVersion.content_hash,
            ProcessVersion.created_at,
            func.coalesce(running.c.n, 0).label("running"),
        )
        .outerjoin(running, running.c.process_version_id == ProcessVersion.id)
        .where(ProcessVersion.process_id == process_id)
        .order_by(ProcessVersion.id.desc())
    )
    return [
        VersionInUse(row.id, row.content_hash, row.created_at, row.running, row.id == current_id)
        for row in rows
    ]


def stored_id(session: Session, content_hash: str) -> int | None:
    """The id of the version row of these diagrams, if stored (`tdkt init` stores the current
    one; a read must not create it)."""
    return session.scalar(
        select(ProcessVersion.id).where(ProcessVersion.content_hash == content_hash)
    )


def running_on(session: Session, version_id: int) -> list[RunningProposal]:
    """The proposals whose running instance is on a version, with the steps they wait on."""
    rows = session.execute(
        select(Proposal.id, Proposal.title, WorkflowInstance.round, WorkflowInstance.id)
        .join(WorkflowInstance, WorkflowInstance.proposal_id == Proposal.id)
        .where(
            WorkflowInstance.process_version_id == version_id,
            WorkflowInstance.status == InstanceStatus.RUNNING,
        )
        .order_by(Proposal.id)
    ).all()
    names: dict[int, list[str]] = {}
    for instance_id, name in session.execute(
        select(HumanTask.instance_id, HumanTask.name)
        .where(
            HumanTask.instance_id.in_([r[3] for r in rows]),
            HumanTask.state == TaskState.READY,
        )
        .order_by(HumanTask.id)
    ):
        if name not in names.setdefault(instance_id, []):
            names[instance_id].append(name)
    return [
        RunningProposal(pid, title, round_, tuple(names.get(iid, ())))
        for pid, title, round_, iid in rows
    ]


def target_version(session: Session, version_id: int, process_id: str) -> ProcessVersion:
    version = session.get(ProcessVersion, version_id)
    if version is None or version.process_id != process_id:
        raise NotFound(
            "process_version_not_found",
            N_("Không có phiên bản quy trình số %(id)s", id=version_id),
        )
    return version


# --- preview and migrate -----------------------------------------------------------------------


def preview(
    session: Session, process_id: str, to_version: int, proposal_ids: Iterable[int]
) -> Plan:
    """Where each proposal would land on `to_version`, or why it cannot; writes nothing."""
    target = target_version(session, to_version, process_id)
    landings, refusals = [], []
    for pid in _bounded(proposal_ids):
        proposal = session.get(Proposal, pid)
        instance = _running_instance(session, pid) if proposal is not None else None
        try:
            if proposal is None or instance is None:
                raise _not_running(pid)
            landings.append(_plan(session, proposal, instance, target)[0])
        except DomainError as exc:
            refusals.append(Refusal(pid, proposal.title if proposal else "", exc))
    return Plan(target, tuple(landings), tuple(refusals))


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
    for pid in _bounded(proposal_ids):
        proposal = session.get(Proposal, pid)
        try:
            if proposal is None:
                raise _not_running(pid)
            with session.begin_nested():
                try:
                    process = RunningProcess.lock(session, pid)
                except Conflict as exc:
                    raise _not_running(pid) from exc
                landing, workflow = _plan(session, proposal, process.instance, target)
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


# --- inside ------------------------------------------------------------------------------------


def _bounded(proposal_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(proposal_ids))
    if len(ids) > MAX_PROPOSALS:
        raise Conflict(
            "too_many_proposals",
            N_("Mỗi lần chỉ chuyển được tối đa %(max)s hồ sơ", max=MAX_PROPOSALS),
        )
    return ids


def _running_instance(session: Session, proposal_id: int) -> WorkflowInstance | None:
    return session.scalar(
        select(WorkflowInstance).where(
            WorkflowInstance.proposal_id == proposal_id,
            WorkflowInstance.status == InstanceStatus.RUNNING,
        )
    )


def _not_running(proposal_id: int) -> Conflict:
    return Conflict(
        "proposal_not_running",
        N_("Hồ sơ số %(id)s không có vòng xử lý đang chạy", id=proposal_id),
    )


def _plan(
    session: Session, proposal: Proposal, instance: WorkflowInstance, target: ProcessVersion
) -> tuple[Landing, BpmnWorkflow]:
    """The instance's workflow moved onto `target` in memory, and where it lands; raises the
    refusal (a Conflict naming the step) when it cannot."""
    if instance.process_version_id == target.id:
        raise Conflict(
            "already_on_version",
            N_("Hồ sơ đã chạy trên phiên bản quy trình số %(id)s", id=target.id),
        )
    if instance.state_json is None:
        raise _not_running(proposal.id)
    deadlines = due_dates.context(session)
    old = versions.runtime_of(session, instance.process_version_id)
    new = versions.runtime_of(session, target.id, target.content_hash)
    workflow = old.load(instance.state_json, functions.without_ballots(deadlines))
    old_timers = timers.wanted(workflow)
    waiting = rehome.counterparts(workflow, new.spec, new.subprocess_specs)
    if not waiting:
        raise Conflict(
            "no_step_waiting",
            N_("Hồ sơ không chờ ai xử lý ở bước nào, không có gì để chuyển"),
        )
    for step in waiting:
        _check_counterpart(step)
    since = rehome.waiting_since(workflow)
    try:
        left = rehome.rehome(workflow, new.spec, new.subprocess_specs)
        if not left:
            rehome.recompute_timers(
                workflow,
                lambda began: functions.without_ballots(
                    dataclasses.replace(deadlines, clock=lambda: began)
                ),
                since,
            )
    except Exception as exc:  # the library's diff on a tree it cannot align, a timer's text
        raise Conflict(
            "migration_engine_error",
            N_("Không chuyển được trạng thái sang phiên bản mới: %(cause)s", cause=str(exc)),
        ) from exc
    if left:
        raise Conflict(
            "step_without_counterpart",
            N_(
                "Phiên bản mới không còn bước đã đi qua trong vòng này: %(steps)s",
                steps=", ".join(left),
            ),
        )
    new_timers = timers.wanted(workflow)
    # What is stored must load again on the target version: the proof that the move holds.
    again = new.load(storage.dump(workflow), functions.without_ballots(deadlines))
    ready = steps.ready_steps(again)
    if sorted(s.guid for s in ready) != sorted(s.guid for s in waiting):
        raise Conflict(
            "migration_changed_steps",
            N_("Sau khi chuyển, các bước đang chờ không còn như trước; không chuyển"),
        )
    moves = {s.bpmn_id: StepMove(s.bpmn_id, s.old_name, s.new_name) for s in waiting}
    timer_moves = tuple(
        TimerMove(bpmn_id, old_timers.get(bpmn_id), new_timers.get(bpmn_id))
        for bpmn_id in sorted(set(old_timers) | set(new_timers))
    )
    landing = Landing(
        proposal.id, proposal.title, instance.process_version_id, tuple(moves.values()), timer_moves
    )
    return landing, workflow


def _check_counterpart(step: Counterpart) -> None:
    name = step.old_name
    if not step.found:
        raise Conflict(
            "step_missing_in_version",
            N_(
                "Bước đang chờ '%(step)s' (%(id)s) không có trong phiên bản mới",
                step=name,
                id=step.bpmn_id,
            ),
        )
    if step.multi_instance or step.old_properties.get("form") == BALLOT_FORM:
        raise Conflict(
            "ballot_box_open",
            N_(
                "Hộp phiếu của bước '%(step)s' đang mở; chuyển sau khi kiểm phiếu xong",
                step=name,
            ),
        )
    if step.new_lane != step.old_lane:
        raise Conflict(
            "step_lane_changed",
            N_(
                "Bước '%(step)s' đổi vai trò xử lý (%(old)s → %(new)s) trong phiên bản mới",
                step=name,
                old=step.old_lane or "",
                new=step.new_lane or "",
            ),
        )
    for key in ("stage", "form"):
        if step.new_properties.get(key) != step.old_properties.get(key):
            raise Conflict(
                "step_changed_in_version",
                N_(
                    "Bước '%(step)s' đổi %(what)s (%(old)s → %(new)s) trong phiên bản mới",
                    step=name,
                    what=key,
                    old=str(step.old_properties.get(key)),
                    new=str(step.new_properties.get(key)),
                ),
            )


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
