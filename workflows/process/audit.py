"""Writing the audit trail: every state change of a proposal is one row.

Read back by rounds: a proposal returned a thousand times has a thousand rounds, and a page or
an answer shows a window of them (`Rounds`), newest first, older ones on demand.
"""

import json
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import AuditEvent, Proposal, User


def record(
    session: Session,
    proposal: Proposal,
    actor: User | None,
    action: str,
    *,
    from_status: str | None = None,
    comment: str | None = None,
    element_id: str | None = None,
    task_name: str | None = None,
    stage: str | None = None,
    data: dict | None = None,
    round_: int | None = None,
) -> None:
    """One row of the trail, written at once on the session's connection.

    Not an ORM object (issue 19): no code holds an event it wrote, and an added object made
    every step's flush a unit of work (mapper, identity map, its new key read back) for a row
    that is only ever inserted; a later read of the trail in the request finds the row all the
    same. Nothing is flushed for it: the rows it names exist already (a proposal has its id once
    it is in the database; a new one is flushed first), and the proposal's own pending changes
    go with the next flush or the commit, as before."""
    if proposal.id is None:
        session.flush()
    values = dict(
        proposal_id=proposal.id,
        actor_id=actor.id if actor else None,
        action=action,
        from_status=from_status,
        to_status=proposal.status,
        stage=stage if stage is not None else proposal.stage,
        round=round_ if round_ is not None else proposal.round,
        element_id=element_id,
        task_name=task_name,
        comment=comment or None,
        data_json=json.dumps(data, ensure_ascii=False) if data else None,
    )
    session.connection().execute(_INSERT, values)


_INSERT = insert(AuditEvent)


@dataclass(frozen=True)
class Rounds:
    """A window of a proposal's rounds: `offset` rounds skipped from the newest, `limit` shown.

    Rounds are numbered 1 … `total` (the proposal's current round) with no gap, so the window is
    known without reading the trail.
    """

    total: int
    offset: int = 0
    limit: int = 10

    @property
    def newest(self) -> int:
        return self.total - self.offset

    @property
    def oldest(self) -> int:
        return max(self.newest - self.limit + 1, 1)

    @property
    def shown(self) -> list[int]:
        """The rounds in the window, newest first."""
        return list(range(self.newest, self.oldest - 1, -1))

    @property
    def older(self) -> int | None:
        """The offset of the next window back in time, or None at the first round."""
        return self.offset + self.limit if self.oldest > 1 else None

    @property
    def newer(self) -> int | None:
        """The offset of the window after this one, or None at the newest round."""
        return max(self.offset - self.limit, 0) if self.offset > 0 else None


def history(
    session: Session, proposal_id: int, rounds: Rounds | None = None, newest_first: bool = False
) -> list[AuditEvent]:
    """The trail, or the events of a window of rounds; oldest first unless asked otherwise."""
    query = select(AuditEvent).where(AuditEvent.proposal_id == proposal_id)
    if rounds is not None:
        query = query.where(AuditEvent.round.between(rounds.oldest, rounds.newest))
    order = AuditEvent.id.desc() if newest_first else AuditEvent.id
    return list(session.scalars(query.order_by(order)))


def history_rows(
    session: Session, proposal_id: int, rounds: Rounds | None = None, newest_first: bool = False
) -> list:
    """The trail as plain rows (the event's columns and the actor's username), for answers that
    only print it: no event or user objects to build. `rounds` and the order as in history."""
    where = [AuditEvent.proposal_id == proposal_id]
    if rounds is not None:
        where.append(AuditEvent.round.between(rounds.oldest, rounds.newest))
    order = AuditEvent.id.desc() if newest_first else AuditEvent.id
    return list(
        session.execute(
            select(
                AuditEvent.at,
                User.username.label("actor"),
                AuditEvent.action,
                AuditEvent.from_status,
                AuditEvent.to_status,
                AuditEvent.comment,
                AuditEvent.stage,
                AuditEvent.round,
                AuditEvent.task_name,
                AuditEvent.element_id,
                AuditEvent.data_json,
            )
            .outerjoin(User, User.id == AuditEvent.actor_id)
            .where(*where)
            .order_by(order)
        )
    )
