"""Role assignments with validity dates, as an administrator adds and closes them, and the
councils' members per year read from them.

A change that would break something is refused with the reason: an assignment ending before
it starts, a role at an organisation of the wrong kind for its scope (roles.json), an
organisation that does not exist on the assignment's dates, two overlapping terms of the same
role, closing the last holder of a role while steps wait for it (or a member's ballot waits),
closing or disabling the last administrator.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from models import (
    AdminAction,
    HumanTask,
    Organisation,
    OrgKind,
    Role,
    RoleAssignment,
    RoleCode,
    TaskState,
    User,
)
from workflows import reference
from workflows.directory import admin_audit, users
from workflows.directory.roles_held import held_on
from workflows.errors import N_, Conflict, NotFound, ValidationFailed

#: the kinds of organisation a role of each scope is held at (roles.json's `scope`)
SCOPE_KINDS: dict[str, tuple[str, ...]] = {
    "unit": (OrgKind.UNIT,),
    "department": (OrgKind.DEPARTMENT,),
    "grouping": (OrgKind.BLOC, OrgKind.CLUSTER),
    "board": (OrgKind.BOARD,),
    "council": (OrgKind.COUNCIL,),
    "committee": (OrgKind.COMMITTEE,),
}
#: the roles whose holders sit on a council or its secretariat, shown per year
COUNCIL_ROLES = (RoleCode.DEPT_COUNCIL, RoleCode.DEPT_SECRETARIAT, RoleCode.PROVINCE_COUNCIL)


def vn(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def find_org(session: Session, code: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.code == (code or "").strip()))
    if org is None:
        raise NotFound("org_not_found", N_("Không có tổ chức mã '%(code)s'", code=code[:64]))
    return org


def find_role(session: Session, code: str) -> Role:
    role = session.get(Role, code or "")
    if role is None:
        known = ", ".join(sorted(reference.roles()))
        message = N_("Không có vai trò '%(role)s' (có: %(known)s)", role=code[:40], known=known)
        raise NotFound("role_not_found", message)
    return role


def check_span(valid_from: date, valid_to: date | None, field: str = "valid_to") -> None:
    if valid_to is not None and valid_to < valid_from:
        message = N_(
            "ngày kết thúc %(to)s trước ngày bắt đầu %(start)s",
            to=vn(valid_to),
            start=vn(valid_from),
        )
        raise ValidationFailed("ends_before_start", {field: message})


def check_org_lives(org: Organisation, valid_from: date, valid_to: date | None) -> None:
    """The organisation exists on every day of the span."""
    starts_late = org.valid_from is not None and valid_from < org.valid_from
    ends_early = org.valid_to is not None and (valid_to is None or valid_to > org.valid_to)
    if starts_late or ends_early:
        message = N_(
            "%(org)s chỉ tồn tại từ %(start)s đến %(end)s; thời hạn phải nằm trong khoảng đó",
            org=org.name,
            start=vn(org.valid_from),
            end=vn(org.valid_to),
        )
        raise ValidationFailed("org_not_existing", {"org": message})


def _overlapping(query, table, valid_from: date, valid_to: date | None):
    """Rows of `table` whose span meets [valid_from, valid_to]."""
    return query.where(
        or_(table.valid_to.is_(None), table.valid_to >= valid_from),
        *(
            []
            if valid_to is None
            else [or_(table.valid_from.is_(None), table.valid_from <= valid_to)]
        ),
    )


def add(
    session: Session,
    actor: User,
    username: str,
    role_code: str,
    org_code: str,
    valid_from: date,
    valid_to: date | None = None,
) -> RoleAssignment:
    user = users.find(session, username)
    role = find_role(session, role_code)
    org = find_org(session, org_code)
    check_span(valid_from, valid_to)
    kinds = SCOPE_KINDS.get(role.scope)
    if kinds is not None and org.kind not in kinds:
        message = N_(
            "vai trò %(role)s được giao tại tổ chức loại %(kinds)s; %(org)s thuộc loại %(kind)s",
            role=role.name_vi,
            kinds=", ".join(kinds),
            org=org.name,
            kind=org.kind,
        )
        raise ValidationFailed("role_wrong_org_kind", {"org": message})
    check_org_lives(org, valid_from, valid_to)
    same = _overlapping(
        select(RoleAssignment.id).where(
            RoleAssignment.user_id == user.id,
            RoleAssignment.role_code == role.code,
            RoleAssignment.org_id == org.id,
        ),
        RoleAssignment,
        valid_from,
        valid_to,
    )
    if session.scalar(same.limit(1)) is not None:
        message = N_(
            "%(user)s đã giữ vai trò %(role)s tại %(org)s trong một phần thời hạn này",
            user=user.username,
            role=role.name_vi,
            org=org.name,
        )
        raise Conflict("assignment_overlaps", message)
    assignment = RoleAssignment(
        user=user, role=role, org=org, valid_from=valid_from, valid_to=valid_to
    )
    session.add(assignment)
    session.flush()
    admin_audit.record(
        session,
        actor,
        AdminAction.ROLE_ASSIGNED,
        user,
        org.id,
        assignment_id=assignment.id,
        role=role.code,
        org=org.code,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    return assignment


def get(session: Session, assignment_id: int) -> RoleAssignment:
    found = session.get(RoleAssignment, assignment_id)
    if found is None:
        message = N_("Không có phân công vai trò số %(id)s", id=assignment_id)
        raise NotFound("assignment_not_found", message)
    return found


def other_admins(session: Session, user_id: int, day: date) -> int:
    """Active accounts other than `user_id` that hold the admin role on `day`."""
    query = (
        select(func.count(func.distinct(User.id)))
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(
            RoleAssignment.role_code == RoleCode.ADMIN,
            User.active.is_(True),
            User.id != user_id,
            held_on(day),
        )
    )
    return session.scalar(query) or 0


def check_can_end(session: Session, assignment: RoleAssignment, first_day_without: date) -> None:
    """Refuse ending `assignment` before `first_day_without` when that leaves its steps with
    nobody: a ballot waiting for this member, or steps of the role at the organisation and no
    other active holder on that day."""
    role, org_id, user_id = assignment.role_code, assignment.org_id, assignment.user_id
    waiting = select(func.count(HumanTask.id)).where(
        HumanTask.state == TaskState.READY,
        HumanTask.role_code == role,
        HumanTask.org_id == org_id,
    )
    ballots = session.scalar(waiting.where(HumanTask.assignee_id == user_id)) or 0
    if ballots:
        message = N_(
            "Không đóng được: %(user)s còn %(n)s phiếu bầu đang chờ tại %(org)s",
            user=assignment.user.username,
            n=ballots,
            org=assignment.org.name,
        )
        raise Conflict("ballots_waiting", message)
    steps = session.scalar(waiting.where(HumanTask.assignee_id.is_(None))) or 0
    if not steps:
        return
    others = session.scalar(
        select(func.count(RoleAssignment.id))
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.role_code == role,
            RoleAssignment.org_id == org_id,
            RoleAssignment.id != assignment.id,
            User.active.is_(True),
            held_on(first_day_without),
        )
    )
    if not others:
        message = N_(
            "Không đóng được: %(user)s là người duy nhất giữ vai trò %(role)s tại %(org)s và còn "
            "%(n)s bước đang chờ; hãy giao vai trò cho người khác trước",
            user=assignment.user.username,
            role=assignment.role.name_vi,
            org=assignment.org.name,
            n=steps,
        )
        raise Conflict("last_holder_with_steps", message)


def close(session: Session, actor: User, assignment_id: int, last_day: date) -> RoleAssignment:
    """End the assignment on `last_day` (the last day it is held; the record stays)."""
    assignment = get(session, assignment_id)
    if assignment.valid_from is not None:
        check_span(assignment.valid_from, last_day, "last_day")
    if assignment.valid_to is not None and assignment.valid_to <= last_day:
        message = N_("Phân công này đã kết thúc ngày %(day)s", day=vn(assignment.valid_to))
        raise Conflict("assignment_already_closed", message)
    day_after = last_day + timedelta(days=1)
    if assignment.role_code == RoleCode.ADMIN and not other_admins(
        session, assignment.user_id, day_after
    ):
        raise Conflict(
            "last_admin_closed",
            N_("Không đóng được: đây là quản trị viên cuối cùng từ ngày đó"),
        )
    check_can_end(session, assignment, day_after)
    assignment.valid_to = last_day
    session.flush()
    admin_audit.record(
        session,
        actor,
        AdminAction.ROLE_CLOSED,
        assignment.user,
        assignment.org_id,
        assignment_id=assignment.id,
        role=assignment.role_code,
        org=assignment.org.code,
        valid_to=last_day,
    )
    return assignment


def history(
    session: Session, user_id: int | None = None, org_id: int | None = None
) -> list[RoleAssignment]:
    """Every assignment of an account or at an organisation, held or not, latest start first."""
    query = select(RoleAssignment).options(joinedload(RoleAssignment.user))
    if user_id is not None:
        query = query.where(RoleAssignment.user_id == user_id)
    if org_id is not None:
        query = query.where(RoleAssignment.org_id == org_id)
    query = query.order_by(
        RoleAssignment.role_code,
        RoleAssignment.valid_from.is_(None),
        RoleAssignment.valid_from.desc(),
        RoleAssignment.id,
    )
    return list(session.scalars(query))


def council_members(session: Session, year: int) -> dict[tuple[str, int], list[RoleAssignment]]:
    """The councils' and secretariats' members in `year`: every council-role assignment that
    is held on some day of the year, by (role, organisation id), in the order they joined."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    query = _overlapping(
        select(RoleAssignment)
        .join(User, User.id == RoleAssignment.user_id)
        .where(RoleAssignment.role_code.in_(COUNCIL_ROLES))
        .options(joinedload(RoleAssignment.user)),
        RoleAssignment,
        first,
        last,
    ).order_by(RoleAssignment.org_id, RoleAssignment.role_code, RoleAssignment.id)
    found: dict[tuple[str, int], list[RoleAssignment]] = {}
    for row in session.scalars(query):
        found.setdefault((row.role_code, row.org_id), []).append(row)
    return found


def council_bodies(session: Session, year: int) -> list[tuple[str, Organisation]]:
    """(role, organisation) of every council and secretariat that existed in `year`."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    orgs = session.scalars(
        _overlapping(
            select(Organisation).where(
                Organisation.kind.in_((OrgKind.DEPARTMENT, OrgKind.COUNCIL))
            ),
            Organisation,
            first,
            last,
        ).order_by(Organisation.kind, Organisation.name)
    )
    bodies: list[tuple[str, Organisation]] = []
    for org in orgs:
        if org.kind == OrgKind.COUNCIL:
            bodies.append((RoleCode.PROVINCE_COUNCIL, org))
        else:
            bodies.extend([(RoleCode.DEPT_COUNCIL, org), (RoleCode.DEPT_SECRETARIAT, org)])
    return bodies


def parse_optional_day(value: object, field: str) -> date | None:
    """A day typed as dd/mm/yyyy (the pages) or yyyy-mm-dd (the API, a date input); None
    when left empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_day(value, field)


def parse_day(value: object, field: str) -> date:
    text = value.strip() if isinstance(value, str) else ""
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationFailed("invalid_date", {field: N_("phải là ngày dạng dd/mm/yyyy")})
