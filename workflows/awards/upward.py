"""Where a province's submission goes for an award beyond the province, as dated data
(data/upward_recipients.json): the sector's ministry for a ministry-level award (Bộ TT&TT until
28/02/2025, Bộ KH&CN from 01/03/2025 for the former TT&TT sector), the Prime Minister through the
Ministry of Home Affairs for a state award; and whether the province pays the bonus."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from workflows.reference import DATA_DIR

RECIPIENTS_FILE = DATA_DIR / "upward_recipients.json"
#: the routing table's deciders (bpmn/award_route.dmn) above the province
DECIDERS = ("minister", "prime_minister")


class NoRecipient(LookupError):
    """No row of the data names where a submission of that decider goes on that day."""


@dataclass(frozen=True)
class Recipient:
    decider: str
    recipient_vi: str
    recipient_en: str
    #: the ministry a state award's dossier passes through, or None
    via_vi: str | None
    via_en: str | None
    #: who signs the decision, as a certificate and the history name them
    decided_by_vi: str
    #: the province pays the bonus from its emulation fund (else the deciding ministry does)
    province_pays: bool
    basis: str
    valid_from: date
    valid_to: date | None
    confirmed: bool

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def addressee_vi(self) -> str:
        """ "Bộ Khoa học và Công nghệ", or "Thủ tướng Chính phủ (qua Bộ Nội vụ)"."""
        return f"{self.recipient_vi} (qua {self.via_vi})" if self.via_vi else self.recipient_vi


@cache
def load(path: Path = RECIPIENTS_FILE) -> tuple[Recipient, ...]:
    rows = json.loads(path.read_text(encoding="utf-8"))["recipients"]
    out = []
    for row in rows:
        if row["decider"] not in DECIDERS:
            raise ValueError(f"upward_recipients: unknown decider {row['decider']!r}")
        out.append(
            Recipient(
                decider=row["decider"],
                recipient_vi=row["recipient_vi"],
                recipient_en=row.get("recipient_en") or row["recipient_vi"],
                via_vi=row.get("via_vi"),
                via_en=row.get("via_en"),
                decided_by_vi=row["decided_by_vi"],
                province_pays=bool(row["province_pays"]),
                basis=row.get("basis", ""),
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=date.fromisoformat(row["valid_to"]) if row.get("valid_to") else None,
                confirmed=row.get("confirmed", True) is not False,
            )
        )
    return tuple(out)


def recipient(decider: str, day: date) -> Recipient:
    """The row in force on `day` for `decider`; NoRecipient names what is missing."""
    for row in load():
        if row.decider == decider and row.covers(day):
            return row
    raise NoRecipient(f"{decider} on {day:%d/%m/%Y}")


def is_upward(decider: object) -> bool:
    return decider in DECIDERS
