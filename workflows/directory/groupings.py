"""Blocs and clusters (khối, cụm thi đua) as an administrator keeps them: which departments
belong, from when to when (GroupMembership), and the rotating head and deputy of each year
(GroupingHead). Read per year; every change in the administrators' trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models import (
    GROUPING_KINDS,
    AdminAction,
    GroupingHead,
    GroupMembership,
    Organisation,
    OrgKind,
    RoleAssignment,
    RoleCode,
    User,
)
from workflows.directory import admin_audit
from workflows.directory.assignments import check_org_lives, check_span, find_org, vn
from workflows.errors import N_, Conflict, NotFound, ValidationFailed


@dataclass(frozen=True)
class GroupingYear:
    grouping: Organisation
    memberships: list[GroupMembership]
    head: GroupingHead | None
    #: the accounts holding grouping_head at the grouping on some day of the year
    head_holders: list[RoleAssignment]


def _meets_year(table, year: int):
    first, last = date(year, 1, 1), date(year, 12, 31)
    return (table.valid_to.is_(None) | (table.valid_to >= first)) & (
        table.valid_from.is_(None) | (table.valid_from <= last)
    )


def year_view(session: Session, year: int) -> list[GroupingYear]:
    groupings = session.scalars(
        select(Organisation)
        .where(Organisation.kind.in_(GROUPING_KINDS), _meets_year(Organisation, year))
        .order_by(Organisation.kind, Organisation.name)
    ).all()
    ids = [g.id for g in groupings]
    memberships = session.scalars(
        select(GroupMembership)
        .where(GroupMembership.grouping_id.in_(ids), _meets_year(GroupMembership, year))
        .options(joinedload(GroupMembership.member))
        .order_by(GroupMembership.id)
    ).all()
    heads = session.scalars(
        select(GroupingHead).where(GroupingHead.grouping_id.in_(ids), GroupingHead.year == year)
    ).all()
    holders = session.scalars(
        select(RoleAssignment)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.role_code == RoleCode.GROUPING_HEAD,
            RoleAssignment.org_id.in_(ids),
            _meets_year(RoleAssignment, year),
        )
        .options(joinedload(RoleAssignment.user))
        .order_by(RoleAssignment.id)
    ).all()
    return [
        GroupingYear(
            g,
            [m for m in memberships if m.grouping_id == g.id],
            next((h for h in heads if h.grouping_id == g.id), None),
            [a for a in holders if a.org_id == g.id],
        )
        for g in groupings
    ]


def _grouping(session: Session, code: str) -> Organisation:
    org = find_org(session, code)
    if org.kind not in GROUPING_KINDS:
        message = N_("%(org)s không phải khối hay cụm thi đua", org=org.name)
        raise ValidationFailed("not_a_grouping", {"grouping": message})
    return org


def _department(session: Session, code: str, field: str) -> Organisation:
    org = find_org(session, code)
    if org.kind != OrgKind.DEPARTMENT:
        message = N_("%(org)s không phải một sở, ban, ngành", org=org.name)
        raise ValidationFailed("not_a_department", {field: message})
    return org


def add_member(
    session: Session,
    actor: User,
    grouping_code: str,
    member_code: str,
    valid_from: date,
    valid_to: date | None = None,
) -> GroupMembership:
    grouping = _grouping(session, grouping_code)
    member = _department(session, member_code, "member")
    check_span(valid_from, valid_to)
    check_org_lives(grouping, valid_from, valid_to)
    check_org_lives(member, valid_from, valid_to)
    overlap = select(GroupMembership.id).where(
        GroupMembership.grouping_id == grouping.id,
        GroupMembership.member_id == member.id,
        GroupMembership.valid_to.is_(None) | (GroupMembership.valid_to >= valid_from),
    )
    if valid_to is not None:
        overlap = overlap.where(
            GroupMembership.valid_from.is_(None) | (GroupMembership.valid_from <= valid_to)
        )
    if session.scalar(overlap.limit(1)) is not None:
        message = N_(
            "%(member)s đã là thành viên của %(grouping)s trong một phần thời hạn này",
            member=member.name,
            grouping=grouping.name,
        )
        raise Conflict("membership_overlaps", message)
    row = GroupMembership(
        grouping=grouping, member=member, valid_from=valid_from, valid_to=valid_to
    )
    session.add(row)
    session.flush()
    admin_audit.record(
        session,
        actor,
        AdminAction.MEMBERSHIP_ADDED,
        org_id=grouping.id,
        membership_id=row.id,
        grouping=grouping.code,
        member=member.code,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return row


def close_member(
    session: Session, actor: User, membership_id: int, last_day: date
) -> GroupMembership:
    row = session.get(GroupMembership, membership_id)
    if row is None:
        message = N_("Không có tư cách thành viên số %(id)s", id=membership_id)
        raise NotFound("membership_not_found", message)
    if row.valid_from is not None:
        check_span(row.valid_from, last_day, "last_day")
    if row.valid_to is not None and row.valid_to <= last_day:
        message = N_("Tư cách thành viên này đã kết thúc ngày %(day)s", day=vn(row.valid_to))
        raise Conflict("membership_already_closed", message)
    row.valid_to = last_day
    session.flush()
    admin_audit.record(
        session,
        actor,
        AdminAction.MEMBERSHIP_CLOSED,
        org_id=row.grouping_id,
        membership_id=row.id,
        grouping=row.grouping.code,
        member=row.member.code,
        valid_to=last_day,
    )
    return row


def _member_in_year(session: Session, grouping: Organisation, org: Organisation, year: int):
    found = session.scalar(
        select(GroupMembership.id).where(
            GroupMembership.grouping_id == grouping.id,
            GroupMembership.member_id == org.id,
            _meets_year(GroupMembership, year),
        )
    )
    return found is not None


def set_head(
    session: Session,
    actor: User,
    grouping_code: str,
    year: int,
    head_code: str,
    deputy_code: str | None = None,
    basis: str | None = None,
) -> GroupingHead:
    """The year's head (and deputy) of a grouping: members of it that year, not the same one."""
    grouping = _grouping(session, grouping_code)
    head = _department(session, head_code, "head")
    deputy = _department(session, deputy_code, "deputy") if deputy_code else None
    problems = {}
    for field, org in (("head", head), ("deputy", deputy)):
        if org is not None and not _member_in_year(session, grouping, org, year):
            problems[field] = N_(
                "%(org)s không là thành viên của %(grouping)s năm %(year)s",
                org=org.name,
                grouping=grouping.name,
                year=year,
            )
    if deputy is not None and deputy.id == head.id:
        problems["deputy"] = N_("khối phó phải khác khối trưởng")
    if problems:
        raise ValidationFailed("invalid_grouping_head", problems)
    row = session.scalar(
        select(GroupingHead).where(
            GroupingHead.grouping_id == grouping.id, GroupingHead.year == year
        )
    )
    if row is None:
        row = GroupingHead(grouping_id=grouping.id, year=year)
        session.add(row)
    row.head_id, row.deputy_id = head.id, deputy.id if deputy else None
    row.basis = (basis or "").strip()[:255] or None
    session.flush()
    admin_audit.record(
        session,
        actor,
        AdminAction.GROUPING_HEAD_SET,
        org_id=grouping.id,
        grouping=grouping.code,
        year=year,
        head=head.code,
        deputy=deputy.code if deputy else None,
        basis=row.basis,
    )
    return row
