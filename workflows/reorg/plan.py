"""What an administrator asks for: one organisation event, as plain values (ids, dates, texts).

The same plan is checked, previewed and applied; nothing here reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from models import OrgEventKind


class RolesOutcome(StrEnum):
    """What becomes of the role assignments at an organisation that ends."""

    MOVE = "move"  #: closed the day before and opened at the successor from the event's day
    CLOSE = "close"  #: closed the day before; the user is told


@dataclass(frozen=True)
class NewOrg:
    """An organisation the event creates (a merge into a new one, an establishment)."""

    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None


@dataclass(frozen=True)
class Share:
    """In a split: what one successor takes (people and units by id; `share` for people)."""

    successor_id: int
    people: tuple[int, ...] = ()
    units: tuple[int, ...] = ()
    share: str | None = None


@dataclass(frozen=True)
class EventPlan:
    kind: OrgEventKind
    #: the first day of the new state
    effective_on: date
    decision_no: str
    decision_date: date | None = None
    issued_by: str | None = None
    note: str | None = None
    source_note: str | None = None
    #: the organisation renamed, transferred, split or dissolved; a merge's predecessors
    org_ids: tuple[int, ...] = ()
    #: a merge's existing successor, a transfer's new department, a dissolution's heir (None:
    #: nobody takes over), a split's default successor (who gets what no share names)
    successor_id: int | None = None
    #: a merge into (or the establishment of) a new organisation
    new_org: NewOrg | None = None
    #: a rename's new names
    new_name: str | None = None
    new_short_name: str | None = None
    #: a split's successors and what each takes
    shares: tuple[Share, ...] = field(default_factory=tuple)
    roles: RolesOutcome = RolesOutcome.MOVE

    @property
    def ending(self) -> bool:
        """Whether the event ends the organisations of `org_ids`."""
        return self.kind in (OrgEventKind.MERGE, OrgEventKind.SPLIT, OrgEventKind.DISSOLVE)
