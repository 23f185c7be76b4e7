"""Who may not take a revocation's step though they hold its role: the proposer checking their
own proposal, and the person the award was given to (conflict of interest)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import AwardRecord, CaseTask, Nominee, Revocation, User
from workflows.errors import N_, Forbidden
from workflows.revocation.diagram import CHECK, PROPOSE


def refusal(session: Session, user: User, task: CaseTask) -> Forbidden | None:
    """The refusal of `user` taking `task`, or None."""
    revocation = session.get(Revocation, task.case.subject_id)
    if revocation is None:
        return None
    if task.form == CHECK and revocation.proposed_by_id == user.id:
        return Forbidden(
            "revocation_own_proposal",
            N_("Người đề nghị hủy bỏ không tự kiểm tra đề nghị của mình"),
        )
    if task.form != PROPOSE and named_on(session, user, revocation.award_record):
        return Forbidden(
            "conflict_of_interest",
            N_("Bạn có tên trong danh sách đề nghị nên không được xét duyệt hồ sơ này"),
        )
    return None


def named_on(session: Session, user: User, record: AwardRecord) -> bool:
    """Whether the user is the nominee the award was given to (conflict of interest)."""
    if record.nominee_id is None:
        return False
    nominee = session.get(Nominee, record.nominee_id)
    return nominee is not None and nominee.user_id == user.id
