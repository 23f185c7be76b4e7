"""The inbox: indexed queries over human-task rows, never a scan of workflows."""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import Select, bindparam, exists, not_, or_, select
from sqlalchemy.orm import Session, joinedload, lazyload, load_only

from models import HumanTask, Nominee, Organisation, Proposal, Role, TaskState, User
from workflows.directory.access import candidate_clause


def inbox_query(user: User) -> Select[HumanTask, Proposal]:
    """Ready tasks the user may act on: claimed by them, or open to their role at that organisation.

    A reviewer never sees a proposal they filed or are nominated in.
    """
    reviewer_role = exists().where(Role.code == HumanTask.role_code, Role.reviewer.is_(True))
    conflict = or_(
        Proposal.created_by_id == user.id,
        exists().where(Nominee.proposal_id == Proposal.id, Nominee.user_id == user.id),
    )
    return (
        select(HumanTask, Proposal)
        .join(Proposal, Proposal.id == HumanTask.proposal_id)
        .where(
            HumanTask.state == TaskState.READY,
            candidate_clause(user),
            or_(not_(reviewer_role), not_(conflict)),
        )
        .order_by(*inbox_order())
        # The inbox shows neither the author nor the nominees; loading them (the author's roles,
        # the nominees' selectin) cost a query each per listing.
        .options(lazyload(Proposal.created_by), lazyload(Proposal.nominees))
    )


def inbox_order() -> tuple:
    """Soonest due date first, undated steps after them; then the longest waiting first.

    The due date is the deadlines' column (human_task.due_at) when the model has it, read like
    workflows.reports.dashboard.due_at does; without it the inbox is ordered by age alone.
    """
    due = getattr(HumanTask, "due_at", None)
    by_due = (due.is_(None), due) if due is not None else ()
    return (*by_due, HumanTask.created_at, HumanTask.id)


def inbox(session: Session, user: User, limit: int = 500) -> list[tuple[HumanTask, Proposal]]:
    rows = session.execute(inbox_query(user).limit(limit))
    return [(task, proposal) for task, proposal in rows]


def listing(
    session: Session, user: User, proposal_id: int | None = None
) -> list[tuple[HumanTask, Proposal]]:
    """The inbox as the API lists it, optionally one proposal's tasks only.

    inbox_query's rows, from a statement built once per number of assignments (building it
    cost as much as running it), loading only what the list shows.
    """
    params: dict = {"user_id": user.id, "proposal_id": proposal_id}
    held = user.held_assignments()
    for i, a in enumerate(held):
        params[f"role_{i}"], params[f"org_{i}"] = a.role_code, a.org_id
    query = _listing_query(len(held), proposal_id is not None)
    return [(task, proposal) for task, proposal in session.execute(query, params)]


@lru_cache(maxsize=64)
def _listing_query(assignments: int, one_proposal: bool) -> Select[HumanTask, Proposal]:
    # inbox_query written for a user whose id and assignments are bind parameters: the same
    # rule (access.candidate_clause), with any user's values bound at execution.
    held = [
        SimpleNamespace(role_code=bindparam(f"role_{i}"), org_id=bindparam(f"org_{i}"))
        for i in range(assignments)
    ]
    placeholder = SimpleNamespace(id=bindparam("user_id"), held_assignments=lambda: held)
    query = inbox_query(placeholder)  # type: ignore[arg-type]
    if one_proposal:
        query = query.where(HumanTask.proposal_id == bindparam("proposal_id"))
    # What webapp.api.serialize.inbox_task reads, and nothing else.
    return query.options(
        load_only(
            HumanTask.id,
            HumanTask.proposal_id,
            HumanTask.name,
            HumanTask.bpmn_id,
            HumanTask.stage,
            HumanTask.role_code,
            HumanTask.org_id,
            HumanTask.claimed_by_id,
            HumanTask.created_at,
            HumanTask.instructions,
            HumanTask.form,
            HumanTask.actions,
            HumanTask.due_at,
        ),
        joinedload(HumanTask.org).load_only(Organisation.code, Organisation.name),
        # Claimed by nobody or by the caller (candidate_clause), who is in the session already.
        lazyload(HumanTask.claimed_by),
        load_only(
            Proposal.id,
            Proposal.title,
            Proposal.award_code,
            Proposal.status,
            Proposal.last_reason,
        ),
        lazyload(Proposal.org),
        lazyload(Proposal.award),
    )
