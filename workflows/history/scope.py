"""Whose history a user may read or write: role *and* organisation, decided on the server.

The provincial board (board_officer, and the read-only board) reads every department; a
department's secretariat and Director read and write their department and its units; a unit's
head and nominator read their own unit only. Nobody else reads the registry.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, OrgKind, RoleCode, User
from workflows.history.persons import department_subtree

READ_ALL = (RoleCode.BOARD_OFFICER, RoleCode.BOARD)
DEPARTMENT_ROLES = (RoleCode.DEPT_SECRETARIAT, RoleCode.DIRECTOR)
UNIT_ROLES = (RoleCode.UNIT_HEAD, RoleCode.NOMINATOR)
HISTORY_ROLES = READ_ALL + DEPARTMENT_ROLES + UNIT_ROLES


def has_access(user: User) -> bool:
    return any(a.role_code in HISTORY_ROLES for a in user.held_assignments())


def readable(session: Session, user: User) -> list[Organisation]:
    """Departments and units whose history `user` reads."""
    if any(a.role_code in READ_ALL for a in user.held_assignments()):
        return list(
            session.scalars(
                select(Organisation).where(
                    Organisation.kind.in_([OrgKind.DEPARTMENT, OrgKind.UNIT])
                )
            )
        )
    found: dict[int, Organisation] = {}
    for a in user.held_assignments():
        if a.role_code in DEPARTMENT_ROLES:
            found.update({o.id: o for o in department_subtree(a.org)})
        elif a.role_code in UNIT_ROLES:
            found[a.org.id] = a.org
    return list(found.values())


def editable(user: User) -> list[Organisation]:
    """Departments and units whose history `user` writes (edits, imports, initiatives)."""
    found: dict[int, Organisation] = {}
    for a in user.held_assignments():
        if a.role_code in DEPARTMENT_ROLES:
            found.update({o.id: o for o in department_subtree(a.org)})
    return list(found.values())


def can_read(session: Session, user: User, org: Organisation) -> bool:
    return org.id in {o.id for o in readable(session, user)}


def can_edit(user: User, org: Organisation) -> bool:
    return org.id in {o.id for o in editable(user)}
