"""The facts the award criteria (bpmn/eligibility.dmn) are evaluated on, read from history.

`facts` / `facts_of` read nominees' history (models/history.py: year records, award records,
initiatives, the organisation tree) into the plain values the table's cells use: a few
statements for a whole list of nominees, people (people_facts.py) and units (unit_facts.py)
apart, with the statements in fact_queries.py and the names the cells read in
fact_values.py. Nothing here evaluates the table or writes; workflows/eligibility/checks.py
does, and re-exports `facts` and `facts_of`.

Grounds for merit awards never include one-off awards (simplified procedure, đột xuất) or an
initiative already used for another award (Decree 152/2025 Art. 4).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Nominee
from workflows.eligibility.fact_values import COMPLETED as COMPLETED
from workflows.eligibility.fact_values import LOOKBACK_YEARS as LOOKBACK_YEARS
from workflows.eligibility.fact_values import blank
from workflows.eligibility.people_facts import people_facts
from workflows.eligibility.unit_facts import units_facts


def facts(session: Session, nominee: Nominee, year: int) -> dict:
    """What the criteria are evaluated on, for `nominee` and award year `year`."""
    return facts_of(session, [nominee], year)[0]


def facts_of(
    session: Session,
    nominees: list[Nominee],
    year: int,
    *,
    award_code: str | None = None,
    proposal_id: int | None = None,
    initiatives_from: int | None = None,
) -> list[dict]:
    """`facts` of each nominee, in order, read together: a few statements for the whole list,
    however many nominees it holds. With `award_code`, `already_awarded` is filled too (the
    same award for the year, given by a decision other than proposal `proposal_id`'s)."""
    people = [n.person_id for n in nominees if n.kind != "collective" and n.person_id is not None]
    units = [
        n.subject_org_id
        for n in nominees
        if n.kind == "collective" and n.subject_org_id is not None
    ]
    by_person = people_facts(session, people, year, award_code, proposal_id, initiatives_from)
    by_unit = units_facts(session, units, year, award_code, proposal_id)
    out = []
    for nominee in nominees:
        if nominee.kind == "collective":
            unit_id = nominee.subject_org_id
            known = by_unit.get(unit_id) if unit_id is not None else None
            out.append(dict(known) if known else blank("collective", year))
        else:
            person_id = nominee.person_id
            known = by_person.get(person_id) if person_id is not None else None
            out.append(dict(known) if known else blank("person", year))
    return out
