"""Acting on a human task: complete (approve / return / reject / submit), claim, release.

Every function here runs inside the caller's transaction, locks the proposal's
running instance first, and flushes; the request or command commits once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, aliased, contains_eager, lazyload
from sqlalchemy.orm.exc import StaleDataError

from models import (
    Action,
    AuditAction,
    HumanTask,
    Nominee,
    NotificationKind,
    Proposal,
    ProposalStatus,
    RoleCode,
    TaskState,
    User,
    WorkflowInstance,
    utcnow,
)
from workflows.awards import dossier, quotas
from workflows.council import ballots
from workflows.directory.access import can_see, check_can_act
from workflows.eligibility import checks
from workflows.errors import N_, Conflict, Forbidden, NotFound, Text
from workflows.process import (
    audit,
    ballot_step,
    bloc_endorsement,
    decisions,
    forms,
    handover_notices,
    higher_decision,
)
from workflows.process.registry import ProcessRegistry
from workflows.process.runtime import RunningProcess

_BALLOT_NOT_CLAIMABLE = N_("Phiếu bầu đã thuộc về một thành viên: không nhận hay trả lại được")

#: the audit action written when a step is completed with each action
_STEP_EVENT: dict[str, AuditAction] = {
    Action.SUBMIT: AuditAction.SUBMITTED,
    Action.APPROVE: AuditAction.APPROVED,
    Action.RETURN: AuditAction.RETURNED,
    Action.REJECT: AuditAction.REJECTED,
}

#: what the author of a proposal is told when a round ends with each audit action
_ROUND_END_NOTICE: dict[str, NotificationKind] = {
    AuditAction.RETURNED: NotificationKind.RETURNED,
    AuditAction.REJECTED: NotificationKind.REJECTED,
    AuditAction.DECIDED: NotificationKind.DECIDED,
}


@dataclass(frozen=True)
class Locked:
    """A task, its proposal and its running process, all read after the instance lock."""

    task: HumanTask
    proposal: Proposal
    process: RunningProcess
    #: whether the acting user is among the proposal's nominees (the conflict-of-interest
    #: check); None: not read with the task (access.check_can_act reads it when needed)
    nominated: bool | None = None
    #: whether the proposal's author's account is active (the end of a round tells them);
    #: None: not read with the task (handover_notices.round_closed reads the account)
    author_active: bool | None = None


def locked_task(session: Session, user: User, task_id: int) -> Locked:
    """The task and its proposal, read after the instance lock is held, with whether `user` is
    among the proposal's nominees (read with the task, after the lock).

    A task on a proposal the user may not read is "not found", as an unknown one is.
    """
    # The instance to lock is found from the task id inside the locking statement itself, so
    # nothing of the task is read before the lock: one statement instead of a read and a
    # re-read. An unknown task finds no instance; it is told apart below.
    try:
        process: RunningProcess | None = RunningProcess.lock_task(session, task_id)
    except Conflict as exc:
        process, no_instance = None, exc
    row = session.execute(_TASK_AND_PROPOSAL, {"task_id": task_id}).unique().first()
    task, proposal, author_active = row if row is not None else (None, None, None)
    nominated = proposal is not None and any(n.user_id == user.id for n in proposal.nominees)
    # Holding the task's role at its organisation already makes the proposal visible
    # (visible_clause), so the query is only needed for everyone else.
    if (
        task is None
        or proposal is None  # never without the task: read with it (join)
        or not (
            user.has_role(task.role_code, task.org_id) or can_see(session, user, task.proposal_id)
        )
        # Another member's ballot is not disclosed either.
        or (task.assignee_id is not None and task.assignee_id != user.id)
    ):
        raise NotFound("task_not_found", N_("Không tìm thấy bước xử lý số %(id)s", id=task_id))
    if process is None:
        raise no_instance
    if task.state == TaskState.CANCELLED:
        _check_not_moved(session, task)
    check_still_ready(task, process.instance)
    return Locked(task, proposal, process, nominated, author_active)


def _check_not_moved(session: Session, task: HumanTask) -> None:
    """A step an organisation event moved to the successor's holders is refused naming where
    it went (workflows.reorg: the old row is cancelled, the same engine step waits there)."""
    moved = session.scalar(
        select(HumanTask).where(
            HumanTask.instance_id == task.instance_id,
            HumanTask.task_guid == task.task_guid,
            HumanTask.state == TaskState.READY,
            HumanTask.org_id != task.org_id,
        )
    )
    if moved is not None:
        raise Conflict(
            "step_moved",
            N_(
                "Bước '%(name)s' đã chuyển sang %(org)s theo sắp xếp tổ chức: người giữ vai "
                "trò tại đó xử lý",
                name=Text(task.name),
                org=moved.org.name,
            ),
        )


def check_still_ready(task: HumanTask, instance: WorkflowInstance) -> None:
    """Refuse a step that another one completed or cancelled before the lock was taken."""
    if task.state != TaskState.READY or task.instance_id != instance.id:
        raise Conflict(
            "step_already_done",
            N_(
                "Bước '%(name)s' đã được xử lý hoặc không còn hiệu lực",
                name=Text(task.name),
            ),
        )


_AUTHOR = aliased(User)

#: The task, its proposal and the proposal's nominees in one statement, read after the lock
#: (populate_existing: rows already in the session are overwritten with what the lock now
#: guarantees). The nominees are what every step reads next: whether the caller is among them
#: (the conflict-of-interest check, access.conflict_of_interest), the eligibility re-check, the
#: ballot's nominees and the decision's awards; joined here, they are not a read of their own
#: (issue 19). One row per nominee, in the list's order (relationship Proposal.nominees).
#: Of the proposal's author, whether their account is active: the end of a round tells them
#: unless it is not, and without mail nothing else of the account is needed (issue 19).
#: Left out, as no step reads them: the claimer (when it is the caller, it is in the session
#: already) and the author's account with their roles.
_TASK_AND_PROPOSAL = (
    select(HumanTask, Proposal, _AUTHOR.active.label("author_active"))
    .join(Proposal, Proposal.id == HumanTask.proposal_id)
    .join(_AUTHOR, _AUTHOR.id == Proposal.created_by_id)
    .outerjoin(Nominee, Nominee.proposal_id == Proposal.id)
    .where(HumanTask.id == bindparam("task_id"))
    .order_by(Nominee.position, Nominee.id)
    .options(
        lazyload(HumanTask.claimed_by),
        contains_eager(Proposal.nominees),
        lazyload(Proposal.created_by),
    )
    .execution_options(populate_existing=True)
)


def complete_task(
    session: Session,
    registry: ProcessRegistry,
    user: User,
    task_id: int,
    payload: dict,
    locked: Locked | None = None,
) -> Proposal:
    return complete_step(session, registry, user, task_id, payload, locked)[1]


def complete_step(
    session: Session,
    registry: ProcessRegistry,
    user: User,
    task_id: int,
    payload: dict,
    locked: Locked | None = None,
) -> tuple[HumanTask, Proposal]:
    """complete_task, also giving the completed task (for an answer that shows it).

    `locked`: what the caller already read after taking the instance lock in this transaction
    (proposals.filing.submit_proposal), instead of locking and reading it again here. The same
    checks are made on it as on what locked_task reads.
    """
    if locked is None:
        locked = locked_task(session, user, task_id)
    elif locked.task.id != task_id:
        raise ValueError(f"locked task {locked.task.id} is not task {task_id}")
    else:
        check_still_ready(locked.task, locked.process.instance)
    task, proposal, process = locked.task, locked.proposal, locked.process
    check_can_act(session, user, task, proposal, locked.nominated)
    if task.form == ballots.FORM:
        # A secret ballot: counted in its box now; nothing of it enters the workflow data.
        return task, ballot_step.complete_ballot(session, registry, user, locked, payload)
    action, values = forms.validate(task.form, task.action_list, payload)
    if action == Action.SUBMIT:
        # Every path that submits (the page, the API, a task's completion) meets the checklist.
        dossier.check_complete(session, proposal, dossier.reading_day(proposal))
    # The award's criteria per nominee (bpmn/eligibility.dmn): forwarding a failing nominee
    # needs a justification. Returns what the audit event records of it, not the workflow.
    not_met = checks.on_step(
        session, registry.eligibility, proposal, task.bpmn_id, action, values, user
    )
    deciding = task.form == forms.DECISION_FORM and action == Action.APPROVE
    received = None
    if task.form == forms.HIGHER_DECISION_FORM:
        # The ministry's or the Prime Minister's answer: nominee by nominee, with its document.
        day = forms.parse_date(values["decision_date"]) if "decision_date" in values else None
        decider = registry.route_for(session, proposal.award_code).get("decider", "")
        received = higher_decision.check(session, proposal, str(decider), action, payload, day)
        values["results"] = received.results
        values["document_id"] = received.document_id
        deciding = action == Action.APPROVE
    if deciding and task.role_code == RoleCode.DIRECTOR:
        # Caps per department and year (workflows/data/quotas.json) bind the Director.
        quotas.enforce(session, proposal, forms.parse_date(values["decision_date"]))
    # The bloc's ranking is the endorsement where the bloc keeps its year here, not typed values.
    values.update(bloc_endorsement.ranking_values(session, proposal, task, action))
    from_status, round_ = proposal.status, proposal.round
    if task.claimed_by_id is None:
        task.claimed_by_id = user.id
    outcome = process.complete(proposal, task, user, action, {"decision": action, **values})
    comment = values.pop("comment", None)

    event = (
        AuditAction.RESUBMITTED
        if action == Action.SUBMIT and proposal.round > 1
        else _STEP_EVENT[action]
    )
    if action == Action.SUBMIT and proposal.submitted_at is None:
        proposal.submitted_at = utcnow()
    arrived = outcome.created
    if outcome.finished:
        event, arrived = _close_round(session, registry, proposal, task, action, comment, values)
    else:
        proposal.status = ProposalStatus.IN_REVIEW
        proposal.stage = outcome.stage
    values.update(not_met)
    if event == AuditAction.DECIDED and deciding:
        # Each active nominee's award goes into their history, with its bonus.
        if received is None:
            values["awards"] = decisions.record_decision(session, proposal)
        else:
            values["awards"] = decisions.record_decision(
                session, proposal, received.granted, received.province_pays
            )
    # Word of the handover, in this transaction: a failed step tells nobody.
    told = set()
    if event in _ROUND_END_NOTICE:
        told = handover_notices.round_closed(
            session,
            proposal,
            _ROUND_END_NOTICE[event],
            task,
            user.id,
            comment,
            author_active=locked.author_active,
        )
    handover_notices.steps_arrived(session, proposal, arrived, user.id, told)
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
        raise Conflict(
            "stale_proposal", N_("Hồ sơ vừa được người khác cập nhật; hãy tải lại trang")
        ) from exc
    return task, proposal


def _close_round(
    session, registry, proposal, task, action, comment, values
) -> tuple[AuditAction, tuple[HumanTask, ...]]:
    """The round's end: its audit action, and the steps the next round starts with."""
    now = utcnow()
    if action == Action.RETURN:
        proposal.status = ProposalStatus.RETURNED
        proposal.resume_stage = task.stage
        proposal.last_reason = comment
        proposal.round += 1
        _, started = RunningProcess.start(session, registry, proposal)
        proposal.stage = started.stage
        return AuditAction.RETURNED, started.created
    proposal.stage = None
    proposal.closed_at = now
    if action == Action.REJECT:
        proposal.status = ProposalStatus.REJECTED
        proposal.last_reason = comment
        return AuditAction.REJECTED, ()
    proposal.status = ProposalStatus.APPROVED
    if "decision_no" in values:
        proposal.decision_no = values["decision_no"]
        proposal.decision_date = forms.parse_date(values["decision_date"])
        proposal.decision_signer = values.get("signer")
    return AuditAction.DECIDED, ()


def claim(session: Session, user: User, task_id: int) -> tuple[HumanTask, Proposal]:
    locked = locked_task(session, user, task_id)
    task, proposal = locked.task, locked.proposal
    if task.assignee_id is not None:
        raise Conflict("ballot_not_claimable", _BALLOT_NOT_CLAIMABLE)
    check_can_act(session, user, task, proposal, locked.nominated)
    if task.claimed_by_id != user.id:
        task.claimed_by_id, task.claimed_at = user.id, utcnow()
        _record_holder_change(session, proposal, user, task, AuditAction.CLAIMED)
    session.flush()
    return task, proposal


def release(session: Session, user: User, task_id: int) -> tuple[HumanTask, Proposal]:
    locked = locked_task(session, user, task_id)
    task, proposal = locked.task, locked.proposal
    if task.assignee_id is not None:
        raise Conflict("ballot_not_claimable", _BALLOT_NOT_CLAIMABLE)
    if task.claimed_by_id != user.id:
        raise Forbidden("not_claimant", N_("Chỉ người đã nhận bước này mới trả lại được nó"))
    task.claimed_by_id, task.claimed_at = None, None
    _record_holder_change(session, proposal, user, task, AuditAction.RELEASED)
    session.flush()
    return task, proposal


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
