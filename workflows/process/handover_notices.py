"""Word of every handover: who is told when a step changes hands, in the step's transaction.

A step that arrives tells every user who may take it (its candidates: the holders of its role
at its organisation, less the nominees and the author for a review), a ballot that opens tells
its member, and the end of a round tells the proposal's author: returned (with the reason),
rejected (with the reason), decided, or voted down. The one who acted is not told of their own
act. Each notification queues its mail when SMTP is configured and the user has not turned that
kind off; the worker sends it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from models import (
    HumanTask,
    NotificationKind,
    Proposal,
    TaskState,
    User,
)
from workflows.deadlines.notifications import (
    link_to,
    message,
    notify,
    notify_many,
    smtp_configured,
)
from workflows.directory import access
from workflows.directory.access import candidates
from workflows.errors import Text


def steps_arrived(
    session: Session,
    proposal: Proposal,
    tasks: Iterable[HumanTask],
    actor_id: int | None,
    already_told: Iterable[int] = (),
) -> int:
    """Tell the candidates of each new ready step (a ballot: its member); returns how many were
    told. `already_told`: users the same act told more (the author of a returned proposal)."""
    skip = set(already_told)
    if actor_id is not None:
        skip.add(actor_id)
    ready = [task for task in tasks if task.state == TaskState.READY]
    mail = smtp_configured()
    loaded: list[User] = []
    if mail:
        # The members of the council's ballots in one read, not one each (candidates finds them).
        members = {t.assignee_id for t in ready if t.assignee_id is not None}
        members -= {u.id for u in session.identity_map.values() if isinstance(u, User)}
        # Held here: the session keeps only what something refers to.
        loaded = list(session.scalars(_USERS.params(ids=list(members)))) if members else []
    notes: list[tuple[User | int, str, Text | str, HumanTask | None, str]] = []
    for task in ready:
        kind = NotificationKind.BALLOT_OPENED if task.assignee_id else NotificationKind.TASK_ARRIVED
        link = link_to(f"/tasks/{task.id}")
        if task.assignee_id is None and not mail:
            # The lane's holders by id with their organisation's name, in one read (issue 19:
            # the organisation, then the accounts, were two).
            org_name, users = access.lane_candidate_ids(session, task, proposal)
            text = message(kind, id=proposal.id, title=proposal.title, step=task.name, org=org_name)
            notes += [(user_id, kind, text, task, link) for user_id in users if user_id not in skip]
            continue
        text = message(
            kind, id=proposal.id, title=proposal.title, step=task.name, org=task.org.name
        )
        if task.assignee_id is not None and not mail:
            # A ballot is for its member alone (access.candidates); without mail the
            # notification needs the member's id only, not their account read (issue 19).
            if task.assignee_id not in skip:
                notes.append((task.assignee_id, kind, text, task, link))
            continue
        notes += [
            (user, kind, text, task, link)
            for user in candidates(session, task, proposal)
            if user.id not in skip
        ]
    notify_many(session, notes, proposal=proposal, mail=mail)
    del loaded
    return len(notes)


#: the ballots' members, read at once when their mail is to be written
_USERS = select(User).where(User.id.in_(bindparam("ids", expanding=True)))


def round_closed(
    session: Session,
    proposal: Proposal,
    kind: NotificationKind,
    task: HumanTask | None,
    actor_id: int | None,
    reason: str | None = None,
    *,
    author_active: bool | None = None,
) -> set[int]:
    """Tell the proposal's author how its round ended; returns who was told. `author_active`:
    whether their account is active, as the caller read it with the proposal (review.Locked);
    without mail nothing else of the account is read then."""
    author_id = proposal.created_by_id
    if author_id == actor_id:
        return set()
    mail = smtp_configured()
    author: User | None = None
    if author_active is None or mail:
        author = session.get_one(User, author_id)
        author_active = author.active
    if not author_active:
        return set()
    params: dict = {"id": proposal.id, "title": proposal.title, "step": task.name if task else ""}
    if kind in (NotificationKind.RETURNED, NotificationKind.REJECTED):
        params["reason"] = reason or "—"
    if kind == NotificationKind.DECIDED:
        params["number"] = proposal.decision_no or "—"
        params["date"] = (
            proposal.decision_date.strftime("%d/%m/%Y") if proposal.decision_date else "—"
        )
    link = link_to(f"/proposals/{proposal.id}")
    text = message(kind, **params)
    if author is None:
        # No mail to write: the row needs the author's id alone (notify_many's one INSERT).
        notify_many(session, [(author_id, kind, text, None, link)], proposal=proposal)
    else:
        notify(session, author, kind, text, proposal=proposal, mail=mail, link=link)
    return {author_id}
