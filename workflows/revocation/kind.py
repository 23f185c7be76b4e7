"""The revocation as a case (bpmn/revocation.bpmn on workflows.cases): one case per revocation,
its steps in the inbox of the role that takes each, at the organisation the award's proposal
names (its unit, its department, the provincial board, the People's Committee).

Every step, whether taken from the revocation's own pages and API (workflows.revocation.steps)
or from the case's step page, is completed by the case runtime; what a step does to the
revocation's row and to the award is here (`completed`), so that no state changes beside the
diagram."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from models import (
    AuditAction,
    CaseInstance,
    CaseTask,
    OrgKind,
    Proposal,
    Revocation,
    RevocationStatus,
    User,
)
from workflows.cases import kinds
from workflows.directory.orgs import province_body, task_org_id
from workflows.errors import N_, ValidationFailed
from workflows.process.forms import Field
from workflows.reference import RoleInfo
from workflows.revocation import conflicts, decide, trail
from workflows.revocation.diagram import CHECK, DECIDE, PROPOSE, RECORD
from workflows.revocation.inputs import NUMBER_MAX, REASON_MAX

REASON = Field("reason", "text", "Ý kiến / lý do", required_for=("reject",), max_length=REASON_MAX)
DECISION_NO = Field(
    "decision_no", "string", "Số quyết định", required_for=("approve",), max_length=NUMBER_MAX
)
DECISION_DATE = Field("decision_date", "date", "Ngày quyết định", required_for=("approve",))
SIGNER = Field("decision_signer", "string", "Người ký", required_for=("approve",), max_length=255)


class RevocationKind(kinds.CaseKind):
    code = "revocation"
    process_id = "tdkt_revocation"
    label = "Hủy bỏ khen thưởng"
    subject_table = "revocation"

    def start_data(self, session: Session, case: CaseInstance) -> dict[str, Any]:
        revocation = session.get_one(Revocation, case.subject_id)
        # The diagram's gateways choose the proposer's and the decider's lanes by it.
        return {"case_id": case.id, "decider": revocation.decider_role}

    def org_for(self, session: Session, case: CaseInstance, role: RoleInfo) -> int:
        revocation = session.get_one(Revocation, case.subject_id)
        if revocation.proposal_id is not None:
            proposal = session.get_one(Proposal, revocation.proposal_id)
            return task_org_id(session, proposal, role, {})
        if role.scope == "board":
            # An award recorded from outside: the province's board of the subject's unit.
            return province_body(session, case.org, OrgKind.BOARD).id
        return super().org_for(session, case, role)

    def fields(self, task: CaseTask) -> tuple[Field, ...]:
        if task.form == CHECK:
            return (REASON,)
        if task.form == DECIDE:
            return (REASON, DECISION_NO, DECISION_DATE)
        if task.form == RECORD:
            return (REASON, DECISION_NO, DECISION_DATE, SIGNER)
        return ()

    def check(
        self, session: Session, case: CaseInstance, task: CaseTask, payload: Mapping
    ) -> tuple[str, dict[str, Any]]:
        action, data = super().check(session, case, task, payload)
        if task.form == RECORD and action == "approve":
            revocation = session.get_one(Revocation, case.subject_id)
            if revocation.document_sha256 is None:
                # The document comes with the step through workflows.revocation.record (the
                # revocation's page, POST /api/v1/revocations/{id}/record), never by name.
                raise ValidationFailed(
                    "revocation_document_missing",
                    {
                        "document": N_(
                            "cần đính kèm văn bản quyết định hủy bỏ nhận được (trang đề nghị "
                            "hủy bỏ)"
                        )
                    },
                )
        return action, data

    def may_act(self, session: Session, user: User, task: CaseTask) -> bool:
        return conflicts.refusal(session, user, task) is None

    def completed(
        self,
        session: Session,
        case: CaseInstance,
        task: CaseTask,
        user: User,
        action: str,
        data: Mapping[str, Any],
    ) -> None:
        revocation = session.get_one(Revocation, case.subject_id)
        proposal = (
            session.get_one(Proposal, revocation.proposal_id) if revocation.proposal_id else None
        )
        comment = data.get("reason") or None
        if task.form == PROPOSE:
            trail.record(session, proposal, user, AuditAction.REVOCATION_PROPOSED, task, revocation)
        elif task.form == CHECK:
            revocation.checked_by_id, revocation.checked_at = user.id, task.completed_at
            if action == "reject":
                revocation.status, revocation.refusal = RevocationStatus.REFUSED, comment
                event = AuditAction.REVOCATION_REFUSED
            else:
                revocation.status = RevocationStatus.CHECKED
                event = AuditAction.REVOCATION_CHECKED
            trail.record(session, proposal, user, event, task, revocation, comment)
        elif task.form in (DECIDE, RECORD):
            revocation.decided_by_id, revocation.decided_at = user.id, task.completed_at
            if action == "reject":
                revocation.status, revocation.refusal = RevocationStatus.REFUSED, comment
                trail.record(
                    session,
                    proposal,
                    user,
                    AuditAction.REVOCATION_REFUSED,
                    task,
                    revocation,
                    comment,
                )
            else:
                revocation.decision_no = data["decision_no"]
                revocation.decision_date = date.fromisoformat(data["decision_date"])
                revocation.decision_signer = data.get("decision_signer")
                released = decide.revoke(session, revocation)
                trail.record(
                    session,
                    proposal,
                    user,
                    AuditAction.REVOKED,
                    task,
                    revocation,
                    comment,
                    extra={"initiatives_released": released},
                )
        session.flush()

    def page(
        self, session: Session, case: CaseInstance, task: CaseTask, user: User
    ) -> dict[str, Any]:
        revocation = session.get_one(Revocation, case.subject_id)
        proposal = session.get(Proposal, revocation.proposal_id) if revocation.proposal_id else None
        return {"revocation": revocation, "proposal": proposal}


KIND = RevocationKind()
