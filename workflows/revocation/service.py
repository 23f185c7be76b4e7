"""Proposing, checking and deciding the revocation of one award record.

The steps and who takes each are bpmn/revocation.bpmn's (workflows.revocation.diagram): the
body that submitted the award proposes (the unit for the Director's awards, the Director for
the Chairman's), the provincial board checks, whoever decided the award decides. Each step
locks the revocation's row (its award record's row when proposing, so that one award has one
open revocation), checks the acting user's role *and* organisation, writes an audit event on
the proposal that gave the award, and flushes; the caller commits.

A decided revocation marks the award record revoked (`revoked_at`; never deleted), so
eligibility stops counting it (workflows.eligibility.facts), and frees the initiatives the
award used only when the revocation says so. The money to recover is stated when proposed
(workflows.awards.money.recovery).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import (
    OPEN_STATUSES,
    AuditAction,
    AwardRecord,
    Initiative,
    Nominee,
    Proposal,
    Revocation,
    RevocationStatus,
    User,
    utcnow,
)
from workflows.awards import money
from workflows.directory.access import can_see, is_board
from workflows.errors import N_, Conflict, Forbidden, NotFound, ValidationFailed
from workflows.plain_text import problem
from workflows.process import audit, forms
from workflows.revocation.diagram import Step, steps

REASON_MAX = 4000
BASIS_MAX = 1000
NUMBER_MAX = 60

#: who decided an award of each level (awards.json `level`), as the diagram's lanes name them
_DECIDER = {"department": "director", "province": "chairman"}


@dataclass(frozen=True)
class Waiting:
    """The step a revocation waits on, and where."""

    step: Step
    #: the organisation whose holder of the role acts; None: any holder (the board, the Chairman)
    org_id: int | None


def waiting(revocation: Revocation, proposal: Proposal) -> Waiting | None:
    """The diagram's step the revocation waits on, or None once decided or refused."""
    diagram = steps()
    if revocation.status == RevocationStatus.PROPOSED:
        return Waiting(diagram.check(), None)
    if revocation.status == RevocationStatus.CHECKED:
        step = diagram.decide(revocation.decider_role)
        return Waiting(step, revocation.decider_org_id if step.role == "director" else None)
    return None


def may_act(user: User, waiting_on: Waiting | None) -> bool:
    return waiting_on is not None and user.has_role(waiting_on.step.role, waiting_on.org_id)


def may_propose(user: User, record: AwardRecord, proposal: Proposal) -> bool:
    """Whether the user holds the role that proposes revoking this award (the pages' button);
    propose() checks this and the rest again."""
    decider = _DECIDER.get(proposal.award.level)
    if record.source != "decision" or decider is None or record.revoked_at is not None:
        return False
    step = steps().propose(decider)
    org_id = proposal.org_id if step.role == "unit_head" else proposal.department_id
    return user.has_role(step.role, org_id)


def propose(session: Session, user: User, award_record_id: int, payload: object) -> Revocation:
    """Propose revoking an award record: the first step of the diagram."""
    wanted = _clean_proposal(payload)
    record = session.scalar(
        select(AwardRecord).where(AwardRecord.id == award_record_id).with_for_update(of=AwardRecord)
    )
    proposal = _proposal_of(session, user, record, award_record_id)
    assert record is not None  # _proposal_of refused it otherwise
    decider = _DECIDER.get(proposal.award.level)
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
    step = steps().propose(decider)
    org_id = proposal.org_id if step.role == "unit_head" else proposal.department_id
    if not user.has_role(step.role, org_id):
        raise Forbidden(
            "role_not_held",
            N_("Bạn không có vai trò xử lý bước này tại đơn vị này"),
        )
    _not_nominated(session, user, record)
    kind = "person" if record.org_id is None else "collective"
    recovery = money.recovery(record.award_code, kind, record.decision_date, record.bonus_amount)
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
    _audit(session, proposal, user, AuditAction.REVOCATION_PROPOSED, step, revocation)
    session.flush()
    return revocation


def check(session: Session, user: User, revocation_id: int, payload: object) -> Revocation:
    """The board's check: agree (on to the decider) or refuse with a reason."""
    action, comment = _clean_action(payload)
    revocation, proposal = _locked(session, user, revocation_id)
    step = _step_for(user, revocation, proposal, RevocationStatus.PROPOSED)
    if revocation.proposed_by_id == user.id:
        raise Forbidden(
            "revocation_own_proposal",
            N_("Người đề nghị hủy bỏ không tự kiểm tra đề nghị của mình"),
        )
    revocation.checked_by_id, revocation.checked_at = user.id, utcnow()
    if action == "reject":
        revocation.status, revocation.refusal = RevocationStatus.REFUSED, comment
        event = AuditAction.REVOCATION_REFUSED
    else:
        revocation.status = RevocationStatus.CHECKED
        event = AuditAction.REVOCATION_CHECKED
    _audit(session, proposal, user, event, step, revocation, comment)
    session.flush()
    return revocation


def decide(session: Session, user: User, revocation_id: int, payload: object) -> Revocation:
    """The decider's step: revoke (with the decision's number and date) or refuse."""
    # The whole body is checked before anything is read or locked.
    action, comment = _clean_action(payload)
    number, day = _clean_decision(payload) if action == "approve" else ("", None)
    revocation, proposal = _locked(session, user, revocation_id)
    step = _step_for(user, revocation, proposal, RevocationStatus.CHECKED)
    now = utcnow()
    revocation.decided_by_id, revocation.decided_at = user.id, now
    if action == "reject":
        revocation.status, revocation.refusal = RevocationStatus.REFUSED, comment
        _audit(session, proposal, user, AuditAction.REVOCATION_REFUSED, step, revocation, comment)
        session.flush()
        return revocation
    revocation.status = RevocationStatus.REVOKED
    revocation.decision_no, revocation.decision_date = number, day
    record = revocation.award_record
    record.revoked_at = now
    released: list[int] = []
    if revocation.release_initiatives:
        released = list(
            session.scalars(
                select(Initiative.id).where(Initiative.used_award_record_id == record.id)
            )
        )
        if released:
            session.execute(
                update(Initiative)
                .where(Initiative.id.in_(released))
                .values(used_award_record_id=None, used_at=None)
                .execution_options(synchronize_session="fetch")
            )
    _audit(
        session,
        proposal,
        user,
        AuditAction.REVOKED,
        step,
        revocation,
        comment,
        extra={"initiatives_released": released},
    )
    session.flush()
    return revocation


def get_visible(session: Session, user: User, revocation_id: int) -> tuple[Revocation, Proposal]:
    """A revocation and its proposal, if the user may read the proposal; else not found."""
    revocation = session.get(Revocation, revocation_id)
    if revocation is None or revocation.proposal_id is None:
        raise _not_found(revocation_id)
    if not (is_board(user) or can_see(session, user, revocation.proposal_id)):
        waiting_on = waiting(revocation, session.get_one(Proposal, revocation.proposal_id))
        if not may_act(user, waiting_on):
            raise _not_found(revocation_id)
    return revocation, session.get_one(Proposal, revocation.proposal_id)


def of_proposal(session: Session, proposal_id: int) -> list[Revocation]:
    return list(
        session.scalars(
            select(Revocation).where(Revocation.proposal_id == proposal_id).order_by(Revocation.id)
        )
    )


def waiting_for(session: Session, user: User) -> list[Revocation]:
    """The open revocations whose step the user may take (their part of the inbox)."""
    rows = session.scalars(
        select(Revocation)
        .where(Revocation.status.in_(OPEN_STATUSES), Revocation.proposal_id.is_not(None))
        .order_by(Revocation.id)
    )
    out = []
    for row in rows:
        proposal = session.get_one(Proposal, row.proposal_id)
        if may_act(user, waiting(row, proposal)):
            out.append(row)
    return out


# --- inside ------------------------------------------------------------------------------


def _not_found(revocation_id: int) -> NotFound:
    return NotFound(
        "revocation_not_found",
        N_("Không tìm thấy đề nghị hủy bỏ số %(id)s", id=revocation_id),
    )


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


def _locked(session: Session, user: User, revocation_id: int) -> tuple[Revocation, Proposal]:
    revocation = session.scalar(
        select(Revocation)
        .where(Revocation.id == revocation_id)
        .with_for_update(of=Revocation)
        .execution_options(populate_existing=True)
    )
    if revocation is None or revocation.proposal_id is None:
        raise _not_found(revocation_id)
    proposal = session.get_one(Proposal, revocation.proposal_id)
    if not (
        is_board(user)
        or can_see(session, user, proposal.id)
        or may_act(user, waiting(revocation, proposal))
    ):
        raise _not_found(revocation_id)
    return revocation, proposal


def _step_for(user: User, revocation: Revocation, proposal: Proposal, expected: str) -> Step:
    waiting_on = waiting(revocation, proposal)
    if revocation.status != expected or waiting_on is None:
        raise Conflict(
            "revocation_step_done",
            N_("Đề nghị hủy bỏ số %(id)s không còn ở bước này", id=revocation.id),
        )
    if not may_act(user, waiting_on):
        raise Forbidden("role_not_held", N_("Bạn không có vai trò xử lý bước này tại đơn vị này"))
    return waiting_on.step


def _not_nominated(session: Session, user: User, record: AwardRecord) -> None:
    if record.nominee_id is None:
        return
    nominee = session.get(Nominee, record.nominee_id)
    if nominee is not None and nominee.user_id == user.id:
        raise Forbidden(
            "conflict_of_interest",
            N_("Bạn có tên trong danh sách đề nghị nên không được xét duyệt hồ sơ này"),
        )


def _audit(
    session: Session,
    proposal: Proposal,
    user: User,
    action: str,
    step: Step,
    revocation: Revocation,
    comment: str | None = None,
    extra: dict | None = None,
) -> None:
    record = revocation.award_record
    audit.record(
        session,
        proposal,
        user,
        action,
        from_status=proposal.status,
        comment=comment
        or (revocation.reason if action == AuditAction.REVOCATION_PROPOSED else None),
        element_id=step.bpmn_id,
        task_name=step.name,
        stage=step.stage,
        data={
            "revocation": revocation.id,
            "award_record": record.id,
            "award": record.award_code,
            "subject": record.subject_name,
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


def _text(payload: dict, field: str, limit: int, wrong: dict, required: bool = True) -> str:
    value = payload.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        wrong[field] = N_("phải là văn bản")
        return ""
    value = value.strip()
    bad = problem(value, multiline=True)
    if required and not value:
        wrong[field] = N_("bắt buộc nhập")
    elif len(value) > limit:
        wrong[field] = N_("tối đa %(max)s ký tự", max=limit)
    elif bad is not None:
        wrong[field] = bad
    return value


def _object(payload: object) -> dict:
    if not isinstance(payload, dict):
        raise ValidationFailed("invalid_body", {"body": N_("phải là một đối tượng JSON")})
    return payload


def _clean_proposal(payload: object) -> dict:
    data = _object(payload)
    wrong: dict = {}
    out: dict[str, object] = {
        "reason": _text(data, "reason", REASON_MAX, wrong),
        "legal_basis": _text(data, "legal_basis", BASIS_MAX, wrong),
    }
    release = data.get("release_initiatives", False)
    if not isinstance(release, bool):
        wrong["release_initiatives"] = N_("phải là true hoặc false")
    out["release_initiatives"] = release is True
    if wrong:
        raise ValidationFailed("invalid_revocation", wrong)
    return out


def _clean_action(payload: object) -> tuple[str, str]:
    data = _object(payload)
    wrong: dict = {}
    action = data.get("action")
    if action not in ("approve", "reject"):
        wrong["action"] = N_("phải là một trong: %(choices)s", choices="approve, reject")
    comment = _text(data, "comment", REASON_MAX, wrong, required=action == "reject")
    if wrong:
        raise ValidationFailed("invalid_revocation_step", wrong)
    return str(action), comment


def _clean_decision(payload: object) -> tuple[str, date]:
    data = _object(payload)
    wrong: dict = {}
    number = _text(data, "decision_no", NUMBER_MAX, wrong)
    raw = data.get("decision_date")
    day: date | None = None
    if not isinstance(raw, str) or not raw.strip():
        wrong["decision_date"] = N_("bắt buộc nhập (dd/mm/yyyy)")
    else:
        try:
            day = forms.parse_date(raw)
        except ValueError:
            wrong["decision_date"] = N_("không phải ngày hợp lệ (dd/mm/yyyy)")
    if wrong or day is None:
        raise ValidationFailed("invalid_revocation_step", wrong)
    return number, day
