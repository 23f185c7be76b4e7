"""The facts of nominees who are people, read from the rows of fact_queries.py: recruitment
and service, moves between units in the year, ratings and discipline, titles held, unused
initiatives (within the award's window, named) and the same award given already."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Row
from sqlalchemy.orm import Session

from models import core_path
from workflows.eligibility import fact_queries
from workflows.eligibility.fact_values import (
    GROUNDS,
    LOOKBACK_YEARS,
    blank,
    decision_text,
    is_same_award,
    streak,
    year_facts,
)
from workflows.history import moves


class _YearRow(NamedTuple):
    year: int
    rating: str | None
    disciplined: bool
    under_review: bool


class _AwardRow(NamedTuple):
    subject_id: int
    year: int
    award_code: str
    one_off: bool
    proposal_id: int | None
    decision_no: str | None
    decision_date: date | None


def people_facts(
    session: Session,
    person_ids: list[int],
    year: int,
    award_code: str | None,
    proposal_id: int | None,
    initiatives_from: int | None = None,
) -> dict[int, dict]:
    """{person id: facts} for every id asked: one statement, however many people (one more
    when the award counts initiatives in a window: their titles name the reason; one more when
    someone moved between units in the year)."""
    out = {pid: blank("person", year) for pid in person_ids}
    if not out:
        return out
    people: list[Row] = []
    records: dict[int, list[_YearRow]] = {}
    awards: list[_AwardRow] = []
    params: dict[str, Any] = {
        "people": list(out),
        "year": year,
        "lookback_from": year - LOOKBACK_YEARS,
        "year_start": date(year, 1, 1),
        "year_end": date(year, 12, 31),
    }
    if award_code is not None:
        params["award_code"] = award_code
    if initiatives_from is not None:
        params["from_year"] = initiatives_from
    history = fact_queries.history(award_code is not None, initiatives_from is not None)
    # Each step of a proposal checks its nominees (issue 19): the people, their year records
    # and their award records in one round trip, on the session's connection.
    for row in core_path.execute(session, history, params):
        if row.kind == "p":
            people.append(row)
        elif row.kind == "y":
            records.setdefault(row.subject_id, []).append(
                _YearRow(row.year, row.code, row.flag, row.under_review)
            )
        else:
            awards.append(
                _AwardRow(
                    row.subject_id,
                    row.year,
                    row.code,
                    row.flag,
                    row.proposal_id,
                    row.decision_no,
                    row.decision_date,
                )
            )
    for row in people:
        facts, recruited = out[row.subject_id], row.recruited_on
        facts.update(
            linked=True, initiatives=row.initiatives, initiatives_tinh=row.initiatives_tinh
        )
        if recruited is not None:
            facts["service_months"] = _months_to_year_end(recruited, year)
            facts["recruited_vi"] = recruited.strftime("%d/%m/%Y")
    linked = [p.subject_id for p in people]
    # read only for those who moved in the year: no statement more for the usual list
    _move_facts(session, out, {p.subject_id: p.recruited_on for p in people if p.moves}, year)
    if initiatives_from is not None and linked:
        _window_facts(session, out, linked, year, initiatives_from)
    for pid in linked:
        rows = records.get(pid, [])
        year_facts(out[pid], rows, year)
        out[pid]["xuat_sac_streak"] = streak({r.year for r in rows if r.rating == "xuat_sac"}, year)
    titles: dict[int, set[tuple[int, str]]] = {pid: set() for pid in linked}
    for award in awards:
        if _is_title(award, year) and award.subject_id in titles:
            titles[award.subject_id].add((award.year, award.award_code))
        if is_same_award(award, year, award_code, proposal_id):
            out[award.subject_id]["already_awarded"] = decision_text(award)
    for pid, held in titles.items():
        out[pid]["ldtt_y"] = (year, "LDTT") in held
        out[pid]["cstdcs_streak"] = streak({y for y, c in held if c == "CSTDCS"}, year)
    return out


def _move_facts(
    session: Session, out: dict[int, dict], recruited: dict[int, date | None], year: int
) -> None:
    """The last move of each person in `year`, and how long they were at the old unit that
    year (from 1/1, their recruitment or their previous move): one statement for all."""
    if not recruited:
        return
    previous: dict[int, date] = {}
    for row in fact_queries.moves_up_to(session, list(recruited), year):
        start = max(
            d
            for d in (date(year, 1, 1), recruited[row.person_id], previous.get(row.person_id))
            if d is not None
        )
        previous[row.person_id] = row.moved_on
        if row.moved_on.year != year:
            continue
        facts = out[row.person_id]
        facts["moved_vi"] = f"{row.moved_on:%d/%m/%Y}"
        facts["moved_from_vi"] = row.name
        facts["old_unit_months"] = max(0, moves.months_between(start, row.moved_on))


def _window_facts(
    session: Session, out: dict[int, dict], linked: list[int], year: int, first: int
) -> None:
    """Name the unused initiatives counted (recognised from `first` to `year`) and those too
    old for the award's window, so the reason says which were and were not counted."""
    named: dict[int, tuple[list[str], list[str]]] = {pid: ([], []) for pid in linked}
    for row in fact_queries.unused_initiatives(session, linked, year):
        counted, old = named[row.person_id]
        (counted if row.year >= first else old).append(f"“{row.title[:80]}” ({row.year})")
    for pid, (counted, old) in named.items():
        out[pid]["initiatives_from"] = first
        out[pid]["initiatives_counted"] = "; ".join(counted) or "không có"
        out[pid]["initiatives_too_old"] = "; ".join(old) or "không có"


def _is_title(row, year: int) -> bool:
    return (
        row.award_code in GROUNDS and not row.one_off and year - LOOKBACK_YEARS <= row.year <= year
    )


def _months_to_year_end(recruited: date, year: int) -> int:
    """Whole months from the recruitment day to the end of `year` (1/7 → 6, 2/7 → 5)."""
    months = (year + 1 - recruited.year) * 12 + 1 - recruited.month
    return months - (1 if recruited.day > 1 else 0)
