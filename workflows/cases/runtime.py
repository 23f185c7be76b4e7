"""The runtime of a case: one object per locked case_instance row, as
workflows.process.runtime.RunningProcess is for a proposal's round.

`CaseProcess.start` opens a case on the current version of its kind's diagram and runs it to its
first wait; `CaseProcess.lock` takes the row lock of a running case (FOR UPDATE OF the case row);
`complete` and `fire_timers` run the engine. After each, `_settle` makes the inbox rows
(case_task) and timer rows (case_timer) match what the engine waits on, stores the state, moves
the case's named state, writes one case_event per change and tells the candidates of each step
that arrives. Callers never load, sync or save by hand; the caller's transaction commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.exceptions import TaskNotFoundException
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import (
    CaseAction,
    CaseEvent,
    CaseInstance,
    CaseTask,
    CaseTimer,
    InstanceStatus,
    ProcessVersion,
    TaskState,
    User,
    utcnow,
)
from workflows import reference
from workflows.cases import kinds, notices
from workflows.deadlines import due_dates
from workflows.engine import steps, storage
from workflows.engine import timers as engine_timers
from workflows.engine.steps import StepError
from workflows.errors import N_, Conflict, Forbidden
from workflows.process import functions, timers, versions
from workflows.process.registry import ProcessRegistry


@dataclass(frozen=True)
class CaseOutcome:
    """Where the case stands after an operation."""

    finished: bool
    end_event: str | None
    #: the case's named state (kinds.CaseKind.state_of)
    state: str
    created: tuple[CaseTask, ...] = ()
    #: (bpmn id, "reminder" | "deadline" | None, the step's guid) of each timer fired
    fired: tuple[tuple[str, str | None, str | None], ...] = ()


class CaseProcess:
    """A running case, locked for the current transaction."""

    def __init__(self, session: Session, case: CaseInstance, content_hash: str):
        self.session = session
        self.case = case
        self.kind = kinds.get(case.kind)
        self._hash = content_hash
        self._transaction = session.get_transaction()
        self._workflow: BpmnWorkflow | None = None

    # --- obtaining one ---------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        session: Session,
        registry: ProcessRegistry,
        kind_code: str,
        subject_id: int,
        org_id: int,
        actor: User | None,
        title: str = "",
        data: Mapping[str, Any] | None = None,
    ) -> tuple[CaseProcess, CaseOutcome]:
        """Open a case of `kind_code` about row `subject_id` of the kind's subject table,
        belonging to organisation `org_id`, on the current version of its diagram."""
        kind = kinds.get(kind_code)
        version, runtime = registry.current_of(session, kind.process_id)
        case = CaseInstance(
            kind=kind.code,
            subject_table=kind.subject_table,
            subject_id=subject_id,
            org_id=org_id,
            title=title[:255],
            process_version_id=version.id,
            serializer_version=storage.SERIALIZER.VERSION,
            state="",
            created_by_id=actor.id if actor else None,
        )
        session.add(case)
        session.flush()
        process = cls(session, case, version.content_hash)
        workflow = runtime.new_workflow(
            {**kind.start_data(session, case), **(data or {})}, _functions(session)
        )
        process._workflow = workflow
        with _engine_errors():
            steps.start(workflow)
        outcome = process._settle(actor)
        _event(session, case, actor, CaseAction.STARTED, None)
        return process, outcome

    @classmethod
    def lock(cls, session: Session, case_id: int) -> CaseProcess:
        """The running case, locked for the transaction; Conflict when it has ended."""
        row = session.execute(
            select(CaseInstance, ProcessVersion.content_hash)
            .join(ProcessVersion, ProcessVersion.id == CaseInstance.process_version_id)
            .where(CaseInstance.id == case_id, CaseInstance.status == InstanceStatus.RUNNING)
            .with_for_update(of=CaseInstance)
            .execution_options(populate_existing=True)
        ).first()
        if row is None:
            raise Conflict("case_ended", N_("Hồ sơ #%(id)s đã kết thúc", id=case_id))
        return cls(session, *row)

    @classmethod
    def next_due(cls, session: Session, now: datetime, seen: set[int]) -> CaseProcess | None:
        """The next running case with a due timer no other worker holds, locked."""
        due = select(CaseTimer.case_id).where(CaseTimer.fired_at.is_(None), CaseTimer.fire_at < now)
        query = (
            select(CaseInstance, ProcessVersion.content_hash)
            .join(ProcessVersion, ProcessVersion.id == CaseInstance.process_version_id)
            .where(CaseInstance.status == InstanceStatus.RUNNING, CaseInstance.id.in_(due))
            .order_by(CaseInstance.id)
            .limit(1)
            .with_for_update(of=CaseInstance, skip_locked=True)
        )
        if seen:
            query = query.where(CaseInstance.id.not_in(seen))
        row = session.execute(query).first()
        return cls(session, *row) if row is not None else None

    # --- operations ------------------------------------------------------------------------

    @property
    def workflow(self) -> BpmnWorkflow:
        if self.session.get_transaction() is not self._transaction:
            raise RuntimeError("a CaseProcess is valid in the transaction that locked it")
        if self._workflow is None:
            if self.case.state_json is None:
                raise Conflict("case_ended", N_("Hồ sơ #%(id)s đã kết thúc", id=self.case.id))
            runtime = versions.runtime_of(self.session, self.case.process_version_id, self._hash)
            self._workflow = runtime.load(self.case.state_json, _functions(self.session))
        return self._workflow

    def complete(self, task: CaseTask, user: User, payload: Mapping[str, Any]) -> CaseOutcome:
        """Complete the inbox row `task` as `user`, with what they sent (`payload`: the action
        and the step's fields, checked by the kind), and run the case to its next wait."""
        if task.case_id != self.case.id or task.state != TaskState.READY:
            raise Conflict(
                "case_step_done",
                N_("Bước “%(step)s” đã được xử lý hoặc không còn chờ", step=task.name),
            )
        if not may_act(self.session, user, task):
            raise Forbidden(
                "case_step_forbidden",
                N_("Bạn không có quyền xử lý bước “%(step)s” của hồ sơ này", step=task.name),
            )
        action, data = self.kind.check(self.session, self.case, task, payload)
        with _engine_errors():
            steps.complete(self.workflow, task.task_guid, {**data, "decision": action})
        task.state, task.action = TaskState.COMPLETED, action
        task.completed_at, task.completed_by_id = utcnow(), user.id
        before = self.case.state
        self.kind.completed(self.session, self.case, task, user, action, data)
        outcome = self._settle(user, skip_event=True)
        _event(
            self.session,
            self.case,
            user,
            CaseAction.COMPLETED,
            before,
            element_id=task.bpmn_id,
            task_name=task.name,
            step_action=action,
            comment=data.get("reason") or None,
        )
        if outcome.finished:
            _event(self.session, self.case, user, CaseAction.ENDED, outcome.state)
        return outcome

    def fire_timers(self) -> CaseOutcome:
        """Fire the timers whose time has come and run the case to its next wait."""
        before = engine_timers.fired_ids(engine_timers.completed(self.workflow))
        with _engine_errors():
            steps.fire_timers(self.workflow)
        done = engine_timers.completed(self.workflow)
        fired = tuple(
            (f.bpmn_id, timers.which_of(f.expression), guid)
            for f in engine_timers.fired(done)
            if f.bpmn_id not in before
            for guid in self._instances(f.step_guid)
        )
        outcome = self._settle(None)
        return CaseOutcome(
            outcome.finished, outcome.end_event, outcome.state, outcome.created, fired
        )

    def _instances(self, guid: str | None) -> list[str | None]:
        """The step a timer is attached to, or each of its instances when it is a
        multi-instance step (one per bloc member: the timer is the whole step's)."""
        if guid is None:
            return [guid]
        try:
            task = self.workflow.get_task_from_id(UUID(guid))
        except (TaskNotFoundException, ValueError):
            return [guid]
        spec_id = getattr(task.task_spec, "bpmn_id", None)
        children: list[str | None] = [
            str(child.id)
            for child in task.children
            if getattr(child.task_spec, "bpmn_id", None) == spec_id and child.task_spec.manual
        ]
        return children or [guid]

    def ready_tasks(self) -> list[CaseTask]:
        return list(
            self.session.scalars(
                select(CaseTask)
                .where(CaseTask.case_id == self.case.id, CaseTask.state == TaskState.READY)
                .order_by(CaseTask.id)
            )
        )

    # --- inside ----------------------------------------------------------------------------

    def _settle(self, actor: User | None, skip_event: bool = False) -> CaseOutcome:
        workflow, case, session = self.workflow, self.case, self.session
        finished = workflow.is_completed()
        ready = steps.ready_steps(workflow) if not finished else []
        created = self._sync_tasks(ready, workflow)
        done = engine_timers.completed(workflow)
        end_event = steps.reached_end_event(workflow, done) if finished else None
        case.path_json = json.dumps(steps.completed_elements(workflow, done))
        if finished:
            case.status = InstanceStatus.COMPLETED
            case.end_event = end_event
            case.state_json = None
        else:
            case.state_json = storage.dump(workflow)
        case.serializer_version = storage.SERIALIZER.VERSION
        case.updated_at = utcnow()
        _sync_timers(
            session, case, timers.wanted(workflow, finished), engine_timers.fired_ids(done)
        )
        before = case.state
        case.state = self.kind.state_of(case, [s.bpmn_id for s in ready], end_event)[:30]
        if case.state != before and not skip_event and before:
            _event(
                session, case, actor, CaseAction.ENDED if finished else CaseAction.COMPLETED, before
            )
        session.flush()
        notices.steps_arrived(session, case, created, actor.id if actor else None)
        return CaseOutcome(finished, end_event, case.state, tuple(created))

    def _sync_tasks(self, ready: list[steps.ReadyStep], workflow: BpmnWorkflow) -> list[CaseTask]:
        session, case = self.session, self.case
        wanted = {s.guid: s for s in ready}
        existing = dict(
            session.execute(
                select(CaseTask.task_guid, CaseTask.id).where(
                    CaseTask.case_id == case.id, CaseTask.state == TaskState.READY
                )
            ).all()
        )
        gone = [row_id for guid, row_id in existing.items() if guid not in wanted]
        if gone:
            session.execute(
                update(CaseTask)
                .where(CaseTask.id.in_(gone), CaseTask.state == TaskState.READY)
                .values(state=TaskState.CANCELLED, completed_at=utcnow())
                .execution_options(synchronize_session="fetch")
            )
        new = [s for guid, s in wanted.items() if guid not in existing]
        dues = timers.step_dues(workflow) if new else {}
        roles = reference.roles()
        created = []
        for step in new:
            role = roles.get(step.lane)
            if role is None:
                raise Conflict(
                    "step_lane_unknown",
                    N_(
                        "Bước '%(step)s' thuộc làn '%(lane)s' không phải vai trò đã biết",
                        step=step.name,
                        lane=step.lane,
                    ),
                )
            due = dues.get(step.timer_guid or step.guid, {})
            row = CaseTask(
                case_id=case.id,
                kind=case.kind,
                task_guid=step.guid,
                bpmn_id=step.bpmn_id,
                name=step.name,
                role_code=role.code,
                org_id=step.org if step.org is not None else self.kind.org_for(session, case, role),
                stage=step.stage,
                form=step.form,
                actions=",".join(step.actions),
                instructions=step.instructions,
                remind_at=due.get("reminder"),
                due_at=due.get("deadline"),
            )
            session.add(row)
            created.append(row)
        session.flush()
        return created


def may_act(session: Session, user: User, task: CaseTask) -> bool:
    """Server-side authorisation of a case's step: the user holds its role at its organisation
    today, and the kind has no objection; or the kind lets others act (a bloc's peers
    cross-check where its rules say so)."""
    if not user.active:
        return False
    kind = kinds.get(task.kind)
    if not user.has_role(task.role_code, task.org_id):
        return kind.may_act_beyond_role(session, user, task)
    return kind.may_act(session, user, task)


def _sync_timers(
    session: Session, case: CaseInstance, want: dict[str, datetime], fired: set[str]
) -> None:
    """Make the case's unfired timer rows match what the engine waits on (a fired one keeps
    its row with fired_at; one gone with its step is deleted)."""
    stored = dict(
        session.execute(
            select(CaseTimer.bpmn_id, CaseTimer.id).where(
                CaseTimer.case_id == case.id, CaseTimer.fired_at.is_(None)
            )
        ).all()
    )
    rows = {
        row.bpmn_id: row
        for row in session.scalars(select(CaseTimer).where(CaseTimer.id.in_(stored.values())))
    }
    now = utcnow()
    for bpmn_id, row in rows.items():
        if want.get(bpmn_id) == row.fire_at:
            want = {k: v for k, v in want.items() if k != bpmn_id}
        elif bpmn_id in fired:
            row.fired_at = now
        else:
            session.delete(row)
    for bpmn_id, fire_at in want.items():
        session.add(CaseTimer(case_id=case.id, bpmn_id=bpmn_id, fire_at=fire_at))


def _event(
    session: Session,
    case: CaseInstance,
    actor: User | None,
    action: str,
    from_state: str | None,
    **fields: Any,
) -> CaseEvent:
    event = CaseEvent(
        case_id=case.id,
        actor_id=actor.id if actor else None,
        action=action,
        from_state=from_state or None,
        to_state=case.state or None,
        **fields,
    )
    session.add(event)
    return event


def _functions(session: Session) -> storage.Functions:
    # A case reads the rules and the province's calendar for its due dates; no ballot box.
    return functions.without_ballots(due_dates.context(session))


@contextmanager
def _engine_errors() -> Iterator[None]:
    try:
        yield
    except StepError as exc:
        raise Conflict(
            "engine_error", N_("Không thực hiện được bước: %(cause)s", cause=str(exc))
        ) from exc
