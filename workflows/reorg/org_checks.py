"""The checks of one organisation taking part in an event: it exists, is alive on the event's
day, has no later event recorded, whether another stands below it, and its open proposals.

The dates follow the schema's convention: what ends gets valid_to = the day before the event,
what begins valid_from = the event's day; so an organisation must exist on the event's day (it
still does that morning) and have begun before it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import FINAL_STATUSES, Organisation, OrgEvent, OrgEventParty, Proposal
from workflows.directory import org_history
from workflows.errors import N_
from workflows.reorg.plan import EventPlan
from workflows.reorg.problems import Problems, day_text


def load(session: Session, org_id: int | None, name: str, problems: Problems):
    if org_id is None:
        return None
    org = session.get(Organisation, org_id)
    if org is None:
        problems.add("unknown_organisation", name, N_("không có tổ chức số %(id)s", id=str(org_id)))
    return org


def alive(org: Organisation, plan: EventPlan, name: str, problems: Problems) -> None:
    """`org` takes part as one that changes or ends on the event's day."""
    day = plan.effective_on
    if org.valid_to is not None and org.valid_to < day:
        problems.add(
            "organisation_gone",
            name,
            N_(
                "%(org)s không còn tồn tại ngày %(day)s (chấm dứt từ sau ngày %(end)s)",
                org=org.name,
                day=day_text(day),
                end=day_text(org.valid_to),
            ),
        )
    elif org.valid_from is not None and day <= org.valid_from:
        problems.add(
            "before_organisation_start",
            name,
            N_(
                "ngày hiệu lực %(day)s phải sau ngày %(org)s được thành lập (%(start)s)",
                day=day_text(day),
                org=org.name,
                start=day_text(org.valid_from),
            ),
        )


def no_later_event(session: Session, org: Organisation, plan: EventPlan, name: str, problems):
    later = session.scalar(
        select(OrgEvent)
        .join(OrgEventParty, OrgEventParty.event_id == OrgEvent.id)
        .where(OrgEventParty.org_id == org.id, OrgEvent.effective_on > plan.effective_on)
        .order_by(OrgEvent.effective_on.desc())
        .limit(1)
    )
    if later is not None:
        problems.add(
            "later_event_recorded",
            name,
            N_(
                "%(org)s đã có sự kiện ngày %(later)s (quyết định số %(no)s): không ghi được "
                "sự kiện trước đó",
                org=org.name,
                later=day_text(later.effective_on),
                no=later.decision_no,
            ),
        )


def open_proposal_count(session: Session, org: Organisation) -> int:
    return len(
        session.scalars(
            select(Proposal.id).where(
                (Proposal.org_id == org.id) | (Proposal.department_id == org.id),
                Proposal.status.not_in(FINAL_STATUSES),
            )
        ).all()
    )


def below(session: Session, org: Organisation, other: Organisation, day: date) -> bool:
    """Whether `other` is `org` or stands below it on `day`."""
    node: Organisation | None = other
    seen: set[int] = set()
    while node is not None and node.id not in seen:
        if node.id == org.id:
            return True
        seen.add(node.id)
        node = org_history.parent_on(session, node, day)
    return False
