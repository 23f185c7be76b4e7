"""What runs on which version of a process: the versions stored with their running proposals
counted, and the proposals of one version with the steps they wait on (the pages and the API
list them before a move: workflows.process.migration)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import HumanTask, InstanceStatus, ProcessVersion, Proposal, TaskState, WorkflowInstance


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
