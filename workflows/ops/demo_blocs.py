"""The demo's 2025 bloc year (workflows/data/demo_blocs.json): Khối VHXH's pledge scored, voted
and ranked, Cụm 2's still being scored; plausible data, said so on each pledge (source_note).
Written as recorded history, ranked with the blocs' own rules (workflows.blocs.ranking), and
left out of a story stopped before the year ended (the test template stops at 31/12/2024)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    BlocCriterion,
    BlocEntry,
    BlocPledge,
    BlocScore,
    EntryStatus,
    Organisation,
    PledgeStatus,
    utcnow,
)
from workflows.blocs.pledges import day_in_year
from workflows.blocs.ranking import endorsements, rank
from workflows.blocs.rules import ballot_rule, rule_for
from workflows.blocs.scoring import totals
from workflows.reference import DATA_DIR


def load_bloc_years(session: Session, until: date | None) -> None:
    data = json.loads((DATA_DIR / "demo_blocs.json").read_text(encoding="utf-8"))
    for row in data["years"]:
        if until is not None and until < date(row["year"], 12, 31):
            continue
        grouping = session.scalar(select(Organisation).where(Organisation.code == row["grouping"]))
        if grouping is None:
            continue
        exists = session.scalar(
            select(BlocPledge.id).where(
                BlocPledge.grouping_id == grouping.id, BlocPledge.year == row["year"]
            )
        )
        if exists is None:
            _year(session, grouping, row, data)


def _year(session: Session, grouping: Organisation, row: dict, data: dict) -> None:
    year = row["year"]
    rule = rule_for(grouping.code, day_in_year(year, date(year, 1, 15)))
    pledge = BlocPledge(
        grouping_id=grouping.id,
        grouping=grouping,
        year=year,
        title=f"Giao ước thi đua năm {year}",
        status=row["status"],
        rules=rule.as_json(),
        source_note=data["source_note"],
    )
    session.add(pledge)
    pledge.criteria = [
        BlocCriterion(position=n, **line) for n, line in enumerate(data["table"], start=1)
    ]
    codes = {o.code: o for o in session.scalars(select(Organisation))}
    signed = utcnow()
    for code, points in row["scores"].items():
        entry = BlocEntry(member_id=codes[code].id, member=codes[code], signed_at=signed)
        entry.scores = [
            BlocScore(criterion=c, points=p, evidence=c.evidence and f"{c.evidence} năm {year}")
            for c, p in zip(pledge.criteria, points, strict=True)
        ]
        checked = row["status"] == PledgeStatus.RANKED or code in row.get("checked", ())
        entry.status = EntryStatus.CHECKED if checked else EntryStatus.SUBMITTED
        entry.votes_yes = row.get("votes_yes", {}).get(code, 0)
        pledge.entries.append(entry)
    session.flush()
    if row["status"] == PledgeStatus.RANKED:
        ballot = row["ballot"]
        pledge.ballot_members, pledge.ballot_present = ballot["members"], ballot["present"]
        pledge.ballot_absent = ballot["absent"]
        pledge.ranked_on = date.fromisoformat(row["ranked_on"])
        by_member = {e.member_id: e for e in pledge.entries}
        passing = []
        threshold = ballot_rule(rule)
        for s, place, _ in rank([totals(pledge, e) for e in pledge.entries], rule.tie_break):
            entry = by_member[s.member_id]
            entry.total, entry.rank = s.total, place
            entry.votes_no = pledge.ballot_present - entry.votes_yes
            if threshold.passes(entry.votes_yes, pledge.ballot_present, pledge.ballot_members):
                passing.append((s.member_id, place))
        for member_id, award in endorsements(passing, rule.endorse).items():
            by_member[member_id].endorsed_for = award
    session.flush()
