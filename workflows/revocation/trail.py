"""A revocation's steps in the audit trail of the proposal whose decision gave the award (its
case keeps its own case_event rows too, the only trail of an award recorded from outside):
one event per step, with what the step stated."""

from __future__ import annotations

from models import AuditAction, CaseTask, Proposal, Revocation, User
from workflows.process import audit


def record(
    session,
    proposal: Proposal | None,
    user: User,
    action: str,
    task: CaseTask,
    revocation: Revocation,
    comment: str | None = None,
    extra: dict | None = None,
) -> None:
    if proposal is None:
        # An award recorded from outside has no proposal: its case's events are the trail.
        return
    award = revocation.award_record
    audit.record(
        session,
        proposal,
        user,
        action,
        from_status=proposal.status,
        comment=comment
        or (revocation.reason if action == AuditAction.REVOCATION_PROPOSED else None),
        element_id=task.bpmn_id,
        task_name=task.name,
        stage=task.stage,
        data={
            "revocation": revocation.id,
            "award_record": award.id,
            "award": award.award_code,
            "subject": award.subject_name,
            "legal_basis": revocation.legal_basis,
            "recover_amount": revocation.recover_amount,
            "recover_basis": revocation.recover_basis,
            "release_initiatives": revocation.release_initiatives,
            # ISO like every date of a step's data: the history shows it as dd/mm/yyyy
            # (webapp.filters.step_data).
            **(
                {
                    "decision_no": revocation.decision_no,
                    "decision_date": revocation.decision_date.isoformat(),
                }
                if revocation.decision_date
                else {}
            ),
            **(extra or {}),
        },
    )
