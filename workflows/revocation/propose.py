"""Proposing the revocation of one award record: the first step of bpmn/revocation.bpmn.

The body that submitted the award proposes (the unit for the Director's awards, the Director
for the Chairman's). An award tdkt did not decide — recorded from outside (an earlier award, a
decision from before tdkt) or decided by a ministry or the Prime Minister — cannot be revoked
here: the provincial board proposes it to the authority that decided and later records the
revoking decision received (workflows.revocation.record).

The award record's row is locked, so that one award has one open revocation; the revocation's
row is written with the money to recover, its case opened on the diagram, and the proposing
step completed by the case runtime as the proposer (which checks the role at the organisation
again). The caller commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    OPEN_STATUSES,
    AwardRecord,
    Organisation,
    OrgKind,
    Person,
    Proposal,
    Revocation,
    RevocationStatus,
    User,
)
from workflows.cases.runtime import CaseProcess
from workflows.directory.access import can_see, is_board
from workflows.directory.orgs import province_body
from workflows.errors import N_, Conflict, Forbidden, NotFound
from workflows.history import scope
from workflows.process.registry import ProcessRegistry
from workflows.revocation import inputs
from workflows.revocation.conflicts import named_on
from workflows.revocation.diagram import steps
from workflows.revocation.kind import KIND
from workflows.revocation.money import recovery_of

#: who decided an award of each level (awards.json `level`), as the diagram's lanes name them
DECIDER = {"department": "director", "province": "chairman"}


def decider_of(record: AwardRecord, proposal: Proposal | None) -> str:
    """Who decides the revocation: the Director or the Chairman for an award decided in tdkt
    at their level; the authority outside tdkt for any other (its decision is recorded)."""
    if record.source == "decision" and proposal is not None:
        return DECIDER.get(proposal.award.level, "authority")
    return "authority"


def may_propose(
    session: Session, user: User, record: AwardRecord, proposal: Proposal | None
) -> bool:
    """Whether the user holds the role that proposes revoking this award (the pages' button);
    propose() checks this and the rest again."""
    if record.revoked_at is not None:
        return False
    decider = decider_of(record, proposal)
    return user.has_role(*_proposer(session, decider, record, proposal))


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
    decider = decider_of(record, proposal)
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
    role, org_id = _proposer(session, decider, record, proposal)
    if not user.has_role(role, org_id):
        raise Forbidden("role_not_held", N_("Bạn không có vai trò xử lý bước này tại đơn vị này"))
    if named_on(session, user, record):
        raise Forbidden(
            "conflict_of_interest",
            N_("Bạn có tên trong danh sách đề nghị nên không được xét duyệt hồ sơ này"),
        )
    recovery = recovery_of(record)
    revocation = Revocation(
        award_record_id=record.id,
        proposal_id=proposal.id if proposal is not None else None,
        status=RevocationStatus.PROPOSED,
        reason=wanted["reason"],
        legal_basis=wanted["legal_basis"],
        release_initiatives=wanted["release_initiatives"],
        recover_amount=recovery.amount,
        recover_basis=recovery.basis_vi,
        decider_role=decider,
        decider_org_id=proposal.department_id
        if decider == "director" and proposal is not None
        else None,
        proposed_by_id=user.id,
    )
    session.add(revocation)
    session.flush()
    title = f"{record.subject_name} – {record.award_code} {record.year}"
    process, outcome = CaseProcess.start(
        session, registry, KIND.code, revocation.id, subject_org(session, record), user, title
    )
    # The diagram's first step is the proposal itself: completed at once by its author.
    (first,) = outcome.created
    process.complete(first, user, {"action": "submit"})
    return revocation


def subject_org(session: Session, record: AwardRecord) -> int:
    """The organisation a revocation's case belongs to: the unit that filed the proposal, else
    the collective's own or the person's unit."""
    if record.proposal_id is not None:
        return session.get_one(Proposal, record.proposal_id).org_id
    if record.org_id is not None:
        return record.org_id
    person = session.get_one(Person, record.person_id)
    return person.org_id


def _proposer(
    session: Session, decider: str, record: AwardRecord, proposal: Proposal | None
) -> tuple[str, int]:
    step = steps().propose(decider)
    if step.role == "board_officer":
        org = session.get_one(Organisation, subject_org(session, record))
        return step.role, province_body(session, org, OrgKind.BOARD).id
    assert proposal is not None  # decider_of gives a role in tdkt only with a proposal
    return step.role, proposal.org_id if step.role == "unit_head" else proposal.department_id


def _proposal_of(
    session: Session, user: User, record: AwardRecord | None, award_record_id: int
) -> Proposal | None:
    """The proposal whose decision gave the record (None for one recorded from outside); an
    award the user may not read is "not found"."""
    missing = NotFound(
        "award_record_not_found",
        N_("Không tìm thấy khen thưởng số %(id)s", id=award_record_id),
    )
    if record is None:
        raise missing
    if record.proposal_id is None:
        if is_board(user) or readable(session, user, record):
            return None
        raise missing
    if not (is_board(user) or can_see(session, user, record.proposal_id)):
        raise missing
    return session.get_one(Proposal, record.proposal_id)


def readable(session: Session, user: User, record: AwardRecord) -> bool:
    """Whether the user may read the history the record is in (a person's or a collective's)."""
    org = session.get(Organisation, subject_org(session, record))
    return org is not None and scope.can_read(session, user, org)
