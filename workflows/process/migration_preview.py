"""Where running proposals would land on another version of their process, or why they cannot
(workflows.process.migration): the move is made in memory on the stored state, checked step by
step, and proven by loading the result on the target; `preview` writes nothing, and
`migration_apply` plans again the same way under the lock before it writes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import InstanceStatus, ProcessVersion, Proposal, WorkflowInstance
from workflows.deadlines import due_dates
from workflows.engine import rehome, steps, storage
from workflows.engine.rehome import Counterpart
from workflows.errors import N_, Conflict, DomainError, NotFound
from workflows.process import functions, timers, versions

if TYPE_CHECKING:
    # the type only: the engine package is the one to run SpiffWorkflow
    from SpiffWorkflow.bpmn import BpmnWorkflow

#: how many proposals one preview or migration may name (a page of them)
MAX_PROPOSALS = 200
#: the form of a council member's ballot step (workflows.process.ballot_step)
BALLOT_FORM = "ballot"


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


def target_version(session: Session, version_id: int, process_id: str) -> ProcessVersion:
    version = session.get(ProcessVersion, version_id)
    if version is None or version.process_id != process_id:
        raise NotFound(
            "process_version_not_found",
            N_("Không có phiên bản quy trình số %(id)s", id=version_id),
        )
    return version


def preview(
    session: Session, process_id: str, to_version: int, proposal_ids: Iterable[int]
) -> Plan:
    """Where each proposal would land on `to_version`, or why it cannot; writes nothing."""
    target = target_version(session, to_version, process_id)
    landings, refusals = [], []
    for pid in bounded(proposal_ids):
        proposal = session.get(Proposal, pid)
        instance = running_instance(session, pid) if proposal is not None else None
        try:
            if proposal is None or instance is None:
                raise not_running(pid)
            landings.append(plan_move(session, proposal, instance, target)[0])
        except DomainError as exc:
            refusals.append(Refusal(pid, proposal.title if proposal else "", exc))
    return Plan(target, tuple(landings), tuple(refusals))


def bounded(proposal_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(proposal_ids))
    if len(ids) > MAX_PROPOSALS:
        raise Conflict(
            "too_many_proposals",
            N_("Mỗi lần chỉ chuyển được tối đa %(max)s hồ sơ", max=MAX_PROPOSALS),
        )
    return ids


def running_instance(session: Session, proposal_id: int) -> WorkflowInstance | None:
    return session.scalar(
        select(WorkflowInstance).where(
            WorkflowInstance.proposal_id == proposal_id,
            WorkflowInstance.status == InstanceStatus.RUNNING,
        )
    )


def not_running(proposal_id: int) -> Conflict:
    return Conflict(
        "proposal_not_running",
        N_("Hồ sơ số %(id)s không có vòng xử lý đang chạy", id=proposal_id),
    )


def plan_move(
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
        raise not_running(proposal.id)
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
        check_counterpart(step)
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


def check_counterpart(step: Counterpart) -> None:
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
