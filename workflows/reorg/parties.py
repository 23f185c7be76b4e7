"""The organisations of an organisation event's plan, loaded once by the checks
(workflows.reorg.checks) and used by what the event moves and writes (`moves`, `events`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from models import Organisation


@dataclass
class Parties:
    """The organisations of a checked plan, loaded."""

    #: renamed, transferred, split, dissolved; a merge's predecessors
    subjects: list[Organisation] = field(default_factory=list)
    #: a merge's existing successor, a transfer's new department, a dissolution's heir, a
    #: split's default successor
    successor: Organisation | None = None
    #: a split's successors by id
    shares: dict[int, Organisation] = field(default_factory=dict)
