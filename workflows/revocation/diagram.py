"""The steps of bpmn/revocation.bpmn, read from the diagram: who acts at each (the lane), at
which stage, with which form.

The revocation runs as a case (workflows.revocation.kind on workflows.cases), whose runtime
reads each step's lane; the pages ask this module who may propose (the proposing step's role)
before any case exists, from the same diagram, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from models import Stage
from workflows.engine.diagrams import DiagramSet, bpmn_dir, content_hash_of, parse
from workflows.process import functions
from workflows.reference import role_codes

FILE = "revocation.bpmn"
PROCESS_ID = "tdkt_revocation"
#: the forms of the diagram's steps, as the service knows them
PROPOSE, CHECK, DECIDE = "revocation_propose", "revocation_check", "revocation_decide"
#: the board records the revoking decision of the authority outside tdkt that decided the award
RECORD = "revocation_record"
#: who proposes, by who decided the award: the body that submitted it to the decider; for an
#: award decided outside tdkt or above the province, the provincial board on its behalf
_PROPOSER = {"director": "unit_head", "chairman": "director", "authority": "board_officer"}


@dataclass(frozen=True)
class Step:
    bpmn_id: str
    name: str
    #: the role (lane) that acts
    role: str
    stage: str
    form: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Steps:
    by_id: dict[str, Step]

    def propose(self, decider: str) -> Step:
        """Who proposes: the body that submitted the award to the one who decided it."""
        return self._one(PROPOSE, _PROPOSER[decider])

    def check(self) -> Step:
        return self._one(CHECK)

    def decide(self, decider: str) -> Step:
        """Who decides: whoever decided the award (in tdkt); the board records an authority's."""
        if decider == "authority":
            return self._one(RECORD)
        return self._one(DECIDE, decider)

    def _one(self, form: str, role: str | None = None) -> Step:
        found = [
            s for s in self.by_id.values() if s.form == form and (role is None or s.role == role)
        ]
        if len(found) != 1:
            raise LookupError(f"{FILE}: expected one step of form {form} for {role}: {found}")
        return found[0]


def load(roles: Collection[str], directory: Path | None = None) -> Steps:
    """Parse and check the diagram (DiagramError naming file and line) and read its steps."""
    path = (directory or bpmn_dir()) / FILE
    text = path.read_bytes().decode("utf-8")
    sources = {FILE: text}
    spec, _ = parse(
        DiagramSet(sources, content_hash_of(sources), PROCESS_ID),
        roles,
        tuple(Stage),
        functions.DIAGRAM_FUNCTIONS,
    )
    steps = {}
    for task_spec in spec.task_specs.values():
        if not getattr(task_spec, "manual", False):
            continue
        props = task_spec.extensions.get("properties", {})
        steps[task_spec.bpmn_id] = Step(
            task_spec.bpmn_id,
            task_spec.bpmn_name or task_spec.bpmn_id,
            task_spec.lane,
            props["stage"],
            props["form"],
            tuple(a.strip() for a in props["actions"].split(",") if a.strip()),
        )
    out = Steps(steps)
    for decider in _PROPOSER:
        out.propose(decider), out.decide(decider)
    out.check()
    return out


@cache
def steps() -> Steps:
    """The shipped diagram's steps, read once."""
    return load(role_codes())
