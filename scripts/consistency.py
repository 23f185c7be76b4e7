"""Does every proposal agree with its audit trail, its instances and its inbox rows?

Used after the concurrency run (and usable on any database): returns one sentence per
inconsistency, an empty list when there is none.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    FINAL_STATUSES,
    STEP_COMPLETIONS,
    AuditAction,
    AuditEvent,
    HumanTask,
    InstanceStatus,
    Proposal,
    ProposalStatus,
    TaskState,
    WorkflowInstance,
)
from workflows.engine import steps
from workflows.process import versions

#: the audit actions written once per completed step (a council's: once per member's ballot)
COMPLETION_EVENTS = frozenset({*STEP_COMPLETIONS, AuditAction.BALLOT_CAST})
FINAL = FINAL_STATUSES


def check(session: Session) -> list[str]:
    events = _grouped(session, select(AuditEvent).order_by(AuditEvent.id))
    instances = _grouped(session, select(WorkflowInstance).order_by(WorkflowInstance.round))
    tasks = _grouped(session, select(HumanTask).order_by(HumanTask.id))
    problems: list[str] = []
    for proposal in session.scalars(select(Proposal).order_by(Proposal.id)):
        pid = proposal.id
        found = _check_proposal(proposal, events[pid], instances[pid], tasks[pid])
        problems += [f"proposal {pid}: {problem}" for problem in found]
    return problems


def count_events(session: Session) -> Counter:
    return Counter(session.scalars(select(AuditEvent.action)))


def _grouped(session: Session, query) -> defaultdict[int, list]:
    out: defaultdict[int, list] = defaultdict(list)
    for row in session.scalars(query):
        out[row.proposal_id].append(row)
    return out


def _check_proposal(p: Proposal, events, instances, tasks) -> list[str]:
    problems = []
    actions = Counter(e.action for e in events)
    returned = actions[AuditAction.RETURNED]
    decided, rejected = actions[AuditAction.DECIDED], actions[AuditAction.REJECTED]
    if p.round != 1 + returned:
        problems.append(f"round {p.round} but {returned} 'returned' events")
    # the (decided, rejected) events each final status has
    finals: dict[str, tuple[int, int]] = {
        ProposalStatus.APPROVED: (1, 0),
        ProposalStatus.REJECTED: (0, 1),
    }
    expected = finals.get(p.status, (0, 0))
    if (decided, rejected) != expected:
        problems.append(f"status {p.status} with {decided} decided, {rejected} rejected events")
    submitted = actions[AuditAction.SUBMITTED]
    if submitted != (0 if p.status == ProposalStatus.DRAFT else 1):
        problems.append(f"status {p.status} with {submitted} 'submitted' events")
    resubmitted = returned - (1 if p.status == ProposalStatus.RETURNED else 0)
    if actions[AuditAction.RESUBMITTED] != resubmitted:
        problems.append(
            f"{actions[AuditAction.RESUBMITTED]} resubmissions after {returned} returns"
        )
    if not events or events[-1].to_status != p.status:
        last = events[-1].to_status if events else None
        problems.append(f"status {p.status} but the last event says {last}")
    problems += _check_instances(p, instances)
    problems += _check_tasks(p, instances, tasks, events)
    return problems


def _check_instances(p: Proposal, instances: list[WorkflowInstance]) -> list[str]:
    problems = []
    if [i.round for i in instances] != list(range(1, p.round + 1)):
        problems.append(f"instances of rounds {[i.round for i in instances]}, round {p.round}")
        return problems
    for instance in instances[:-1]:
        if instance.status != InstanceStatus.COMPLETED or not (instance.end_event or "").startswith(
            "end_returned"
        ):
            problems.append(f"round {instance.round} ended {instance.end_event!r} yet was redone")
    last = instances[-1]
    if p.status in FINAL:
        end = last.end_event or ""
        if last.status != InstanceStatus.COMPLETED or end.startswith("end_returned"):
            problems.append(f"final status {p.status} but its round is {last.status} at {end!r}")
        elif (p.status == ProposalStatus.REJECTED) != end.startswith("end_rejected"):
            problems.append(f"status {p.status} but the round ended at {end!r}")
    elif last.status != InstanceStatus.RUNNING:
        problems.append(f"status {p.status} but round {last.round} is {last.status}")
    return problems


def _check_tasks(p: Proposal, instances, tasks: list[HumanTask], events) -> list[str]:
    problems = []
    running = [i for i in instances if i.status == InstanceStatus.RUNNING]
    ready = [t for t in tasks if t.state == TaskState.READY]
    if any(t.instance_id not in {i.id for i in running} for t in ready):
        problems.append("a ready inbox row belongs to a round that is not running")
    if p.status in FINAL and (ready or p.stage is not None):
        problems.append(f"final status {p.status} with {len(ready)} ready rows, stage {p.stage}")
    if p.status not in FINAL:
        filing = [t for t in ready if t.form == "file"]
        if p.status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED) and (
            len(filing) != 1 or len(ready) != 1
        ):
            problems.append(f"status {p.status} with ready rows {[t.bpmn_id for t in ready]}")
        if p.status == ProposalStatus.IN_REVIEW and (not ready or filing):
            problems.append(f"in review with ready rows {[t.bpmn_id for t in ready]}")
        if ready and p.stage != ready[0].stage:
            problems.append(f"stage {p.stage} but the first ready row is at {ready[0].stage}")
    if len({(t.instance_id, t.task_guid) for t in tasks}) != len(tasks):
        problems.append("two inbox rows for one engine task")
    for t in tasks:
        if t.state == TaskState.COMPLETED and (t.completed_by_id is None or t.action is None):
            problems.append(f"task {t.id} completed without who or how")
    # Each step of a round is completed at most once, and each completion has its event.
    round_of = {i.id: i.round for i in instances}
    done = Counter(
        (round_of.get(t.instance_id), t.bpmn_id) for t in tasks if t.state == TaskState.COMPLETED
    )
    logged = Counter((e.round, e.element_id) for e in events if e.action in COMPLETION_EVENTS)
    if done != logged:
        problems.append(f"completed rows {dict(done)} but completion events {dict(logged)}")
    # A council's step has one row per member: each is completed once.
    per_holder = Counter(
        (round_of.get(t.instance_id), t.bpmn_id, t.assignee_id)
        for t in tasks
        if t.state == TaskState.COMPLETED
    )
    twice = [key[:2] for key, n in per_holder.items() if n > 1]
    if twice:
        problems.append(f"steps completed twice: {twice}")
    for instance in running:
        try:
            runtime = versions.verified_runtime(instance.process_version)
            engine_ready = {s.guid for s in steps.ready_steps(runtime.load(instance.state_json))}
        except Exception as exc:  # a broken state is a finding, not a crash of the checker
            problems.append(f"round {instance.round}: its engine state does not load ({exc})")
            continue
        rows = {t.task_guid for t in ready if t.instance_id == instance.id}
        if engine_ready != rows:
            problems.append(f"round {instance.round}: engine ready {engine_ready}, rows {rows}")
    return problems
