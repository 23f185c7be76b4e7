"""The money a revocation recovers: stated when it is proposed (the pages show it before),
from what the award's decision paid (workflows.awards.money.recovery)."""

from __future__ import annotations

from models import AwardRecord
from workflows.awards import money


def recovery_of(record: AwardRecord) -> money.Recovery:
    target = "person" if record.org_id is None else "collective"
    return money.recovery(record.award_code, target, record.decision_date, record.bonus_amount)
