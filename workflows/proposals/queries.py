"""Finding proposals: the board's and the API's filtered lists, and a proposal's current steps."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models import HumanTask, Nominee, Proposal, TaskState, User
from workflows import search_text
from workflows.directory.access import list_clause


def search(
    user: User,
    *,
    status: str | None = None,
    stage: str | None = None,
    org_id: int | None = None,
    award_code: str | None = None,
    year: int | None = None,
    q: str | None = None,
) -> Select:
    """Proposals the user may see, filtered; the caller pages and executes.

    `q`: words to find in the title or a nominee's name, whatever their marks or case.
    """
    query = select(Proposal).where(list_clause(user), search_text.matches(Proposal.search_text, q))
    if status:
        query = query.where(Proposal.status == status)
    if stage:
        query = query.where(Proposal.stage == stage)
    if org_id:
        query = query.where((Proposal.org_id == org_id) | (Proposal.department_id == org_id))
    if award_code:
        query = query.where(Proposal.award_code == award_code)
    if year:
        query = query.where(Proposal.year == year)
    return query.order_by(Proposal.updated_at.desc(), Proposal.id.desc())


def current_tasks(session: Session, proposal_id: int) -> list[HumanTask]:
    return list(session.scalars(_current_tasks(proposal_id)))


def current_tasks_and_assignees(
    session: Session, proposal_id: int
) -> tuple[list[HumanTask], dict[int, str]]:
    """current_tasks, and the username of each ballot's member (by user id) in the same query."""
    query = _current_tasks(proposal_id).add_columns(User.id, User.username)
    rows = session.execute(query.outerjoin(User, User.id == HumanTask.assignee_id)).all()
    members = {row.id: row.username for row in rows if row.id is not None}
    return [row.HumanTask for row in rows], members


def _current_tasks(proposal_id: int) -> Select:
    return (
        select(HumanTask)
        .where(HumanTask.proposal_id == proposal_id, HumanTask.state == TaskState.READY)
        .order_by(HumanTask.id)
    )


def same_filing(
    session: Session, org_id: int, award_code: str, year: int, names: list[str]
) -> list[tuple[Proposal, str]]:
    """Proposals of the unit already naming one of `names` for the same award and year, with the
    name found: a filing to warn about (two clicks, or two clerks), not to refuse (a second
    proposal can be meant, the first one rejected or abandoned)."""
    wanted = {_same(name) for name in names if name.strip()}
    if not wanted:
        return []
    rows = session.execute(
        select(Proposal, Nominee.name)
        .join(Nominee, Nominee.proposal_id == Proposal.id)
        .where(Proposal.org_id == org_id, Proposal.award_code == award_code, Proposal.year == year)
        .order_by(Proposal.id)
    )
    return [(proposal, name) for proposal, name in rows if _same(name) in wanted]


def _same(name: str) -> str:
    return " ".join(name.split()).casefold()
