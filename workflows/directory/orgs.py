"""Which organisation a step of a proposal belongs to, from the role's scope (roles.json)."""

from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from models import Organisation, OrgKind, Proposal, utcnow
from workflows.directory.org_history import groupings_on
from workflows.errors import N_, Conflict
from workflows.reference import RoleInfo

_PROVINCE_BODY = {
    "board": OrgKind.BOARD,
    "council": OrgKind.COUNCIL,
    "committee": OrgKind.COMMITTEE,
}


def task_org_id(session: Session, proposal: Proposal, role: RoleInfo, route: dict) -> int:
    """The id of the organisation whose holders of `role` act on the proposal's step."""
    # The unit and the department are the proposal's own columns: no organisation to load.
    if role.scope == "unit":
        return proposal.org_id
    if role.scope == "department":
        return proposal.department_id
    if role.scope == "grouping":
        return grouping_of(session, proposal.department, route.get("endorsement", "")).id
    if role.scope in _PROVINCE_BODY:
        return province_body(session, proposal.department, _PROVINCE_BODY[role.scope]).id
    raise Conflict(
        "role_not_a_step", N_("Vai trò '%(role)s' không gắn với một bước xét duyệt", role=role.code)
    )


def grouping_of(
    session: Session, department: Organisation, kind: str, day: date | None = None
) -> Organisation:
    """The bloc or cluster (`kind`) the department is a member of on `day` (today by default):
    membership changes with mergers, so a membership that ended does not count."""
    on = day or today()
    grouping = next((g for g in groupings_on(session, department, on) if g.kind == kind), None)
    if grouping is None:
        label = N_("khối thi đua") if kind == OrgKind.BLOC else N_("cụm thi đua")
        message = N_(
            "%(department)s chưa là thành viên của %(grouping)s nào",
            department=department.name,
            grouping=label,
        )
        raise Conflict("department_without_grouping", message)
    return grouping


def province_body(session: Session, department: Organisation, kind: str) -> Organisation:
    province = department.ancestor(OrgKind.PROVINCE)
    body = None
    if province is not None:
        body = session.scalar(
            select(Organisation).where(
                Organisation.parent_id == province.id, Organisation.kind == kind
            )
        )
    if body is None:
        message = N_(
            "Không tìm thấy cơ quan loại '%(kind)s' của tỉnh chứa %(department)s",
            kind=kind,
            department=department.name,
        )
        raise Conflict("province_body_missing", message)
    return body


def department_of(unit: Organisation) -> Organisation:
    department = unit.ancestor(OrgKind.DEPARTMENT)
    if department is None:
        raise Conflict(
            "unit_without_department", N_("%(unit)s không thuộc Sở/ngành nào", unit=unit.name)
        )
    return department


def today() -> date:
    """Today in Việt Nam, as deadlines.calendar.today (directory sits below deadlines)."""
    return (utcnow() + timedelta(hours=7)).date()


def subtree_ids(org_id: int | ColumnElement[int]) -> Select:
    """SELECT of the organisation's id and those of every organisation below it, to use in
    `column.in_(…)`: one recursive query, however deep the tree (`org_id` may be a bind
    parameter)."""
    tree = select(Organisation.id).where(Organisation.id == org_id).cte(recursive=True)
    tree = tree.union_all(select(Organisation.id).where(Organisation.parent_id == tree.c.id))
    return select(tree.c.id)
