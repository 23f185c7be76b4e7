"""The staff registry (models.history.Person) and how nominees are tied to it.

Eligibility reads the history of a Person or an organisation, never a nominee's typed name: a
proposal's nominees are therefore linked to the registry whenever they are written.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Nominee, Organisation, Person, Proposal

from .search_text import fold, matches
from .vn_collation import person_key, sort_key

#: people shown on one page of a unit's list
LIST_LIMIT = 500


def link_nominees(session: Session, proposal: Proposal) -> None:
    """Set person_id / subject_org_id on each nominee of `proposal` (flushes new persons)."""
    collectives: list[Organisation] | None = None
    for nominee in proposal.nominees:
        if nominee.kind == "person":
            nominee.subject_org_id = None
            person = _person_for(session, proposal.org, nominee)
            nominee.person_id = person.id if person is not None else None
        else:
            nominee.person_id = None
            if collectives is None:
                collectives = department_subtree(proposal.department)
            nominee.subject_org_id = _collective_for(collectives, nominee.name)


def _person_for(session: Session, unit: Organisation, nominee: Nominee) -> Person | None:
    if nominee.user_id is not None:
        # The account is one person wherever they work now: user_id is unique in the registry.
        person = session.scalar(select(Person).where(Person.user_id == nominee.user_id))
        if person is not None:
            return person
    key = fold(nominee.name)[:120]
    same_name = list(
        session.scalars(
            select(Person).where(Person.org_id == unit.id, Person.name_key == key).limit(2)
        )
    )
    if len(same_name) > 1:
        # Two people of the unit share the name: guessing would give one the other's history.
        return None
    if same_name:
        person = same_name[0]
        if person.user_id is None and nominee.user_id is not None:
            person.user_id = nominee.user_id
        return person
    person = Person(
        org_id=unit.id,
        full_name=nominee.name,
        name_key=key,
        gender=nominee.gender,
        job_title=nominee.job_title or "",
        is_leader=bool(nominee.is_leader),
        user_id=nominee.user_id,
    )
    session.add(person)
    session.flush()
    return person


def _collective_for(candidates: list[Organisation], name: str) -> int | None:
    key = fold(name)
    found = [o.id for o in candidates if key in (fold(o.name), fold(o.short_name))]
    return found[0] if len(found) == 1 else None


def department_subtree(department: Organisation) -> list[Organisation]:
    """The department and every organisation below it."""
    found, todo = [], [department]
    while todo:
        org = todo.pop()
        found.append(org)
        todo.extend(org.children)
    return found


def people(
    session: Session, org_ids: list[int], query: str | None = None, limit: int = LIST_LIMIT
) -> list[Person]:
    """People of the given units, matching every word of `query` whatever its marks."""
    rows = session.scalars(
        select(Person)
        .where(Person.org_id.in_(org_ids), matches(Person.name_key, query))
        .order_by(Person.id)
        .limit(limit)
    )
    return sorted(rows, key=lambda p: (sort_key(p.org.name), person_key(p.full_name)))


def add_person(
    session: Session,
    *,
    org_id: int,
    full_name: str,
    staff_code: str | None = None,
    gender: str | None = None,
    job_title: str = "",
    is_leader: bool = False,
) -> Person:
    person = Person(
        org_id=org_id,
        full_name=" ".join(full_name.split()),
        name_key=fold(full_name)[:120],
        staff_code=staff_code or None,
        gender=gender,
        job_title=job_title,
        is_leader=is_leader,
    )
    session.add(person)
    session.flush()
    return person
