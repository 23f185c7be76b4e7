"""Acting on a human task: complete (approve / return / reject / submit), claim, release.

Every function here runs inside the caller's transaction, locks the proposal's
running instance first, and flushes; the request or command commits once.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload
from sqlalchemy.orm.exc import StaleDataError

from models import HumanTask, Proposal, ProposalStatus, User, WorkflowInstance, utcnow

from . import audit, ballot_rounds, ballots, decisions, eligibility, forms, quotas, rounds
from .access import can_see, check_can_act
from .engine import steps
from .engine.registry import ProcessRegistry
from .errors import Conflict, Forbidden, NotFound

#: the audit action written when a step is completed with each action
_STEP_EVENT = {
    "submit": "submitted",
    "approve": "approved",
    "return": "returned",
    "reject": "rejected",
}


def locked_task(
    session: Session, user: User, task_id: int
) -> tuple[HumanTask, Proposal, WorkflowInstance]:
    """The task and its proposal, read again after the instance lock is held.

    A task on a proposal the user may not read is "not found", as an unknown one is.
    """
    task = session.get(HumanTask, task_id)
    # Holding the task's role at its organisation already makes the proposal visible
    # (visible_clause), so the query is only needed for everyone else.
    if (
        task is None
        or not (
            user.has_role(task.role_code, task.org_id) or can_see(session, user, task.proposal_id)
        )
        # Another member's ballot is not disclosed either.
        or (task.assignee_id is not None and task.assignee_id != user.id)
    ):
        raise NotFound(f"Không tìm thấy bước xử lý số {task_id}")
    instance = rounds.lock_instance(session, task.proposal_id)
    session.refresh(task)
    # Only the proposal's own columns are needed here: its nominees and its author's roles
    # (eager by default) would cost two more queries on every completion.
    proposal = session.get_one(
        Proposal,
        task.proposal_id,
        populate_existing=True,
        options=[lazyload(Proposal.nominees), lazyload(Proposal.created_by)],
    )
    if task.state != "ready" or task.instance_id != instance.id:
        raise Conflict(f"Bước '{task.name}' đã được xử lý hoặc không còn hiệu lực")
    return task, proposal, instance


def complete_task(
    session: Session, registry: ProcessRegistry, user: User, task_id: int, payload: dict
) -> Proposal:
    task, proposal, instance = locked_task(session, user, task_id)
    check_can_act(session, user, task, proposal)
    if task.form == ballots.FORM:
        # A secret ballot: counted in its box now; nothing of it enters the workflow data.
        return ballot_rounds.complete_ballot(
            session, registry, user, task, proposal, instance, payload
        )
    action, values = forms.validate(task.form, task.action_list, payload)
    # The award's criteria per nominee (bpmn/eligibility.dmn): forwarding a failing nominee
    # needs a justification. Returns what the audit event records of it, not the workflow.
    not_met = eligibility.on_step(
        session, registry.eligibility, proposal, task.bpmn_id, action, values, user
    )
    if task.bpmn_id == "director_decide" and action == "approve":
        # Caps per department and year (workflows/data/quotas.json) bind the Director.
        quotas.enforce(session, proposal, forms.parse_date(values["decision_date"]))
    workflow = rounds.load(instance)
    try:
        steps.complete(workflow, task.task_guid, {"decision": action, **values})
    except steps.StepError as exc:
        raise Conflict(str(exc)) from exc

    from_status, round_ = proposal.status, proposal.round
    comment = values.pop("comment", None)
    task.state, task.action = "completed", action
    task.completed_at, task.completed_by_id = utcnow(), user.id
    if task.claimed_by_id is None:
        task.claimed_by_id = user.id
    rounds.sync_tasks(session, proposal, instance, workflow)
    rounds.save(instance, workflow)

    event = "resubmitted" if action == "submit" and proposal.round > 1 else _STEP_EVENT[action]
    if action == "submit" and proposal.submitted_at is None:
        proposal.submitted_at = utcnow()
    if workflow.is_completed():
        event = _close_round(session, registry, proposal, task, action, comment, values)
    else:
        proposal.status = ProposalStatus.IN_REVIEW
        proposal.stage = _current_stage(session, proposal)
    values.update(not_met)
    if event == "decided" and task.bpmn_id in decisions.DECIDING_STEPS:
        # Each active nominee's award goes into their history, with its bonus.
        values["awards"] = decisions.record_decision(session, proposal)
    audit.record(
        session,
        proposal,
        user,
        event,
        from_status=from_status,
        comment=comment,
        element_id=task.bpmn_id,
        task_name=task.name,
        stage=task.stage,
        data=values,
        round_=round_,
    )
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại trang") from exc
    return proposal


def _close_round(session, registry, proposal, task, action, comment, values) -> str:
    now = utcnow()
    if action == "return":
        proposal.status = ProposalStatus.RETURNED
        proposal.resume_stage = task.stage
        proposal.last_reason = comment
        proposal.round += 1
        instance, workflow = rounds.start_round(session, registry, proposal)
        rounds.sync_tasks(session, proposal, instance, workflow)
        proposal.stage = _current_stage(session, proposal)
        return "returned"
    proposal.stage = None
    proposal.closed_at = now
    if action == "reject":
        proposal.status = ProposalStatus.REJECTED
        proposal.last_reason = comment
        return "rejected"
    proposal.status = ProposalStatus.APPROVED
    if "decision_no" in values:
        proposal.decision_no = values["decision_no"]
        proposal.decision_date = forms.parse_date(values["decision_date"])
        proposal.decision_signer = values.get("signer")
    return "decided"


def _current_stage(session: Session, proposal: Proposal) -> str | None:
    return session.scalar(
        select(HumanTask.stage)
        .where(HumanTask.proposal_id == proposal.id, HumanTask.state == "ready")
        .order_by(HumanTask.id)
    )


def claim(session: Session, user: User, task_id: int) -> HumanTask:
    task, proposal, _ = locked_task(session, user, task_id)
    if task.assignee_id is not None:
        raise Conflict("Phiếu bầu đã thuộc về một thành viên: không nhận hay trả lại được")
    check_can_act(session, user, task, proposal)
    if task.claimed_by_id != user.id:
        task.claimed_by_id, task.claimed_at = user.id, utcnow()
        _record_holder_change(session, proposal, user, task, "claimed")
    session.flush()
    return task


def release(session: Session, user: User, task_id: int) -> HumanTask:
    task, proposal, _ = locked_task(session, user, task_id)
    if task.assignee_id is not None:
        raise Conflict("Phiếu bầu đã thuộc về một thành viên: không nhận hay trả lại được")
    if task.claimed_by_id != user.id:
        raise Forbidden("Chỉ người đã nhận bước này mới trả lại được nó")
    task.claimed_by_id, task.claimed_at = None, None
    _record_holder_change(session, proposal, user, task, "released")
    session.flush()
    return task


def _record_holder_change(session, proposal, user, task, action: str) -> None:
    audit.record(
        session,
        proposal,
        user,
        action,
        from_status=proposal.status,
        element_id=task.bpmn_id,
        task_name=task.name,
        stage=task.stage,
    )
