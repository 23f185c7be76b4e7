"""Completing a council member's ballot task, and what the end of the ballot does to the round.

A ballot's payload (the member's choices) goes only to the ballot box
(workflows.council.counting); the workflow completes the task with no data, and the gateway
after the ballot tasks reads the box's outcome through `ballot_result`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from models import (
    AuditAction,
    HumanTask,
    NotificationKind,
    Proposal,
    ProposalStatus,
    User,
    utcnow,
)
from workflows.council import ballots
from workflows.process import audit, handover_notices
from workflows.process.registry import ProcessRegistry
from workflows.process.runtime import RunningProcess

if TYPE_CHECKING:
    from workflows.process.review import Locked

#: why a proposal ends when its council approved nobody (its last_reason)
NONE_PASSED_REASON = "Không người/tập thể nào được Hội đồng bỏ phiếu thông qua"


def complete_ballot(
    session: Session, registry: ProcessRegistry, user: User, locked: Locked, payload: dict
) -> Proposal:
    task, proposal, process = locked.task, locked.proposal, locked.process
    from_status, round_ = proposal.status, proposal.round
    action = process.boxes.cast(user, task, proposal, process.instance.round, payload)
    # No data: the task completes with nothing of the ballot in it.
    outcome = process.complete(proposal, task, user, action, {})
    audit.record(
        session,
        proposal,
        user,
        AuditAction.BALLOT_CAST,
        from_status=from_status,
        element_id=task.bpmn_id,
        task_name=task.name,
        stage=task.stage,
        round_=round_,
    )
    box = process.boxes.box(proposal.id, round_, task.stage)
    if box is not None and box.status == "closed":
        # The tally is published once, when the last member has answered. It is the council's
        # result, not the last voter's act: crediting it to them would also tell who voted last.
        audit.record(
            session,
            proposal,
            None,
            AuditAction.BALLOT_CLOSED,
            from_status=from_status,
            element_id=task.bpmn_id,
            task_name=task.name,
            stage=task.stage,
            data=ballots.summary(box),
            round_=round_,
        )
    if outcome.finished:
        arrived = _end_round(session, registry, locked, outcome.end_event)
    else:
        proposal.status = ProposalStatus.IN_REVIEW
        proposal.stage = outcome.stage
        arrived = outcome.created
    # Nobody is skipped: the count moved the round on, not the last voter, who may well hold
    # the next step (a Director sitting on the council) without knowing that their vote closed it.
    handover_notices.steps_arrived(session, proposal, arrived, None)
    session.flush()
    return proposal


def _end_round(
    session: Session, registry: ProcessRegistry, locked: Locked, end_event: str | None
) -> tuple[HumanTask, ...]:
    """Reconvene or reject; the steps a new round starts with (none after a rejection)."""
    task, proposal = locked.task, locked.proposal
    from_status, round_ = proposal.status, proposal.round
    if ballots.is_no_quorum(end_event):
        # The council meets again: a new round straight back to this stage (gw_reconvene);
        # the proposal stays in review.
        proposal.resume_stage = task.stage
        proposal.round += 1
        _, started = RunningProcess.start(session, registry, proposal, reconvene=True)
        proposal.status = ProposalStatus.IN_REVIEW
        proposal.stage = started.stage
        event, comment = AuditAction.NO_QUORUM, "Hội đồng không đủ túc số; họp lại ở vòng sau"
        arrived = started.created
    else:
        proposal.status = ProposalStatus.REJECTED
        proposal.stage, proposal.closed_at = None, utcnow()
        proposal.last_reason = comment = NONE_PASSED_REASON
        event = AuditAction.REJECTED
        arrived = ()
        # No actor: the council's count ended it, so the last voter is not skipped.
        handover_notices.round_closed(
            session,
            proposal,
            NotificationKind.VOTED_DOWN,
            task,
            None,
            author_active=locked.author_active,
        )
    audit.record(
        session,
        proposal,
        None,
        event,
        from_status=from_status,
        comment=comment,
        element_id=end_event,
        stage=task.stage,
        round_=round_,
    )
    return arrived
