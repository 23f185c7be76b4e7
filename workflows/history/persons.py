"""The staff registry (models.history.Person) and how nominees are tied to it.

Eligibility reads the history of a Person or an organisation, never a nominee's typed name: a
proposal's nominees are therefore linked to the registry whenever they are written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from models import Nominee, Organisation, Person, Proposal
from workflows.search_text import fold, matches
from workflows.vn_collation import person_key, sort_key

#: people shown on one page of a unit's list
LIST_LIMIT = 500


def link_nominees(session: Session, proposal: Proposal) -> None:
    """Set person_id / subject_org_id on each nominee of `proposal` (flushes new persons)."""
    link(session, proposal.org, proposal.nominees, lambda: proposal.department)


def link(
    session: Session,
    unit: Organisation,
    nominees: Iterable[Nominee],
    department: Callable[[], Organisation],
) -> None:
    """link_nominees for nominees not yet written: the registry is read with one query per
    kind of key (accounts, names) whatever the number of nominees, and the persons it lacks
    are written with one flush; nominees are matched in their order, as one by one.

    `department`: the proposal's department, asked for only when a collective is nominated.
    """
    nominees = list(nominees)
    registry = _Registry(session, unit, [n for n in nominees if n.kind == "person"])
    collectives: list[Organisation] | None = None
    for nominee in nominees:
        if nominee.kind == "person":
            nominee.subject_org_id = None
            registry.match(nominee)
        else:
            nominee.person_id = None
            if collectives is None:
                collectives = department_subtree(department())
            nominee.subject_org_id = _collective_for(collectives, nominee.name)
    registry.write()


class _Registry:
    """The persons a list of nominees may be, read at once, and those created for them."""

    def __init__(self, session: Session, unit: Organisation, nominees: list[Nominee]) -> None:
        self.session, self.unit = session, unit
        self.created: list[tuple[Person, list[Nominee]]] = []
        self.by_user: dict[int, Person] = {}
        self.by_key: dict[str, list[Person]] = defaultdict(list)
        user_ids = {n.user_id for n in nominees if n.user_id is not None}
        keys = {_key(n.name) for n in nominees}
        # Nothing of the caller's is pending a write these reads could need.
        with session.no_autoflush:
            if user_ids:
                query = select(Person).where(Person.user_id.in_(user_ids))
                for person in session.scalars(query.options(lazyload(Person.org))):
                    if person.user_id is not None:  # always: selected by it
                        self.by_user[person.user_id] = person
            if keys:
                query = select(Person).where(Person.org_id == unit.id, Person.name_key.in_(keys))
                for person in session.scalars(query.options(lazyload(Person.org))):
                    self.by_key[person.name_key].append(person)

    def match(self, nominee: Nominee) -> None:
        person = self._person_for(nominee)
        if person is not None and person.id is None:
            # Written by write(): the id is known after its flush.
            next(waiting for p, waiting in self.created if p is person).append(nominee)
        nominee.person_id = person.id if person is not None else None

    def _person_for(self, nominee: Nominee) -> Person | None:
        if nominee.user_id is not None:
            # The account is one person wherever they work now: user_id is unique in the
            # registry.
            person = self.by_user.get(nominee.user_id)
            if person is not None:
                return person
        key = _key(nominee.name)
        same_name = self.by_key[key]
        if len(same_name) > 1:
            # Two people of the unit share the name: guessing would give one the other's
            # history.
            return None
        if same_name:
            person = same_name[0]
            if person.user_id is None and nominee.user_id is not None:
                person.user_id = nominee.user_id
                self.by_user[nominee.user_id] = person
            return person
        person = Person(
            org_id=self.unit.id,
            full_name=nominee.name,
            name_key=key,
            gender=nominee.gender,
            job_title=nominee.job_title or "",
            is_leader=bool(nominee.is_leader),
            user_id=nominee.user_id,
        )
        self.session.add(person)
        self.created.append((person, []))
        same_name.append(person)
        if nominee.user_id is not None:
            self.by_user[nominee.user_id] = person
        return person

    def write(self) -> None:
        if not self.created:
            return
        self.session.flush()
        for person, nominees in self.created:
            for nominee in nominees:
                nominee.person_id = person.id


def _key(name: str) -> str:
    return fold(name)[:120]


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
