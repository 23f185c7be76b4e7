"""A bloc's year as plain data, for the pages, the API and the ranking's spreadsheet: the table,
the members with their scores, the ranking in rank order, the trail."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import BlocEntry, BlocPledge
from workflows.blocs import audit
from workflows.blocs.rules import ballot_rule, from_json
from workflows.blocs.scoring import totals
from workflows.vn_collation import sort_key


def criteria(pledge: BlocPledge) -> list[dict]:
    return [
        {
            "id": c.id,
            "position": c.position,
            "kind": c.kind,
            "name": c.name,
            "max_points": c.max_points,
            "evidence": c.evidence,
        }
        for c in pledge.criteria
    ]


def entry(pledge: BlocPledge, e: BlocEntry, with_scores: bool = True) -> dict:
    s = totals(pledge, e)
    out = {
        "member": e.member.code,
        "member_id": e.member_id,
        "name": e.member.name,
        "short_name": e.member.short_name,
        "signed": e.signed_at is not None,
        "signed_at": e.signed_at.isoformat() if e.signed_at else None,
        "status": e.status,
        "return_reason": e.return_reason,
        "criteria_points": s.criteria,
        "bonus_points": s.bonus,
        "penalty_points": s.penalty,
        "total": e.total if e.total is not None else s.total,
        "rank": e.rank,
        "votes_yes": e.votes_yes if pledge.status == "ranked" else None,
        "votes_no": e.votes_no if pledge.status == "ranked" else None,
        "endorsed_for": e.endorsed_for,
    }
    if with_scores:
        out["scores"] = [
            {"criterion_id": sc.criterion_id, "points": sc.points, "evidence": sc.evidence}
            for sc in sorted(e.scores, key=lambda sc: sc.criterion_id)
        ]
    return out


def ranked(pledge: BlocPledge) -> list[BlocEntry]:
    """The members in rank order (unranked last, by name)."""
    return sorted(
        pledge.entries,
        key=lambda e: (e.rank is None, e.rank or 0, sort_key(e.member.name)),
    )


def summary(pledge: BlocPledge) -> dict:
    return {
        "id": pledge.id,
        "grouping": pledge.grouping.code,
        "grouping_name": pledge.grouping.name,
        "year": pledge.year,
        "title": pledge.title,
        "status": pledge.status,
        "source_note": pledge.source_note,
    }


def detail(session: Session, pledge: BlocPledge) -> dict:
    rule = from_json(pledge.rules)
    return {
        **summary(pledge),
        "rules": {**pledge.rules, "ballot_text": ballot_rule(rule).describe()},
        "criteria": criteria(pledge),
        "members": [entry(pledge, e) for e in ranked(pledge)],
        "ballot": {
            "members": pledge.ballot_members,
            "present": pledge.ballot_present,
            "absent": pledge.ballot_absent,
        },
        "ranked_on": pledge.ranked_on.isoformat() if pledge.ranked_on else None,
        "trail": [
            {
                "at": ev.at.isoformat(),
                "action": ev.action,
                "actor_id": ev.actor_id,
                "member_id": ev.member_id,
                "detail": ev.detail,
            }
            for ev in audit.trail(session, pledge.id)
        ],
    }


def ranking(pledge: BlocPledge) -> dict:
    return {
        **summary(pledge),
        "ranked_on": pledge.ranked_on.isoformat() if pledge.ranked_on else None,
        "tie_break": pledge.rules.get("tie_break", []),
        "rows": [entry(pledge, e, with_scores=False) for e in ranked(pledge)],
    }
