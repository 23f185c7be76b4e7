"""What happened to a proposal, when: the stage-by-stage timeline and each round's path.

Both are read from rows the review already writes (the audit trail, the instance rows
and the inbox rows); nothing here loads a workflow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    STEP_COMPLETIONS,
    AuditAction,
    AuditEvent,
    HumanTask,
    InstanceStatus,
    TaskState,
    WorkflowInstance,
)


@dataclass(frozen=True)
class Step:
    round: int
    stage: str | None
    element_id: str | None
    task_name: str | None
    action: str
    actor: str | None
    entered: datetime
    left: datetime


@dataclass
class StageVisit:
    """A stretch of time the proposal spent in one stage of one round."""

    round: int
    stage: str | None
    entered: datetime
    left: datetime | None = None  #: None while the proposal is still there
    steps: list[Step] = field(default_factory=list)

    def spent(self, now: datetime) -> timedelta:
        return (self.left or now) - self.entered

    @property
    def actors(self) -> list[str]:
        return list(dict.fromkeys(s.actor for s in self.steps if s.actor))


def stage_timeline(
    events: list[AuditEvent], open_stage: str | None = None, open_round: int | None = None
) -> list[StageVisit]:
    """Visits in order from the audit trail; `open_stage` adds the stage the proposal waits in.

    A step is entered when the previous step was completed (the first when the proposal
    was created) and left when it is completed; consecutive steps of the same stage and
    round make one visit.
    """
    visits: list[StageVisit] = []
    entered: datetime | None = None
    for event in events:
        if event.action == AuditAction.CREATED and entered is None:
            entered = event.at
            continue
        if event.action not in STEP_COMPLETIONS or entered is None:
            continue
        step = Step(
            round=event.round,
            stage=event.stage,
            element_id=event.element_id,
            task_name=event.task_name,
            action=event.action,
            actor=event.actor.full_name if event.actor else None,
            entered=entered,
            left=event.at,
        )
        last = visits[-1] if visits else None
        if last is not None and (last.stage, last.round) == (step.stage, step.round):
            last.steps.append(step)
            last.left = step.left
        else:
            visits.append(StageVisit(step.round, step.stage, step.entered, step.left, [step]))
        entered = event.at
    if open_stage is not None and entered is not None:
        round_ = open_round if open_round is not None else (visits[-1].round if visits else 1)
        last = visits[-1] if visits else None
        if last is not None and (last.stage, last.round) == (open_stage, round_):
            last.left = None
        else:
            visits.append(StageVisit(round_, open_stage, entered))
    return visits


def duration_vi(span: timedelta) -> str:
    """A span of time in Vietnamese words, to the minute: "2 ngày 3 giờ", "45 phút"."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return "dưới 1 phút"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} ngày" if days else "", f"{hours} giờ" if hours else ""]
    if not days:
        parts.append(f"{minutes} phút" if minutes else "")
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class RoundPath:
    """The elements one round passed, in order, and those it waits on now."""

    round: int
    status: str  #: an InstanceStatus
    end_event: str | None
    path: list[str]
    current: list[str]
    process_version_id: int

    @property
    def waiting(self) -> list[tuple[str, int]]:
        """Each element waited on once, with its number of open tasks (a ballot has one per
        member), in the order they opened."""
        counts: dict[str, int] = {}
        for element in self.current:
            counts[element] = counts.get(element, 0) + 1
        return list(counts.items())

    @property
    def outcome(self) -> str:
        """running, returned, rejected or decided (from the end event reached)."""
        if self.status == InstanceStatus.RUNNING or not self.end_event:
            return "running"
        for outcome in ("returned", "rejected", "decided"):
            if self.end_event.startswith(f"end_{outcome}"):
                return outcome
        return "ended"


def round_paths(session: Session, proposal_id: int) -> list[RoundPath]:
    instances = session.scalars(
        select(WorkflowInstance)
        .where(WorkflowInstance.proposal_id == proposal_id)
        .order_by(WorkflowInstance.round)
    ).all()
    waiting: dict[int, list[str]] = {}
    for instance_id, bpmn_id in session.execute(
        select(HumanTask.instance_id, HumanTask.bpmn_id)
        .where(HumanTask.proposal_id == proposal_id, HumanTask.state == TaskState.READY)
        .order_by(HumanTask.id)
    ):
        waiting.setdefault(instance_id, []).append(bpmn_id)
    rounds = []
    for instance in instances:
        if instance.path_json is not None:
            path = json.loads(instance.path_json)
        else:
            path = _path_from_audit(session, proposal_id, instance.round, instance.end_event)
        rounds.append(
            RoundPath(
                round=instance.round,
                status=instance.status,
                end_event=instance.end_event,
                path=path,
                current=waiting.get(instance.id, []),
                process_version_id=instance.process_version_id,
            )
        )
    return rounds


def _path_from_audit(
    session: Session, proposal_id: int, round_: int, end_event: str | None
) -> list[str]:
    # Rounds saved before path_json existed: the steps people completed are all we know.
    ids = session.scalars(
        select(AuditEvent.element_id)
        .where(
            AuditEvent.proposal_id == proposal_id,
            AuditEvent.round == round_,
            AuditEvent.action.in_(STEP_COMPLETIONS),
            AuditEvent.element_id.is_not(None),
        )
        .order_by(AuditEvent.id)
    ).all()
    # (none is None: the WHERE leaves them out; the column is nullable)
    path = [i for i in ids if i is not None]
    return [*path, end_event] if end_event else path
