"""The diagrams the application runs: read and validated once at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from models import ProcessVersion, Stage
from workflows.eligibility import rules
from workflows.engine import steps, storage
from workflows.engine.diagrams import DiagramSet, parse, read_diagrams
from workflows.process import functions, versions


@dataclass(frozen=True)
class ProcessRegistry:
    diagrams: DiagramSet
    roles: frozenset[str]

    @classmethod
    def load(cls, roles: set[str], directory: Path | None = None) -> ProcessRegistry:
        """Read every file in bpmn/ and validate it; raises DiagramError naming file and line."""
        diagrams = read_diagrams(directory)
        parse(diagrams, roles, tuple(Stage), functions.DIAGRAM_FUNCTIONS)
        # The award criteria are evaluated outside the process: check their cells here too.
        rules.from_sources(diagrams.sources)
        return cls(diagrams, frozenset(roles))

    @property
    def eligibility(self) -> rules.EligibilityRules:
        return rules.from_sources(self.diagrams.sources)

    def current(self, session: Session) -> tuple[ProcessVersion, storage.Runtime]:
        return versions.ensure_version(session, self.diagrams, set(self.roles))

    def route_for(self, session: Session, award_code: str) -> dict:
        """What the routing decision table says for one award (for display and the API)."""
        _, runtime = self.current(session)
        data = {"award_code": award_code, "resume_stage": Stage.UNIT, "reconvene": False}
        workflow = runtime.new_workflow(data, functions.without_ballots())
        steps.start(workflow)
        ready = workflow.get_tasks(manual=True)
        return dict(ready[0].data.get("route", {})) if ready else {}
