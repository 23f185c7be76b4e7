"""The demo's 2025 bloc year (workflows/data/demo_blocs.json): Khối VHXH's pledge signed, scored,
cross-checked, voted and ranked, Cụm 2's still being scored; plausible data, said so on each
pledge (source_note). Played through the year's cases as the head and the members' Directors
would (workflows.blocs.flow: the same steps the pages and the API complete), so the demo's
inbox, trail and ranking come from the diagram; a member without a Director account in the
story gets the one the file names. Left out of a story stopped before the year ended (the test
template stops at 31/12/2024)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import BlocPledge, Organisation, PledgeStatus, RoleCode, User
from workflows.blocs import case, flow, pledges
from workflows.cases import kinds
from workflows.deadlines.calendar import today
from workflows.directory.users import assign, get_or_create_user
from workflows.process.registry import ProcessRegistry
from workflows.reference import DATA_DIR, role_codes


def load_bloc_years(session: Session, until: date | None, password: str) -> None:
    data = json.loads((DATA_DIR / "demo_blocs.json").read_text(encoding="utf-8"))
    registry: ProcessRegistry | None = None
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
            if registry is None:
                # Loaded by the command line and the test seed, outside the web application
                # that registers the kinds at start-up (webapp.cases.KINDS).
                registry = ProcessRegistry.load(role_codes())
                kinds.register(case.YEAR_KIND)
                kinds.register(case.SCORE_KIND)
            _year(session, registry, grouping, row, data, password)


def _holder(session: Session, role: str, org: Organisation) -> User | None:
    return next(
        (u for u in session.scalars(select(User).order_by(User.id)) if u.has_role(role, org.id)),
        None,
    )


def _director(session: Session, org: Organisation, data: dict, password: str) -> User:
    found = _holder(session, RoleCode.DIRECTOR, org)
    if found is not None:
        return found
    username, full_name = data["directors"].get(
        org.code, (f"giamdoc.{org.code}", f"Giám đốc {org.short_name or org.name}")
    )
    user = get_or_create_user(session, username, full_name, password)
    assign(session, user, RoleCode.DIRECTOR, org.code)
    session.flush()
    return user


def _year(
    session: Session,
    registry: ProcessRegistry,
    grouping: Organisation,
    row: dict,
    data: dict,
    password: str,
) -> None:
    year = row["year"]
    head = _holder(session, RoleCode.GROUPING_HEAD, grouping)
    if head is None:
        return
    pledge = flow.open_year(
        session,
        registry,
        head,
        grouping,
        year,
        f"Giao ước thi đua năm {year}",
        data["table"],
        today(),
        data["source_note"],
    )
    codes = [e.member.code for e in pledge.entries]
    orgs = {e.member.code: e.member for e in pledge.entries}
    directors = {code: _director(session, orgs[code], data, password) for code in codes}

    def act(user: User, step: str, sent: dict, entry=None) -> None:
        flow.act(session, registry, user, pledge.id, step, sent, entry)

    for code in codes:
        act(directors[code], "sign", {})
    act(head, "open_scoring", {})
    criteria = pledges.get(session, pledge.id).criteria
    for code, points in row["scores"].items():
        scores = [
            {
                "criterion_id": c.id,
                "points": p,
                "evidence": c.evidence and f"{c.evidence} năm {year}",
            }
            for c, p in zip(criteria, points, strict=True)
        ]
        act(directors[code], "scores", {"scores": scores})
    ranked = row["status"] == PledgeStatus.RANKED
    for code in codes:
        if ranked or code in row.get("checked", ()):
            entry = next(e for e in pledge.entries if e.member.code == code)
            act(head, "check", {"action": "accept", "reason": ""}, entry)
    if not ranked:
        return
    act(head, "open_ballot", {})
    # The file gives each member's count of "agree": voter i agrees with member m while i is
    # below m's count, which yields those counts and no more.
    votes = row["votes_yes"]
    for i, code in enumerate(codes):
        choices = {m: "yes" if i < votes[m] else "no" for m in codes}
        act(directors[code], "vote", {"choices": choices})
    act(head, "close_ballot", {})
