"""Moving running proposals to another version of the diagrams (issue 16, point 4).

A proposal's running instance is pinned to the process version it started on (the proposal too:
its next rounds start on it). An administrator may move it to another version of the same
process: each step a person waits on must exist in the target version under the same BPMN id,
in the same lane (role) and stage, and not be a council's ballot (its box is open, and the
tally belongs to the old step). The instance keeps its task ids and data; what follows the
waiting steps is predicted again from the target diagram (workflows.engine.rehome), and the
timers are evaluated again with the target's expressions, as of when each step began.

`preview` says for each proposal where it lands or why it cannot; `migrate` does it under the
instance's row lock (RunningProcess.lock), planning again with what the lock shows, and writes
what the runtime would: the state, the inbox rows, the timer rows, the proposal's version, and
an audit event. All or nothing per proposal: a refused one is left as it was, and listed.

The parts: what runs on which version (`migration_in_use`), the plan and `preview`
(`migration_preview`), `migrate` (`migration_apply`); this module names them together.
"""

from __future__ import annotations

from workflows.process.migration_apply import migrate
from workflows.process.migration_in_use import (
    RunningProposal,
    VersionInUse,
    running_on,
    stored_id,
    versions_in_use,
)
from workflows.process.migration_preview import (
    BALLOT_FORM,
    MAX_PROPOSALS,
    Landing,
    Plan,
    Refusal,
    StepMove,
    TimerMove,
    preview,
    target_version,
)

__all__ = [
    "BALLOT_FORM",
    "MAX_PROPOSALS",
    "Landing",
    "Plan",
    "Refusal",
    "RunningProposal",
    "StepMove",
    "TimerMove",
    "VersionInUse",
    "migrate",
    "preview",
    "running_on",
    "stored_id",
    "target_version",
    "versions_in_use",
]
