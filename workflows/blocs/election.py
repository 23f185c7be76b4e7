"""The year-end meeting elects next year's head and deputy among the members: recorded as the
grouping's GroupingHead of the next year (the rotating head the directory reads), replacing what
was planned for it, in the pledge's trail."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import BlocAction, BlocPledge, GroupingHead, PledgeStatus, User
from workflows.blocs import access, audit
from workflows.blocs.pledges import _check_status, day_in_year
from workflows.errors import N_, ValidationFailed


def elect(
    session: Session, user: User, pledge: BlocPledge, head: object, deputy: object, today: date
) -> GroupingHead:
    """`head`, `deputy`: member codes (or ids) of the pledge; the head of the bloc records."""
    access.check_head(user, pledge.grouping, day_in_year(pledge.year, today))
    _check_status(pledge, PledgeStatus.RANKED)
    members = {e.member.code: e.member for e in pledge.entries}
    members.update({str(e.member_id): e.member for e in pledge.entries})
    errors: dict[str, str] = {}
    chosen = {}
    for field, value in (("head", head), ("deputy", deputy)):
        org = members.get(str(value)) if isinstance(value, str | int) else None
        if org is None:
            errors[field] = N_("phải là một đơn vị thành viên của Khối/Cụm năm nay")
        else:
            chosen[field] = org
    if not errors and chosen["head"].id == chosen["deputy"].id:
        errors["deputy"] = N_("phải khác đơn vị Trưởng khối")
    if errors:
        raise ValidationFailed("invalid_bloc_election", errors)
    year = pledge.year + 1
    row = session.scalar(
        select(GroupingHead).where(
            GroupingHead.grouping_id == pledge.grouping_id, GroupingHead.year == year
        )
    )
    before = {"head": row.head_id, "deputy": row.deputy_id} if row else None
    if row is None:
        row = GroupingHead(grouping_id=pledge.grouping_id, year=year, head_id=chosen["head"].id)
        session.add(row)
    row.head_id, row.deputy_id = chosen["head"].id, chosen["deputy"].id
    row.basis = f"Bầu tại hội nghị tổng kết {pledge.grouping.short_name} năm {pledge.year}"
    session.flush()
    audit.record(
        session,
        pledge,
        user,
        BlocAction.HEADS_ELECTED,
        year=year,
        head=chosen["head"].code,
        deputy=chosen["deputy"].code,
        before=before,
    )
    return row
