"""The bloc's ranking as the proposal's endorsement (the step whose form is `endorse`).

Where the bloc keeps its year in tdkt (a pledge for the proposal's year), its endorsement is the
ranking, not what the head types: approving needs the ranking to be final and to endorse the
proposal's department for the proposal's award; the step's data is then the ranking's (score,
rank, the pledge). Where the bloc has no pledge for the year, the step stays as it was."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Action, BlocEntry, BlocPledge, HumanTask, PledgeStatus, Proposal
from workflows.errors import N_, Conflict

FORM = "endorse"


def ranking_values(session: Session, proposal: Proposal, task: HumanTask, action: str) -> dict:
    """What the approval of the endorsement records from the ranking; {} when the bloc keeps
    no pledge for the year or the step is not an approval. Raises Conflict when the ranking is
    not final or does not endorse the department for the award."""
    if task.form != FORM or action != Action.APPROVE:
        return {}
    pledge = session.scalar(
        select(BlocPledge).where(
            BlocPledge.grouping_id == task.org_id, BlocPledge.year == proposal.year
        )
    )
    if pledge is None:
        return {}
    if pledge.status != PledgeStatus.RANKED:
        message = N_(
            "Khối/Cụm thi đua chưa có kết quả xếp hạng năm %(year)s: chưa thể suy tôn",
            year=proposal.year,
        )
        raise Conflict("bloc_not_ranked", message)
    entry = session.scalar(
        select(BlocEntry).where(
            BlocEntry.pledge_id == pledge.id, BlocEntry.member_id == proposal.department_id
        )
    )
    if entry is None or entry.endorsed_for != proposal.award_code:
        message = N_(
            "Theo kết quả xếp hạng năm %(year)s (hạng %(rank)s), Khối/Cụm không suy tôn đơn vị "
            "cho hình thức này",
            year=proposal.year,
            rank=entry.rank if entry is not None and entry.rank else "—",
        )
        raise Conflict("bloc_not_endorsed", message)
    return {
        "score": entry.total,
        "rank": entry.rank,
        "bloc_pledge_id": pledge.id,
        "endorsed_for": entry.endorsed_for,
        "votes_yes": entry.votes_yes,
        "ballot_members": pledge.ballot_members,
    }
