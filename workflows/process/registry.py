"""The diagrams the application runs: read and validated once at start-up."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy.orm import Session

from models import ProcessVersion, Stage
from workflows.eligibility import rules
from workflows.engine import steps, storage
from workflows.engine.diagrams import (
    PROCESS_ID,
    DiagramError,
    DiagramSet,
    for_process,
    process_ids,
    read_diagrams,
)
from workflows.process import functions, versions


@dataclass(frozen=True)
class ProcessRegistry:
    diagrams: DiagramSet
    roles: frozenset[str]
    #: every process bpmn/ defines to run on its own, the proposal's first
    processes: tuple[str, ...] = (PROCESS_ID,)

    @classmethod
    def load(cls, roles: set[str], directory: Path | None = None) -> ProcessRegistry:
        """Read every file in bpmn/ and validate it; raises DiagramError naming file and line."""
        diagrams = read_diagrams(directory)
        found = process_ids(diagrams)
        if PROCESS_ID not in found:
            raise DiagramError(f"no executable process '{PROCESS_ID}'", "bpmn/")
        with _older_objects_aside():
            for process_id in found:
                # Kept for the version row of these files (versions.offer): a worker's first
                # request need not parse them again.
                versions.offer(versions.parsed_runtime(for_process(diagrams, process_id), roles))
                # A parse leaves ~5 MB of lxml trees and parser objects in reference cycles:
                # collected before the next is parsed, they are not all held at once at a
                # worker's start-up, its memory peak until load (issue 19, target "Memory").
                gc.collect()
        # The award criteria are evaluated outside the process: check their cells here too.
        rules.from_sources(diagrams.sources)
        return cls(diagrams, frozenset(roles), tuple(found))

    @cached_property
    def eligibility(self) -> rules.EligibilityRules:
        # Kept on the registry (its sources never change): the parse's cache is keyed by a hash
        # of the table's 30 KB of text, which every step that checks criteria paid again.
        return rules.from_sources(self.diagrams.sources)

    def current(self, session: Session) -> tuple[ProcessVersion, storage.Runtime]:
        return versions.ensure_version(session, self.diagrams, set(self.roles))

    def current_of(
        self, session: Session, process_id: str
    ) -> tuple[ProcessVersion, storage.Runtime]:
        """The version row and runtime of any process bpmn/ defines (a case's: workflows.cases);
        ValueError for an id the files do not define."""
        if process_id not in self.processes:
            raise ValueError(f"bpmn/ defines no process '{process_id}'")
        if process_id == PROCESS_ID:
            return self.current(session)
        return versions.ensure_version(
            session, for_process(self.diagrams, process_id), set(self.roles)
        )

    def route_for(self, session: Session, award_code: str) -> dict:
        """What the routing decision table says for one award (for display and the API)."""
        _, runtime = self.current(session)
        data = {"award_code": award_code, "resume_stage": Stage.UNIT, "reconvene": False}
        workflow = runtime.new_workflow(data, functions.without_ballots())
        steps.start(workflow)
        ready = workflow.get_tasks(manual=True)
        return dict(ready[0].data.get("route", {})) if ready else {}


@contextmanager
def _older_objects_aside() -> Iterator[None]:
    """Collections inside see only the objects made inside: a parse's garbage.

    Each collection walks every object the process holds, and what existed before the load
    outlives it: a long-lived process that loads again (a test worker with hundreds of thousands
    of objects, ~0.5 s a collection) walked all of it once per process parsed. Set aside in the
    collector's permanent generation (two list splices) and put back after, they are walked only
    by the collections that follow. Left alone when something else has frozen objects
    (webapp/wsgi.py after start-up): putting back would unfreeze those too."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
