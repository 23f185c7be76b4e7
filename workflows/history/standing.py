"""Whether an award is still in force: the one question a certificate (and anything else that
prints or counts an award as held) asks before it trusts an award record.

Revocation (issue 18 item 5) marks an award revoked without deleting its record; until it
exists every recorded award is in force. Fill `in_force` there, and every caller follows.
"""

from __future__ import annotations

from datetime import date

from models import AwardRecord


def in_force(record: AwardRecord, on: date | None = None) -> bool:
    """True while `record`'s award has not been revoked (on `on`, today when None).

    Hook for revocation: a revoked award gets no certificate."""
    del on  # read by the revocation rule once it exists
    return record is not None
