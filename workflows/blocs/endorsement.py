"""The ranking feeds the proposals' endorsement step: when the ballot closes, each endorsed
member's proposal for the award it was endorsed for, of the pledge's year, waiting at the bloc's
endorsement step, has that step completed by the head with the ranking as its data
(process.bloc_endorsement), and goes on to the province. A proposal filed later meets the same
step and takes the same ranking when the head approves it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import BlocAction, BlocEntry, BlocPledge, HumanTask, Proposal, TaskState, User
from workflows.blocs import audit
from workflows.process import bloc_endorsement, review
from workflows.process.registry import ProcessRegistry


def waiting_steps(session: Session, pledge: BlocPledge, entry: BlocEntry) -> list[HumanTask]:
    return list(
        session.scalars(
            select(HumanTask)
            .join(Proposal, Proposal.id == HumanTask.proposal_id)
            .where(
                HumanTask.form == bloc_endorsement.FORM,
                HumanTask.state == TaskState.READY,
                HumanTask.org_id == pledge.grouping_id,
                Proposal.department_id == entry.member_id,
                Proposal.year == pledge.year,
                Proposal.award_code == entry.endorsed_for,
            )
            .order_by(HumanTask.id)
        )
    )


def feed(
    session: Session,
    registry: ProcessRegistry,
    user: User,
    pledge: BlocPledge,
    endorsed: list[BlocEntry],
) -> list[int]:
    """Complete the waiting endorsement steps of the endorsed members; the proposals' ids."""
    done = []
    # The ranking is the bloc's reason to forward: it stands as the justification the criteria
    # ask of a forwarding step whose nominee fails one (workflows.eligibility.checks).
    for entry in endorsed:
        for task in waiting_steps(session, pledge, entry):
            comment = (
                f"Suy tôn theo kết quả xếp hạng {pledge.grouping.name} năm {pledge.year}: "
                f"hạng {entry.rank}, {entry.total} điểm"
            )
            _, proposal = review.complete_step(
                session,
                registry,
                user,
                task.id,
                {"action": "approve", "comment": comment, "justification": comment},
            )
            done.append(proposal.id)
            audit.record(
                session,
                pledge,
                user,
                BlocAction.ENDORSED,
                entry.member_id,
                proposal_id=proposal.id,
                award=entry.endorsed_for,
            )
    return done
