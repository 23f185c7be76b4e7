"""The application's functions a diagram's expressions may call, injected into the script
engine whenever an instance is created or loaded (workflows.engine.scripting knows none of them).

- `due_at(step, which)`: the ISO moment of a step's reminder or deadline, from the rules and the
  province's calendar (workflows.deadlines.due_dates), for the boundary timers' timeDate.
- `ballot_result(stage, proposal_id, round)`: the outcome of a council's ballot box
  (workflows.council.counting), for the gateways after the ballot tasks.

Each is handed over sealed (workflows.engine.scripting.sealed): a plain function with empty
globals, not the bound method of a module's object, so `due_at.__func__.__globals__` or
`ballot_result.__globals__` lead nowhere even if an expression could reach an attribute.
"""

from __future__ import annotations

from collections.abc import Callable

from workflows.deadlines.due_dates import DeadlineContext
from workflows.engine.scripting import sealed

#: every name a diagram may call besides the safe builtins (tests check the diagrams call no other)
DIAGRAM_FUNCTIONS = ("due_at", "ballot_result")


def offered(
    deadlines: DeadlineContext, ballot_result: Callable[[str, int, int], str]
) -> dict[str, Callable[..., object]]:
    return {"due_at": sealed(deadlines.due_at), "ballot_result": sealed(ballot_result)}


def without_ballots(deadlines: DeadlineContext | None = None) -> dict[str, Callable[..., object]]:
    """For running a diagram outside a proposal (the route of an award, tests): the rules and the
    official calendar alone, and no ballot box to read."""
    return offered(deadlines or DeadlineContext(), _no_ballot_boxes)


def _no_ballot_boxes(stage: str, proposal_id: int, round_: int) -> str:
    raise RuntimeError("ballot_result: this instance was loaded without the ballot boxes")
