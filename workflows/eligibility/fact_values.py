"""The names and values the award criteria's cells read (bpmn/eligibility.dmn), and the
readings of history rows that people and units share.

`blank` holds every name a cell may read; people_facts.py and unit_facts.py fill them from
the rows of fact_queries.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workflows.history.records import RATING_LABELS

#: how far back consecutive years of a title are counted
LOOKBACK_YEARS = 10
#: ratings that count as "completed its tasks" (hoàn thành nhiệm vụ trở lên)
COMPLETED = ("xuat_sac", "tot", "hoan_thanh")
#: the titles that ground a person's merit awards
GROUNDS = ("LDTT", "CSTDCS")


def blank(kind: str, year: int) -> dict:
    # Every name a cell may read exists, so an unlinked nominee's rows never hit a NameError.
    return {
        "kind": kind,
        "linked": False,
        "year": year,
        "rating": None,
        "rating_vi": "chưa có xếp loại",
        "disciplined": False,
        "under_review": False,
        "service_months": None,
        "recruited_vi": "",
        #: the last move between units in the year (workflows.history.moves): from which unit,
        #: on which day, and the whole months spent at the old unit in the year before it
        "moved_vi": "",
        "moved_from_vi": "",
        "old_unit_months": 0,
        "ldtt_y": False,
        "cstdcs_streak": 0,
        "xuat_sac_streak": 0,
        "initiatives": 0,
        "initiatives_tinh": 0,
        #: the award's window of initiatives (workflows.eligibility.windows) and what is in it
        "initiatives_from": year,
        "initiatives_counted": "không có",
        "initiatives_too_old": "không có",
        "members": 0,
        #: members disciplined at "cảnh cáo" or above in the year, and those whose level is
        #: not recorded (which the criterion cannot clear)
        "warned_members": 0,
        "unknown_discipline_members": 0,
        "completed_members": 0,
        "ldtt_members": 0,
        "cstdcs_members": 0,
        "ldtt_pct": "0",
        "ttldxs_y": False,
        #: the decision that already gave the award for the year; filled by check()
        "already_awarded": "",
    }


def year_facts(out: dict, records: Sequence[Any], year: int) -> None:
    this = next((r for r in records if r.year == year), None)
    if this is not None and this.rating:
        out["rating"], out["rating_vi"] = this.rating, RATING_LABELS[this.rating]
    out["disciplined"] = bool(this and this.disciplined)
    # A review opened in the award year or later is still open when the award is decided.
    out["under_review"] = any(r.under_review for r in records if r.year >= year)


def is_same_award(row, year: int, award_code: str | None, proposal_id: int | None) -> bool:
    # A record written by this proposal's own decision is not "another" award.
    return (
        award_code is not None
        and row.year == year
        and row.award_code == award_code
        and (row.proposal_id is None or row.proposal_id != proposal_id)
    )


def decision_text(row) -> str:
    """The decision that already gave this award for the year: a second one for the same
    person or unit would be refused at the decision, so it shows from filing."""
    number, day = row.decision_no, row.decision_date
    when = f" ngày {day:%d/%m/%Y}" if day else ""
    return f"QĐ số {number}{when}" if number else "đã có trong lịch sử thi đua"


def streak(years: set[int], year: int) -> int:
    count = 0
    while year - count in years:
        count += 1
    return count
