"""Which organisation a step of a proposal belongs to, from the role's scope (roles.json)."""

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models import GroupMembership, Organisation, OrgKind, Proposal
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


def grouping_of(session: Session, department: Organisation, kind: str) -> Organisation:
    grouping = session.scalar(
        select(Organisation)
        .join(GroupMembership, GroupMembership.grouping_id == Organisation.id)
        .where(GroupMembership.member_id == department.id, Organisation.kind == kind)
        .order_by(Organisation.id)
    )
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


def subtree_ids(org_id: int) -> Select:
    """SELECT of the organisation's id and those of every organisation below it, to use in
    `column.in_(…)`: one recursive query, however deep the tree."""
    tree = select(Organisation.id).where(Organisation.id == org_id).cte(recursive=True)
    tree = tree.union_all(select(Organisation.id).where(Organisation.parent_id == tree.c.id))
    return select(tree.c.id)
