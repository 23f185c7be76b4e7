"""Completing a council member's ballot task, and what the end of the ballot does to the round.

Kept apart from workflows.process.review so that a ballot's payload (the member's choices) goes
only to
workflows.council.ballots, and from workflows.council.ballots because closing a round starts the
next one
(workflows.process.rounds, which itself imports workflows.council.ballots).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import HumanTask, Proposal, ProposalStatus, User, WorkflowInstance, utcnow
from workflows.council import ballots
from workflows.engine import steps
from workflows.errors import Conflict
from workflows.process import audit, rounds
from workflows.process.registry import ProcessRegistry

#: why a proposal ends when its council approved nobody (its last_reason)
NONE_PASSED_REASON = "Không người/tập thể nào được Hội đồng bỏ phiếu thông qua"


def complete_ballot(
    session: Session,
    registry: ProcessRegistry,
    user: User,
    task: HumanTask,
    proposal: Proposal,
    instance: WorkflowInstance,
    payload: dict,
) -> Proposal:
    from_status, round_ = proposal.status, proposal.round
    action = ballots.cast(session, user, task, proposal, instance.round, payload)
    workflow = rounds.load(instance)
    try:
        # No data: the task completes with nothing of the ballot in it.
        steps.complete(workflow, task.task_guid, {})
    except steps.StepError as exc:
        raise Conflict(str(exc)) from exc
    task.state, task.action = "completed", action
    task.completed_at, task.completed_by_id = utcnow(), user.id
    synced = rounds.sync_tasks(session, proposal, instance, workflow)
    rounds.save(instance, workflow)
    audit.record(
        session,
        proposal,
        user,
        "ballot_cast",
        from_status=from_status,
        element_id=task.bpmn_id,
        task_name=task.name,
        stage=task.stage,
        round_=round_,
    )
    box = ballots.box_of(session, proposal.id, round_, task.stage)
    if box is not None and box.status == "closed":
        # The tally is published once, when the last member has answered.
        audit.record(
            session,
            proposal,
            user,
            "ballot_closed",
            from_status=from_status,
            element_id=task.bpmn_id,
            task_name=task.name,
            stage=task.stage,
            data=ballots.summary(box),
            round_=round_,
        )
    if workflow.is_completed():
        _end_round(session, registry, user, task, proposal, instance.end_event)
    else:
        proposal.status = ProposalStatus.IN_REVIEW
        proposal.stage = synced.stage
    session.flush()
    return proposal


def _end_round(session, registry, user, task, proposal, end_event: str | None) -> None:
    from_status, round_ = proposal.status, proposal.round
    if ballots.is_no_quorum(end_event):
        # The council meets again: a new round straight back to this stage (gw_reconvene);
        # the proposal stays in review.
        proposal.resume_stage = task.stage
        proposal.round += 1
        instance, workflow = rounds.start_round(session, registry, proposal, reconvene=True)
        synced = rounds.sync_tasks(session, proposal, instance, workflow)
        proposal.status = ProposalStatus.IN_REVIEW
        proposal.stage = synced.stage
        event, comment = "no_quorum", "Hội đồng không đủ túc số; họp lại ở vòng sau"
    else:
        proposal.status = ProposalStatus.REJECTED
        proposal.stage, proposal.closed_at = None, utcnow()
        proposal.last_reason = comment = NONE_PASSED_REASON
        event = "rejected"
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
