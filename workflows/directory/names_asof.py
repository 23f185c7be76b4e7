"""Organisations as a reader of a past decision must see them, and counts rolled up through
successors.

A decided award keeps the names its decision was issued under: the unit and the department are
named as they were on the decision date (`org_history.name_on`), never with today's name. A
document dated after its department ended is issued by the department's heir on that date.
A count "rolled up" puts every organisation under the one that carries it today (a merged Sở
TT&TT under Sở KH&CN), and says whom it includes; "as recorded" leaves each as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Organisation, OrgName
from workflows.directory import org_history


def decided_on(proposal) -> date | None:
    """The day whose names a proposal is shown with: its decision's, else None (today's)."""
    return proposal.decision_date


class Names:
    """Names as of dates, answering as `org_history.name_on` does, with each organisation's
    name history read once: a list or an export of hundreds of decided proposals asks for
    the same few organisations on many dates."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._history: dict[int, list[OrgName]] = {}

    def preload(self, org_ids: Iterable[int]) -> Names:
        """Read the name histories of many organisations in one statement (a list of decided
        proposals of a hundred units is then one read, not a hundred)."""
        missing = set(org_ids) - self._history.keys()
        if missing:
            for org_id in missing:
                self._history[org_id] = []
            for row in self.session.scalars(select(OrgName).where(OrgName.org_id.in_(missing))):
                self._history[row.org_id].append(row)
        return self

    def _rows(self, org: Organisation) -> list[OrgName]:
        return self.preload([org.id])._history[org.id]

    def both(self, org: Organisation | None, day: date | None) -> tuple[str, str]:
        if org is None:
            return "", ""
        if day is not None:
            held = [
                r
                for r in self._rows(org)
                if (r.valid_from is None or r.valid_from <= day)
                and (r.valid_to is None or day <= r.valid_to)
            ]
            if held:
                row = max(held, key=lambda r: r.valid_from or date.min)
                return row.name, row.short_name
        return org.name, org.short_name

    def name(self, org: Organisation | None, day: date | None) -> str:
        return self.both(org, day)[0]

    def short(self, org: Organisation | None, day: date | None) -> str:
        return self.both(org, day)[1]


def issuer_on(session: Session, department: Organisation, day: date) -> Organisation:
    """Who issues a department's document dated `day`: the department while it exists, else
    the organisation that carries it then (the first heir of a split; itself when none)."""
    if department.exists_on(day):
        return department
    heirs = org_history.heirs_on(session, department, day)
    return heirs[0] if heirs else department


@dataclass
class Rollup:
    """Where each organisation's counts go when rolled up through successors."""

    #: organisation id -> the organisation its counts are shown under
    head: dict[int, Organisation] = field(default_factory=dict)
    #: head id -> the organisations it took over that are folded into it, oldest id first
    former: dict[int, list[Organisation]] = field(default_factory=dict)

    def of(self, org: Organisation) -> Organisation:
        return self.head.get(org.id, org)

    def label(self, org: Organisation, short: bool = False) -> str:
        """ "Sở KH&CN, gồm cả Sở TT&TT trước đây" for a head with folded predecessors."""
        head = self.of(org)
        own = head.short_name if short else head.name
        before = self.former.get(head.id, [])
        if not before:
            return own
        names = ", ".join(o.short_name if short else o.name for o in before)
        return f"{own}, gồm cả {names} trước đây"


def rollup(session: Session, orgs: list[Organisation], day: date) -> Rollup:
    """Each of `orgs` under the single organisation that carries it on `day`. A split
    predecessor (several heirs) stays on its own: its past counts cannot be divided."""
    out = Rollup()
    for org in orgs:
        if org.id in out.head:
            continue
        heirs = org_history.heirs_on(session, org, day)
        head = heirs[0] if len(heirs) == 1 else org
        out.head[org.id] = head
        if head.id != org.id:
            out.former.setdefault(head.id, []).append(org)
    for folded in out.former.values():
        folded.sort(key=lambda o: o.id)
    return out


def with_lineage(session: Session, org_ids: set[int]) -> set[int]:
    """`org_ids` and every organisation any of them took over: what the holder of a role at a
    successor reads (its predecessors' proposals and movements)."""
    out = set(org_ids)
    for org in session.scalars(select(Organisation).where(Organisation.id.in_(org_ids))):
        out |= org_history.lineage_ids(session, org)
    return out
