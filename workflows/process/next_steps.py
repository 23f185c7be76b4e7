"""A proposal's next steps as the user who just acted sees them: what the answer of a step
carries so that an API client does not read the inbox (or the proposal) again before the next
completion (issue 19: a request per step less).

Plain rows, one statement: the ready steps with their organisation's code, a ballot's member and
the nominees it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session, aliased

from models import HumanTask, Nominee, Organisation, Proposal, TaskState, User, core_path
from workflows.council import ballots


@dataclass(frozen=True)
class NextStep:
    id: int
    name: str
    element: str
    stage: str
    role: str
    org: str
    form: str
    actions: list[str]
    due_at: datetime | None
    claimed: bool
    #: a ballot's member (username); None for a step any holder of the role may take
    assignee: str | None
    #: whether the user holds the step (its role at its organisation, or it is their ballot)
    #: and nobody else claimed it; the completion still makes every check
    for_me: bool
    #: a ballot's choices: the nominees still in the running, (id, name); None for other forms
    nominees: list[tuple[int, str]] | None


def of(session: Session, user: User, proposal: Proposal) -> list[NextStep]:
    """The ready steps of `proposal` in the order they arrived, as seen by `user`."""
    rows = core_path.execute(session, _READY_STEPS, {"proposal_id": proposal.id}).all()
    steps: dict[int, NextStep] = {}
    for r in rows:
        if r.id not in steps:
            steps[r.id] = NextStep(
                id=r.id,
                name=r.name,
                element=r.bpmn_id,
                stage=r.stage,
                role=r.role_code,
                org=r.code,
                form=r.form,
                actions=r.actions.split(",") if r.actions else [],
                due_at=r.due_at,
                claimed=r.claimed_by_id is not None,
                assignee=r.username,
                for_me=(
                    r.assignee_id == user.id
                    if r.assignee_id is not None
                    else user.has_role(r.role_code, r.org_id) and r.claimed_by_id in (None, user.id)
                ),
                nominees=[] if r.form == ballots.FORM else None,
            )
        if r.nominee_id is not None:
            choices = steps[r.id].nominees
            assert choices is not None  # joined for ballots only
            choices.append((r.nominee_id, r.nominee_name))
    return list(steps.values())


def _ready_steps():
    member = aliased(User)
    ballot = HumanTask.form == ballots.FORM
    return (
        select(
            HumanTask.id,
            HumanTask.name,
            HumanTask.bpmn_id,
            HumanTask.stage,
            HumanTask.role_code,
            HumanTask.org_id,
            Organisation.code,
            HumanTask.form,
            HumanTask.actions,
            HumanTask.due_at,
            HumanTask.claimed_by_id,
            HumanTask.assignee_id,
            member.username,
            Nominee.id.label("nominee_id"),
            Nominee.name.label("nominee_name"),
        )
        .join(Organisation, Organisation.id == HumanTask.org_id)
        .outerjoin(member, member.id == HumanTask.assignee_id)
        # A ballot's choices in the same statement: a row per nominee still in the running.
        .outerjoin(
            Nominee,
            and_(ballot, Nominee.proposal_id == HumanTask.proposal_id, Nominee.status == "active"),
        )
        .where(
            HumanTask.proposal_id == bindparam("proposal_id"),
            HumanTask.state == TaskState.READY,
        )
        .order_by(HumanTask.id, Nominee.position, Nominee.id)
    )


#: of's statement, built once with the proposal bound per call: building it (an aliased user,
#: three joins) and computing its cache key cost ~2.5 ms of CPU per answer, the statement
#: itself a tenth of that (issue 19)
_READY_STEPS = _ready_steps()
