"""Who acts in a bloc's year, by role *and* organisation on the day: the head is whoever holds
grouping_head at the bloc; a member acts through its Director (director at the member
department). Reading is open to every signed-in account: a bloc's pledge, scores and ranking
are published to its members and the province."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import BlocEntry, BlocPledge, GroupMembership, Organisation, RoleCode, User
from workflows.errors import N_, Forbidden

#: the role that speaks for a member department in its bloc (signs, self-scores, votes)
MEMBER_ROLE = RoleCode.DIRECTOR


def is_head(user: User, grouping: Organisation, day: date) -> bool:
    return user.has_role(RoleCode.GROUPING_HEAD, grouping.id, day)


def check_head(user: User, grouping: Organisation, day: date) -> None:
    if not is_head(user, grouping, day):
        message = N_("Chỉ Trưởng %(grouping)s được thực hiện việc này", grouping=grouping.name)
        raise Forbidden("bloc_head_only", message)


def own_entry(user: User, pledge: BlocPledge, day: date) -> BlocEntry | None:
    """The member entry the user speaks for (its Director on the day), if any."""
    held = {a.org_id for a in user.held_assignments(day) if a.role_code == MEMBER_ROLE}
    return next((e for e in pledge.entries if e.member_id in held), None)


def check_member(user: User, pledge: BlocPledge, day: date) -> BlocEntry:
    entry = own_entry(user, pledge, day)
    if entry is None:
        message = N_(
            "Chỉ Giám đốc (Thủ trưởng) đơn vị thành viên của %(grouping)s được thực hiện việc này",
            grouping=pledge.grouping.name,
        )
        raise Forbidden("bloc_member_only", message)
    return entry


#: who in a member department follows its bloc: its Director and its emulation secretariat
FOLLOWERS = (RoleCode.DIRECTOR, RoleCode.DEPT_SECRETARIAT)
#: the provincial board, which follows every bloc
BOARD = (RoleCode.BOARD, RoleCode.BOARD_OFFICER)


def sees_blocs(session: Session, user: User, day: date) -> bool:
    """Whether the blocs' pages are part of the user's work on `day` (the navigation shows them):
    a bloc's head, the board, or the Director or secretariat of a department that is a member
    of a bloc that day."""
    held = user.held_assignments(day) if user.active else []
    if any(a.role_code in (RoleCode.GROUPING_HEAD, *BOARD) for a in held):
        return True
    orgs = {a.org_id for a in held if a.role_code in FOLLOWERS}
    if not orgs:
        return False
    member = session.scalar(
        select(GroupMembership.id)
        .where(
            GroupMembership.member_id.in_(orgs),
            or_(GroupMembership.valid_from.is_(None), GroupMembership.valid_from <= day),
            or_(GroupMembership.valid_to.is_(None), GroupMembership.valid_to >= day),
        )
        .limit(1)
    )
    return member is not None
