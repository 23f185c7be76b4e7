"""The caps a proposal's decision will be checked against, as they stand now.

Shown on the task page and in the API's task, at every step, so that a reviewer sees a cap
before the Director's decision is refused by it (workflows.awards.quotas.enforce). The day that
decides which caps are in force is the decision's date once recorded, else today in Việt Nam:
the decision cannot be dated earlier than the day it is taken.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from models import Proposal
from workflows.awards import quotas
from workflows.deadlines.calendar import today


def live(session: Session, proposal: Proposal) -> tuple[date, list[quotas.QuotaLine]]:
    """(the day counted for, one line per cap in force that concerns the proposal's award)."""
    day = proposal.decision_date or today()
    return day, quotas.status(session, proposal, day)


def as_dict(line: quotas.QuotaLine, on_date: date) -> dict:
    """One line for JSON: the numbers, the verdict, its sentence and where the cap comes from."""
    quota = line.quota
    return {
        "code": quota.code,
        "label": quota.label_vi,
        "label_en": quota.label_en,
        "year": line.year,
        "on_date": on_date.isoformat(),
        "max_share": format(quota.max_share.normalize(), "f"),
        "base": line.base,
        "base_label": quota.of_label_vi,
        "cap": line.cap,
        "existing": line.existing,
        "added": line.added,
        "total": line.total,
        "ok": line.ok,
        "message": line.message,
        "decree": quota.decree,
        "confirmed": quota.confirmed,
        "valid_from": quota.valid_from.isoformat(),
        "valid_to": quota.valid_to.isoformat() if quota.valid_to else None,
    }
