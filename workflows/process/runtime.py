"""The runtime of a proposal's running round: one object per locked workflow instance.

One review round = one workflow instance. A return for revision ends the round's instance at
its "Trả lại" end event and starts a fresh instance with `resume_stage` set, so the task tree of
an instance never grows with the number of rounds (a loop modelled in the diagram would grow it
without bound: ARCHITECTURE.md, "Engine pitfalls").

`RunningProcess.lock` takes the row lock of a proposal's running instance and reads with it what
loading needs; `RunningProcess.start` creates the instance of a new round; the worker takes one
with `RunningProcess.next_due`. Every operation — complete a step, fire due timers, start —
runs the engine, makes the inbox rows and timer rows match what it now waits on, stores its
state, and answers with an `Outcome`. Callers never load, sync or save by hand. What was read
under the lock (the instance, the version's hash, the timer rows, the ballot box just counted)
is kept on the object, which is valid for the transaction that made it and refuses to be used
in another.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState as EngineState
from sqlalchemy import ScalarSelect, Select
from sqlalchemy.orm import Session, SessionTransaction

from models import (
    HumanTask,
    InstanceStatus,
    Proposal,
    Stage,
    User,
    WorkflowInstance,
    utcnow,
)
from workflows.council import ballots
from workflows.council.counting import Boxes
from workflows.deadlines import due_dates
from workflows.engine import steps, storage
from workflows.engine import timers as engine_timers
from workflows.engine.steps import StepError
from workflows.errors import N_, Conflict, NotFound
from workflows.process import functions, inbox_rows, instance_lock, step_writes, timers, versions
from workflows.process.registry import ProcessRegistry


@dataclass(frozen=True)
class FiredTimer:
    """A timer the engine fired in this operation."""

    bpmn_id: str
    #: "reminder" or "deadline" (a due_at expression), else None
    which: str | None
    #: the step it is attached to, and that step's instances (a council's ballots)
    step_guid: str | None
    step_children: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """Where the round stands after an operation."""

    #: the round's instance has finished
    finished: bool
    #: the end event it finished at (None while it runs)
    end_event: str | None
    #: the stage of the first ready step while it runs (None once finished)
    stage: str | None
    #: the inbox rows the operation created
    created: tuple[HumanTask, ...] = ()
    #: the timers the operation fired
    fired: tuple[FiredTimer, ...] = ()


class RunningProcess:
    """A proposal's running instance, locked for the current transaction."""

    def __init__(self, session: Session, instance: WorkflowInstance, content_hash: str):
        self.session = session
        self.instance = instance
        #: the council's ballot boxes as this transaction sees them (ballot_result reads them)
        self.boxes = Boxes(session)
        self._hash = content_hash
        self._transaction: SessionTransaction | None = session.get_transaction()
        self._workflow: BpmnWorkflow | None = None
        #: what the instance's unfired timer rows hold, when known in this transaction
        self._timer_rows: timers.Rows | None = None
        #: step guid → stage of the instance's open inbox rows, when known in this transaction
        self._open_rows: dict[str, str] | None = None
        self._deadlines: due_dates.DeadlineContext | None = None

    # --- obtaining one ---------------------------------------------------------------------

    @classmethod
    def lock(
        cls, session: Session, proposal_id: int | ScalarSelect[int], round_: int | None = None
    ) -> RunningProcess:
        """The running instance of a proposal, locked for the transaction (FOR UPDATE).

        Conflict when the proposal has no running instance (ended, or never started)."""
        if isinstance(proposal_id, int) and round_ is None:
            return cls._locked(session, instance_lock.OF_PROPOSAL, {"proposal_id": proposal_id})
        return cls._locked(session, instance_lock.of_proposal(proposal_id, round_))

    @classmethod
    def lock_task(cls, session: Session, task_id: int) -> RunningProcess:
        """The running instance of the proposal of inbox row `task_id`, locked as `lock` does:
        the task's proposal is found inside the locking statement, nothing of it read before."""
        return cls._locked(session, instance_lock.OF_TASK, {"task_id": task_id})

    @classmethod
    def _locked(
        cls,
        session: Session,
        query: Select[WorkflowInstance, str],
        params: dict[str, object] | None = None,
    ) -> RunningProcess:
        row = session.execute(query, params).first()
        if row is None:
            raise Conflict(
                "step_gone",
                N_("Hồ sơ không còn ở bước này (đã được xử lý hoặc đã kết thúc)"),
            )
        instance, content_hash = row
        instance_lock.forget_nominees_read_before(session, instance.proposal_id)
        return cls(session, instance, content_hash)

    @classmethod
    def next_due(cls, session: Session, now: datetime, seen: set[int]) -> RunningProcess | None:
        """The next running instance with a due timer that no other worker holds, locked (FOR
        UPDATE SKIP LOCKED on PostgreSQL; SQLite's write lock queues the workers instead)."""
        row = session.execute(instance_lock.next_due(now, seen)).first()
        return cls(session, *row) if row is not None else None

    @classmethod
    def start(
        cls,
        session: Session,
        registry: ProcessRegistry,
        proposal: Proposal,
        reconvene: bool = False,
    ) -> tuple[RunningProcess, Outcome]:
        """Create the instance of the proposal's current round, pinned to its process version,
        run it to its first wait and write its inbox and timer rows.

        `reconvene`: the last round ended for want of a quorum; this one goes straight back to
        `resume_stage` without the nominator (gw_reconvene)."""
        if proposal.process_version_id is None:
            version, runtime = registry.current(session)
            proposal.process_version_id = version.id
            content_hash = version.content_hash
        else:
            runtime = versions.runtime_of(session, proposal.process_version_id)
            content_hash = runtime.content_hash
        instance = WorkflowInstance(
            proposal_id=proposal.id,
            round=proposal.round,
            process_version_id=proposal.process_version_id,
            serializer_version=storage.SERIALIZER.VERSION,
        )
        process = cls(session, instance, content_hash)
        process._workflow = runtime.new_workflow(
            {
                "proposal_id": proposal.id,
                "award_code": proposal.award_code,
                "year": proposal.year,
                "round": proposal.round,
                "resume_stage": proposal.resume_stage or Stage.UNIT,
                "procedure": proposal.procedure,
                "reconvene": reconvene,
                # who votes in each council: its members when the round starts
                **ballots.start_data(session, proposal),
            },
            process._functions(),
        )
        with _engine_errors():
            steps.start(process._workflow)
        instance.state_json = storage.dump(process._workflow)
        instance.path_json = json.dumps(steps.completed_elements(process._workflow))
        session.add(instance)
        session.flush()
        # A new instance has no timer rows nor inbox rows yet.
        process._timer_rows = {}
        process._open_rows = {}
        return process, process._settle(proposal, store=False)

    # --- operations ------------------------------------------------------------------------

    @property
    def workflow(self) -> BpmnWorkflow:
        """The instance's workflow, loaded on first use with the application's functions."""
        self._check_transaction()
        if self._workflow is None:
            if self.instance.state_json is None:
                raise NotFound(
                    "instance_ended",
                    N_(
                        "Vòng xử lý số %(id)s đã kết thúc, không còn trạng thái",
                        id=self.instance.id,
                    ),
                )
            runtime = versions.runtime_of(
                self.session, self.instance.process_version_id, self._hash
            )
            self._workflow = runtime.load(self.instance.state_json, self._functions())
            # The instance is locked and its state just read: the timer rows are what that
            # state waits on (they were written with it), so saving needs not read them back.
            self._timer_rows = timers.wanted(self._workflow)
            # So are its open inbox rows: one per ready step, written with the state (issue 19:
            # a completion need not read them back).
            self._open_rows = _open_steps(self._workflow)
        return self._workflow

    def ready_steps(self) -> list[steps.ReadyStep]:
        return steps.ready_steps(self.workflow) if not self.workflow.is_completed() else []

    def complete(
        self,
        proposal: Proposal,
        task: HumanTask,
        user: User,
        action: str,
        data: Mapping[str, object],
    ) -> Outcome:
        """Complete the inbox row `task` of this instance as `user` did with `action`, giving
        the engine `data`, and run the process to its next wait."""
        self._check_transaction()
        if task.instance_id != self.instance.id:
            raise ValueError(f"task {task.id} is not a step of instance {self.instance.id}")
        with _engine_errors():
            steps.complete(self.workflow, task.task_guid, data)
        step_writes.close_task(self.session, task, action, user.id)
        if self._open_rows is not None:
            self._open_rows.pop(task.task_guid, None)
        return self._settle(proposal)

    def fire_timers(self, proposal: Proposal) -> Outcome:
        """Fire the timers whose time has come and run the process to its next wait."""
        self._check_transaction()
        before = engine_timers.fired_ids(engine_timers.completed(self.workflow))
        with _engine_errors():
            steps.fire_timers(self.workflow)
        done = engine_timers.completed(self.workflow)
        fired = tuple(
            FiredTimer(
                bpmn_id=f.bpmn_id,
                which=timers.which_of(f.expression),
                step_guid=f.step_guid,
                step_children=f.step_children,
            )
            for f in engine_timers.fired(done)
            if f.bpmn_id not in before
        )
        return self._settle(proposal, done, fired)

    def withdraw(self, proposal: Proposal) -> None:
        """End the round where it stands, at no end event: every nominee left it for another
        award's route (workflows.process.lowering), which starts a round of its own. Its
        waiting steps are cancelled and its timers dropped; the trail says why."""
        self._check_transaction()
        inbox_rows.sync(
            self.session, proposal, self.instance, [], dict, dict, open_rows=self._open_rows
        )
        self._open_rows = {}
        self.instance.status = InstanceStatus.COMPLETED
        self.instance.end_event = None
        self.instance.state_json = None
        self.instance.updated_at = utcnow()
        self._timer_rows = timers.sync(self.session, self.instance, {}, set(), self._timer_rows)

    # --- inside ----------------------------------------------------------------------------

    def _settle(
        self,
        proposal: Proposal,
        done: list[Task] | None = None,
        fired: tuple[FiredTimer, ...] = (),
        store: bool = True,
    ) -> Outcome:
        """After the engine ran: the inbox rows, the ballot boxes they open, the stored state
        (unless `store` is false: a new instance was inserted with it) and the timer rows."""
        workflow, instance = self.workflow, self.instance
        ready = self.ready_steps()
        synced = inbox_rows.sync(
            self.session,
            proposal,
            instance,
            ready,
            route=lambda: _route(workflow),
            dues=lambda: timers.step_dues(workflow),
            open_rows=self._open_rows,
        )
        # After the sync, the open rows are exactly the ready steps.
        self._open_rows = {step.guid: step.stage for step in ready}
        ballots.open_boxes(self.session, proposal, instance.round, synced.created)
        # One walk for the completed tasks: the path, the end event and the fired timers.
        if done is None:
            done = engine_timers.completed(workflow)
        finished = workflow.is_completed()
        if store:
            # Written on every save, so the path survives the state being dropped at the end.
            stored: dict[str, Any] = {
                "path_json": json.dumps(steps.completed_elements(workflow, done))
            }
            if finished:
                stored["status"] = InstanceStatus.COMPLETED
                stored["end_event"] = steps.reached_end_event(workflow, done)
                # A finished round is history only: the audit trail keeps who did what.
                stored["state_json"] = None
            else:
                stored["state_json"] = storage.dump(workflow)
            step_writes.store_instance(self.session, instance, stored)
        self._timer_rows = timers.sync(
            self.session,
            instance,
            timers.wanted(workflow, finished),
            engine_timers.fired_ids(done),
            self._timer_rows,
        )
        return Outcome(
            finished=finished,
            end_event=instance.end_event if finished else None,
            stage=None if finished else synced.stage,
            created=tuple(synced.created),
            fired=fired,
        )

    def _functions(self) -> storage.Functions:
        # The timers' due_at reads the province's calendar, loaded when first needed.
        if self._deadlines is None:
            self._deadlines = due_dates.context(self.session)
        return functions.offered(self._deadlines, self.boxes.result)

    def _check_transaction(self) -> None:
        current = self.session.get_transaction()
        if self._transaction is None:
            self._transaction = current
        elif current is not self._transaction:
            raise RuntimeError(
                "a RunningProcess is valid in the transaction that locked it: lock again"
            )


@contextmanager
def _engine_errors() -> Iterator[None]:
    """The one place an engine failure becomes a domain error: the step is not run and the
    caller's transaction rolls back; the message names the step and the cause."""
    try:
        yield
    except StepError as exc:
        raise Conflict(
            "engine_error", N_("Không thực hiện được bước: %(cause)s", cause=str(exc))
        ) from exc


def _open_steps(workflow: BpmnWorkflow) -> dict[str, str]:
    """step guid → stage of the ready human steps: the inbox rows open with this state.

    A flat pass over the tasks of the workflow and its subprocesses: the library's filtered
    iterator costs several calls a task, and this runs on every load (issue 19)."""
    return {
        str(task.id): task.task_spec.extensions["properties"]["stage"]
        for tree in (workflow, *workflow.subprocesses.values())
        for task in tree.tasks.values()
        if task.state == EngineState.READY and task.task_spec.manual
    }


def _route(workflow: BpmnWorkflow) -> dict[str, Any]:
    # The first manual task that has it, in tree order: no need to list the whole tree.
    for task in workflow.get_tasks_iterator(manual=True):
        route: dict[str, Any] | None = task.data.get("route")
        if route:
            return route
    return {}
