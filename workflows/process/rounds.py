"""One review round = one workflow instance.

A return for revision ends the round's instance at its "Trả lại" end event and
starts a fresh instance with `resume_stage` set, so the task tree of an instance
never grows with the number of rounds (ENGINE-NOTES pitfall 1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session, object_session

from models import HumanTask, Nominee, ProcessVersion, Proposal, WorkflowInstance, utcnow
from workflows import reference
from workflows.council import ballots
from workflows.deadlines import due_dates
from workflows.directory.orgs import task_org_id
from workflows.engine import steps, storage
from workflows.engine.scripting import make_script_engine
from workflows.engine.storage import runtime_for
from workflows.errors import Conflict, NotFound
from workflows.process import timers
from workflows.process.registry import ProcessRegistry


def start_round(
    session: Session, registry: ProcessRegistry, proposal: Proposal, reconvene: bool = False
) -> tuple[WorkflowInstance, BpmnWorkflow]:
    """Create the instance of the proposal's current round, pinned to its process version.

    `reconvene`: the last round ended for want of a quorum; this one goes straight back to
    `resume_stage` without the nominator (gw_reconvene)."""
    if proposal.process_version_id is None:
        version, runtime = registry.current(session)
        proposal.process_version_id = version.id
    else:
        version = proposal_version(session, proposal)
        runtime = runtime_for(version)
    workflow = runtime.new_workflow(
        {
            "proposal_id": proposal.id,
            "award_code": proposal.award_code,
            "year": proposal.year,
            "round": proposal.round,
            "resume_stage": proposal.resume_stage or "unit",
            "procedure": proposal.procedure,
            "reconvene": reconvene,
            # who votes in each council: its members when the round starts
            # (workflows.council.ballots)
            **ballots.start_data(session, proposal),
        }
    )
    _with_deadlines(session, workflow)
    try:
        steps.start(workflow)
    except steps.StepError as exc:
        raise Conflict(str(exc)) from exc
    instance = WorkflowInstance(
        proposal_id=proposal.id,
        round=proposal.round,
        process_version_id=version.id,
        serializer_version=storage.SERIALIZER.VERSION,
        state_json=storage.dump(workflow),
        path_json=_path(workflow),
    )
    session.add(instance)
    session.flush()
    # A new instance has no timer rows yet.
    timers.remember_stored(instance, {})
    timers.sync(session, instance, workflow)
    return instance, workflow


def _with_deadlines(session: Session, workflow: BpmnWorkflow) -> BpmnWorkflow:
    # The timers' due_at reads the province's calendar: loaded here, before the engine runs.
    workflow.script_engine = make_script_engine(
        due_dates.context(session), ballots.BallotResults(session)
    )
    return workflow


def proposal_version(session: Session, proposal: Proposal) -> ProcessVersion:
    return session.get_one(ProcessVersion, proposal.process_version_id)


def lock_instance(
    session: Session, proposal_id: int, round_: int | None = None
) -> WorkflowInstance:
    """The running instance of a proposal, locked for the transaction (FOR UPDATE).

    Its process version's hash comes in the same statement: loading the instance needs it to
    find the built runtime (storage.runtime_for_id), which would otherwise be one more query.
    """
    query = (
        select(WorkflowInstance, ProcessVersion.content_hash)
        .join(ProcessVersion, ProcessVersion.id == WorkflowInstance.process_version_id)
        .where(WorkflowInstance.proposal_id == proposal_id, WorkflowInstance.status == "running")
    )
    if round_ is not None:
        query = query.where(WorkflowInstance.round == round_)
    # OF: only the instance row is locked, never the version row every instance shares.
    row = session.execute(
        query.with_for_update(of=WorkflowInstance).execution_options(populate_existing=True)
    ).first()
    if row is None:
        raise Conflict("Hồ sơ không còn ở bước này (đã được xử lý hoặc đã kết thúc)")
    instance, content_hash = row
    storage.remember_hash(session, instance.process_version_id, content_hash)
    _expire_nominees(session, instance.proposal_id)
    return instance


def _expire_nominees(session: Session, proposal_id: int) -> None:
    """Nominee rows of the proposal read before the lock may be what another worker changed
    since: expired, they are read again with the list after the lock (which the locked reads
    of the proposal drop), so eligibility and the council's box see the committed status.
    A request that read none before the lock (the usual one) pays nothing."""
    for obj in list(session.identity_map.values()):
        if (
            isinstance(obj, Nominee)
            and obj.__dict__.get("proposal_id") == proposal_id
            and not inspect(obj).modified
        ):
            session.expire(obj)


def load(instance: WorkflowInstance) -> BpmnWorkflow:
    if instance.state_json is None:
        raise NotFound(f"instance {instance.id} has ended and keeps no state")
    session = object_session(instance)
    if session is None:
        return runtime_for(instance.process_version).load(instance.state_json)
    workflow = storage.runtime_for_id(session, instance.process_version_id).load(
        instance.state_json
    )
    # The instance is locked and its state just read: the timer rows are what that state
    # waits on (timers.sync wrote them with it), so saving needs not read them back.
    timers.remember_stored(instance, timers.wanted(workflow))
    return _with_deadlines(session, workflow)


def save(instance: WorkflowInstance, workflow: BpmnWorkflow, done: list | None = None) -> None:
    """`done`: the workflow's COMPLETED tasks, when the caller has listed them in this state."""
    # One walk for the completed tasks: the path, the end event and the fired timers.
    if done is None:
        done = workflow.get_tasks(state=TaskState.COMPLETED)
    # Written on every save, so the path survives the state being dropped at the end.
    instance.path_json = json.dumps(steps.completed_elements(workflow, done))
    finished = workflow.is_completed()
    if finished:
        instance.status = "completed"
        instance.end_event = steps.reached_end_event(workflow, done)
        # A finished round is history only: the audit trail keeps who did what.
        instance.state_json = None
    else:
        instance.state_json = storage.dump(workflow)
    instance.updated_at = utcnow()
    session = object_session(instance)
    if session is not None:
        # The timers it now waits on, in the same transaction (the worker fires them).
        timers.sync(session, instance, workflow, done, finished)


def _path(workflow: BpmnWorkflow) -> str:
    return json.dumps(steps.completed_elements(workflow))


@dataclass(frozen=True)
class Synced:
    """What sync_tasks wrote."""

    created: list[HumanTask]
    #: the stage of the proposal's first ready task (lowest id) after the sync; None: none.
    #: The rows of a proposal's ended instances are all closed, so they are this instance's.
    stage: str | None


def sync_tasks(
    session: Session, proposal: Proposal, instance: WorkflowInstance, workflow: BpmnWorkflow
) -> Synced:
    """Make the inbox rows of this instance match its READY human steps."""
    ready = {s.guid: s for s in steps.ready_steps(workflow)} if not workflow.is_completed() else {}
    # Only the columns needed: the rows' organisation and claimer (joined by default) are not.
    existing = {
        guid: (row_id, stage)
        for row_id, guid, stage in session.execute(
            select(HumanTask.id, HumanTask.task_guid, HumanTask.stage).where(
                HumanTask.instance_id == instance.id, HumanTask.state == "ready"
            )
        )
    }
    gone = [row_id for guid, (row_id, _) in existing.items() if guid not in ready]
    if gone:
        session.execute(
            update(HumanTask)
            .where(HumanTask.id.in_(gone))
            .values(state="cancelled", completed_at=utcnow())
        )
    new = {guid: step for guid, step in ready.items() if guid not in existing}
    # Only a new row needs the route and the deadlines (a ballot cast while others are still
    # open creates none).
    route = _route(workflow) if new else {}
    dues = timers.step_dues(workflow) if new else {}
    roles = reference.roles()
    orgs: dict[str, int] = {}
    created = []
    for guid, step in new.items():
        # Roles are reference data (roles.json, written to the table by `tdkt init` only).
        role = roles.get(step.lane)
        if role is None:
            raise Conflict(f"Bước '{step.name}' thuộc làn '{step.lane}' không phải vai trò đã biết")
        if role.scope not in orgs:
            orgs[role.scope] = task_org_id(session, proposal, role, route)
        row = HumanTask(
            instance_id=instance.id,
            proposal_id=proposal.id,
            task_guid=guid,
            bpmn_id=step.bpmn_id,
            name=step.name,
            role_code=role.code,
            org_id=orgs[role.scope],
            stage=step.stage,
            form=step.form,
            actions=",".join(step.actions),
            instructions=step.instructions,
            remind_at=dues.get(step.timer_guid or guid, {}).get("reminder"),
            due_at=dues.get(step.timer_guid or guid, {}).get("deadline"),
            assignee_id=step.assignee,
        )
        session.add(row)
        created.append(row)
    session.flush()
    ballots.open_boxes(session, proposal, instance.round, created)
    ready_rows = [v for guid, v in existing.items() if guid in ready]
    ready_rows += [(row.id, row.stage) for row in created]
    first = min(ready_rows, default=None)
    return Synced(created, first[1] if first is not None else None)


def _route(workflow: BpmnWorkflow) -> dict:
    # The first manual task that has it, in tree order: no need to list the whole tree.
    for task in workflow.get_tasks_iterator(manual=True):
        route = task.data.get("route")
        if route:
            return route
    return {}
