"""Who issues and signs a document: the department or the province's People's Committee as
named on the document's day, and whoever held the signing role that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, OrgKind, RoleAssignment, RoleCode, User
from workflows.directory.names_asof import issuer_on
from workflows.directory.org_history import name_on
from workflows.directory.orgs import province_body
from workflows.directory.roles_held import held_on
from workflows.documents import vn


@dataclass(frozen=True)
class Issuer:
    parent: str  #: the line above the body's name, e.g. "UBND TỈNH ĐIỆN BIÊN"
    name: str  #: e.g. "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    full_name: str
    place: str  #: e.g. "Điện Biên"
    #: the department that issues it (its Director signs), when a department does
    org_id: int | None = None


def province_of(department: Organisation) -> Organisation | None:
    return department.ancestor(OrgKind.PROVINCE)


def department_issuer(session: Session, department: Organisation, day: date) -> Issuer:
    """The department as it signs a document dated `day`: under its name of that day, or its
    successor's when it had already been merged (a decision after 1/3/2025 of a proposal
    filed with Sở TT&TT is issued by Sở KH&CN)."""
    issuing = issuer_on(session, department, day)
    name, _short = name_on(session, issuing, day)
    province = province_of(issuing)
    province_name = province.name if province else ""
    return Issuer(
        parent=vn.upper(f"UBND {province_name}".strip()),
        name=vn.upper(vn.body_name(name)),
        full_name=vn.body_name(name),
        place=vn.place_name(province_name),
        org_id=issuing.id,
    )


def committee_issuer(session: Session, department: Organisation) -> Issuer:
    committee = province_body(session, department, OrgKind.COMMITTEE)
    province = province_of(department)
    province_name = province.name if province else ""
    return Issuer(
        parent="ỦY BAN NHÂN DÂN",
        name=vn.upper(province_name),
        full_name=committee.name,
        place=vn.place_name(province_name),
    )


def holder_name(session: Session, role: str, org_id: int, day: date) -> str:
    # Who held the role on the document's day, not whoever holds it when it is printed.
    name = session.scalar(
        select(User.full_name)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role_code == role, RoleAssignment.org_id == org_id, held_on(day))
        .order_by(User.id)
        .limit(1)
    )
    return name or ""


def director_name(session: Session, department_id: int, day: date) -> str:
    # The Director chairs the department's council (ARCHITECTURE.md, "Domain facts").
    return holder_name(session, RoleCode.DIRECTOR, department_id, day)
