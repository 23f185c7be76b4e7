"""The facts of nominees that are collectives (units), read from the rows of
fact_queries.py: the unit's own ratings and discipline, its members' ratings, discipline and
titles, its "Tập thể lao động xuất sắc" of the year and the same award given already."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import AwardRecord
from workflows.eligibility import fact_queries
from workflows.eligibility.fact_values import (
    COMPLETED,
    blank,
    decision_text,
    is_same_award,
    year_facts,
)
from workflows.history.records import WARNING_OR_ABOVE


def units_facts(
    session: Session,
    org_ids: list[int],
    year: int,
    award_code: str | None,
    proposal_id: int | None,
) -> dict[int, dict]:
    """{organisation id: facts} for every id asked: four statements, however many units."""
    out = {oid: blank("collective", year) for oid in org_ids}
    if not out:
        return out
    linked = fact_queries.existing_units(session, list(out))
    records: dict[int, list] = {oid: [] for oid in linked}
    if linked:
        for row in fact_queries.unit_year_records(session, linked, year):
            records[row.org_id].append(row)
    for oid, rows in records.items():
        out[oid]["linked"] = True
        year_facts(out[oid], rows, year)
    _members_facts(session, out, linked, year)
    ttldxs = fact_queries.ttldxs_of_year(year)
    for row in fact_queries.awards(
        session, AwardRecord.org_id, list(out), ttldxs, year, award_code
    ):
        if row.subject_id in records and _is_ttldxs(row, year):
            out[row.subject_id]["ttldxs_y"] = True
        if is_same_award(row, year, award_code, proposal_id):
            out[row.subject_id]["already_awarded"] = decision_text(row)
    return out


def _members_facts(session: Session, out: dict[int, dict], units: list[int], year: int) -> None:
    """Members: people of the unit or below it on 31/12 of the year with a record for the
    year, counted by rating, discipline and the titles they hold (fact_queries.members)."""
    if not units:
        return
    for row in fact_queries.members(session, units, year):
        facts = out[row.root]
        facts["members"] += 1
        if row.disciplined:
            facts["warned_members"] += row.discipline in WARNING_OR_ABOVE
            facts["unknown_discipline_members"] += row.discipline is None
        facts["completed_members"] += row.rating in COMPLETED
        facts["ldtt_members"] += bool(row.ldtt)
        facts["cstdcs_members"] += bool(row.cstdcs)
    for oid in units:
        facts = out[oid]
        if facts["members"]:
            # Shown truncated, never rounded up: 69.96% must not read as 70%.
            tenths = facts["ldtt_members"] * 1000 // facts["members"]
            facts["ldtt_pct"] = f"{tenths / 10:g}".replace(".", ",")


def _is_ttldxs(row, year: int) -> bool:
    return row.award_code == "TTLDXS" and not row.one_off and row.year == year
