"""Evidence as files: a member attaches files to a line of its self-score while that score is
its to give (scoring open, not sent yet or returned), through the attachment store's checks
(size, type, content matching the type: workflows.proposals.uploads.hold). A file is read
by the bloc's head, the Director or secretariat of a member of the year, and the board;
anyone else is told it does not exist."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import BlocEntry, BlocEvidence, BlocPledge, EntryStatus, PledgeStatus, RoleCode, User
from workflows.blocs import access
from workflows.blocs.pledges import _check_status, day_in_year
from workflows.errors import N_, Conflict, NotFound, ValidationFailed
from workflows.proposals.uploads import Limits, Upload, hold

#: files per line of a member's score
PER_LINE = 10


def add(
    session: Session,
    user: User,
    pledge: BlocPledge,
    criterion_id: object,
    uploads: Sequence[Upload],
    directory: Path,
    limits: Limits,
    today: date,
) -> list[BlocEvidence]:
    entry = access.check_member(user, pledge, day_in_year(pledge.year, today))
    _check_status(pledge, PledgeStatus.SCORING)
    if entry.status not in (EntryStatus.PENDING, EntryStatus.RETURNED):
        message = N_("Điểm của đơn vị đã gửi, đang chờ chấm chéo hoặc đã được chấp nhận")
        raise Conflict("bloc_score_sent", message)
    criterion = next((c for c in pledge.criteria if str(c.id) == str(criterion_id)), None)
    if criterion is None:
        raise ValidationFailed(
            "invalid_bloc_evidence", {"criterion": N_("không thuộc bảng tiêu chí của giao ước")}
        )
    if not uploads:
        raise ValidationFailed("invalid_bloc_evidence", {"attachments": N_("chưa chọn tệp")})
    kept = len(of_line(session, entry, criterion.id))
    if kept + len(uploads) > PER_LINE:
        raise ValidationFailed(
            "invalid_bloc_evidence",
            {"attachments": N_("tối đa %(max)s tệp minh chứng mỗi dòng", max=PER_LINE)},
        )
    rows = [
        BlocEvidence(
            entry_id=entry.id,
            criterion_id=criterion.id,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            uploaded_by_id=user.id,
        )
        for item in hold(uploads, directory, limits)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def of_line(session: Session, entry: BlocEntry, criterion_id: int) -> list[BlocEvidence]:
    return list(
        session.scalars(
            select(BlocEvidence)
            .where(BlocEvidence.entry_id == entry.id, BlocEvidence.criterion_id == criterion_id)
            .order_by(BlocEvidence.id)
        )
    )


def of_pledge(session: Session, pledge: BlocPledge) -> dict[tuple[int, int], list[BlocEvidence]]:
    """(member id, criterion id) → its files."""
    rows = session.scalars(
        select(BlocEvidence)
        .join(BlocEntry, BlocEntry.id == BlocEvidence.entry_id)
        .where(BlocEntry.pledge_id == pledge.id)
        .order_by(BlocEvidence.id)
    )
    out: dict[tuple[int, int], list[BlocEvidence]] = {}
    for row in rows:
        out.setdefault((row.entry.member_id, row.criterion_id), []).append(row)
    return out


def may_read(user: User, pledge: BlocPledge, today: date) -> bool:
    day = day_in_year(pledge.year, today)
    held = user.held_assignments(day) if user.active else []
    members = {e.member_id for e in pledge.entries}
    return any(
        (a.role_code == RoleCode.GROUPING_HEAD and a.org_id == pledge.grouping_id)
        or a.role_code in access.BOARD
        or (a.role_code in access.FOLLOWERS and a.org_id in members)
        for a in held
    )


def readable(session: Session, user: User, evidence_id: int, today: date) -> BlocEvidence:
    row = session.get(BlocEvidence, evidence_id)
    if row is None or not may_read(user, session.get_one(BlocPledge, row.entry.pledge_id), today):
        raise NotFound("bloc_evidence_not_found", N_("Không tìm thấy tệp minh chứng"))
    return row
