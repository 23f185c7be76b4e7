"""Which organisation a step of a proposal belongs to, from the role's scope (roles.json)."""

from datetime import date, timedelta
from typing import NoReturn

from sqlalchemy import ColumnElement, Select, bindparam, select
from sqlalchemy.orm import Session, aliased

from models import Organisation, OrgKind, Proposal, core_path, utcnow
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
        kind = _PROVINCE_BODY[role.scope]
        at = {"org_id": proposal.department_id, "kind": kind}
        body_id = core_path.execute(session, _BODY_ID, at).scalar()
        if body_id is None:
            _no_province_body(proposal.department, kind)
        return body_id
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


def province_of(session: Session, org_id: int) -> tuple[int, str] | None:
    """The id and code of the province `org_id` lies in (itself, for a province), or None."""
    row = core_path.execute(session, _PROVINCE_OF, {"org_id": org_id}).first()
    return (row.id, row.code) if row is not None else None


def province_body(session: Session, department: Organisation, kind: str) -> Organisation:
    """The province's body of `kind` (board, council, committee) above `department`."""
    body = session.scalar(_BODY, {"org_id": department.id, "kind": kind})
    if body is None:
        _no_province_body(department, kind)
    return body


def _no_province_body(department: Organisation, kind: str) -> NoReturn:
    message = N_(
        "Không tìm thấy cơ quan loại '%(kind)s' của tỉnh chứa %(department)s",
        kind=kind,
        department=department.name,
    )
    raise Conflict("province_body_missing", message)


def _province_statement() -> Select[tuple[int, str]]:
    """The province above organisation :org_id (or itself), up its `parent` links in one
    statement: walking `Organisation.parent` loaded each organisation on the way, two
    statements of a filing, an upload and a submission each (issue 19)."""
    up = (
        select(Organisation.id, Organisation.parent_id, Organisation.kind, Organisation.code)
        .where(Organisation.id == bindparam("org_id"))
        .cte("up", recursive=True)
    )
    parent = aliased(Organisation)
    up = up.union_all(
        select(parent.id, parent.parent_id, parent.kind, parent.code).where(
            parent.id == up.c.parent_id
        )
    )
    return select(up.c.id, up.c.code).where(up.c.kind == OrgKind.PROVINCE).limit(1)


#: built once, the organisation bound per call (and the body's kind)
_PROVINCE_OF = _province_statement()
_IN_PROVINCE = (
    Organisation.parent_id
    == _PROVINCE_OF.with_only_columns(_PROVINCE_OF.selected_columns.id).scalar_subquery(),
    Organisation.kind == bindparam("kind"),
)
_BODY = select(Organisation).where(*_IN_PROVINCE)
_BODY_ID = select(Organisation.id).where(*_IN_PROVINCE)


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
