"""Proposing the revocation of one award record: the first step of bpmn/revocation.bpmn.

The body that submitted the award proposes (the unit for the Director's awards, the Director
for the Chairman's). The award record's row is locked, so that one award has one open
revocation; the revocation's row is written with the money to recover, its case opened on the
diagram, and the proposing step completed by the case runtime as the proposer (which checks
the role at the organisation again). The caller commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    OPEN_STATUSES,
    AwardRecord,
    Proposal,
    Revocation,
    RevocationStatus,
    User,
)
from workflows.cases.runtime import CaseProcess
from workflows.directory.access import can_see, is_board
from workflows.errors import N_, Conflict, Forbidden, NotFound
from workflows.process.registry import ProcessRegistry
from workflows.revocation import inputs
from workflows.revocation.conflicts import named_on
from workflows.revocation.diagram import steps
from workflows.revocation.kind import KIND
from workflows.revocation.money import recovery_of

#: who decided an award of each level (awards.json `level`), as the diagram's lanes name them
DECIDER = {"department": "director", "province": "chairman"}


def may_propose(user: User, record: AwardRecord, proposal: Proposal) -> bool:
    """Whether the user holds the role that proposes revoking this award (the pages' button);
    propose() checks this and the rest again."""
    decider = DECIDER.get(proposal.award.level)
    if record.source != "decision" or decider is None or record.revoked_at is not None:
        return False
    return user.has_role(*_proposer(decider, proposal))


def propose(
    session: Session,
    registry: ProcessRegistry,
    user: User,
    award_record_id: int,
    payload: object,
) -> Revocation:
    wanted = inputs.proposal(payload)
    record = session.scalar(
        select(AwardRecord).where(AwardRecord.id == award_record_id).with_for_update(of=AwardRecord)
    )
    proposal = _proposal_of(session, user, record, award_record_id)
    assert record is not None  # _proposal_of refused it otherwise
    decider = DECIDER.get(proposal.award.level)
    if record.source != "decision" or decider is None:
        raise Conflict(
            "revocation_not_here",
            N_(
                "Khen thưởng này không do cấp tỉnh quyết định trong hệ thống: cấp đã quyết "
                "định hủy bỏ theo thủ tục của mình"
            ),
        )
    if record.revoked_at is not None:
        raise Conflict("award_already_revoked", N_("Khen thưởng này đã bị hủy bỏ"))
    open_one = session.scalar(
        select(Revocation.id).where(
            Revocation.award_record_id == record.id, Revocation.status.in_(OPEN_STATUSES)
        )
    )
    if open_one is not None:
        raise Conflict(
            "revocation_open",
            N_("Đã có đề nghị hủy bỏ số %(id)s đang được xử lý cho khen thưởng này", id=open_one),
        )
    if not user.has_role(*_proposer(decider, proposal)):
        raise Forbidden("role_not_held", N_("Bạn không có vai trò xử lý bước này tại đơn vị này"))
    if named_on(session, user, record):
        raise Forbidden(
            "conflict_of_interest",
            N_("Bạn có tên trong danh sách đề nghị nên không được xét duyệt hồ sơ này"),
        )
    recovery = recovery_of(record)
    revocation = Revocation(
        award_record_id=record.id,
        proposal_id=proposal.id,
        status=RevocationStatus.PROPOSED,
        reason=wanted["reason"],
        legal_basis=wanted["legal_basis"],
        release_initiatives=wanted["release_initiatives"],
        recover_amount=recovery.amount,
        recover_basis=recovery.basis_vi,
        decider_role=decider,
        decider_org_id=proposal.department_id if decider == "director" else None,
        proposed_by_id=user.id,
    )
    session.add(revocation)
    session.flush()
    title = f"{record.subject_name} – {record.award_code} {record.year}"
    process, outcome = CaseProcess.start(
        session, registry, KIND.code, revocation.id, proposal.org_id, user, title
    )
    # The diagram's first step is the proposal itself: completed at once by its author.
    (first,) = outcome.created
    process.complete(first, user, {"action": "submit"})
    return revocation


def _proposer(decider: str, proposal: Proposal) -> tuple[str, int]:
    step = steps().propose(decider)
    return step.role, proposal.org_id if step.role == "unit_head" else proposal.department_id


def _proposal_of(
    session: Session, user: User, record: AwardRecord | None, award_record_id: int
) -> Proposal:
    """The proposal whose decision gave the record; an award the user may not read, or one not
    given by a decision in tdkt, is "not found"."""
    missing = NotFound(
        "award_record_not_found",
        N_("Không tìm thấy khen thưởng số %(id)s", id=award_record_id),
    )
    if record is None or record.proposal_id is None:
        raise missing
    if not (is_board(user) or can_see(session, user, record.proposal_id)):
        raise missing
    return session.get_one(Proposal, record.proposal_id)
