"""The bloc's pages and API act through the year's cases: `open_year` makes the pledge and opens
its case; `act` finds the step of the case the request stands for (the member's own, or the
head's) and completes it through the case runtime, which runs the bloc's service
(workflows.blocs.case). There is no other way to change a bloc's year."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import BlocEntry, BlocPledge, CaseTask, Organisation, TaskState, User
from workflows.blocs import access, pledges
from workflows.blocs.case import FED, SCORE, YEAR, running
from workflows.blocs.pledges import day_in_year
from workflows.blocs.steps import STEPS
from workflows.cases import kinds
from workflows.cases.runtime import CaseProcess, may_act
from workflows.deadlines.calendar import today
from workflows.errors import N_, Conflict
from workflows.process.registry import ProcessRegistry


def open_year(
    session: Session,
    registry: ProcessRegistry,
    user: User,
    grouping: Organisation,
    year: int,
    title: object,
    raw_table: object,
    day: date,
    source_note: str | None = None,
) -> BlocPledge:
    """The head makes the year's pledge; its case starts, each member's signature waiting."""
    pledge = pledges.create(session, user, grouping, year, title, raw_table, day, source_note)
    CaseProcess.start(
        session,
        registry,
        YEAR,
        pledge.id,
        grouping.id,
        user,
        title=f"{pledge.title} – {grouping.short_name or grouping.name}",
    )
    return pledge


def act(
    session: Session,
    registry: ProcessRegistry,
    user: User,
    pledge_id: int,
    name: str,
    sent: Mapping[str, Any],
    entry: BlocEntry | None = None,
) -> dict[str, Any]:
    """Complete step `name` (workflows.blocs.steps.STEPS) of the pledge's year as `user`, with
    what they sent in the bloc's words; `entry`: the member a cross-check is about. What the
    step left for the answer (the proposals the ballot's closing fed)."""
    step = STEPS[name]
    pledge = pledges.get(session, pledge_id)
    if step.per_member and entry is None:
        entry = access.own_entry(user, pledge, day_in_year(pledge.year, today()))
    task = _waiting(session, pledge, step.case_kind, step.bpmn_id, entry)
    if task is None or not may_act(session, user, task):
        # The bloc's own checks say why (not the head, signed already, voted already, not
        # this step yet); whatever they let through is still refused, and rolled back.
        pledges.lock(session, pledge_id)
        step.run(session, user, pledge, entry, str(step.action(sent)), sent, today())
        raise Conflict(
            "bloc_step_not_waiting",
            N_("Bước này của năm thi đua %(year)s không chờ bạn xử lý", year=pledge.year),
        )
    process = CaseProcess.lock(session, task.case_id)
    task = session.get_one(CaseTask, task.id, populate_existing=True)
    outcome = process.complete(task, user, {**sent, "action": step.action(sent)})
    kinds.get(task.kind).after(session, registry, process.case, task, user, outcome.end_event)
    return {"endorsed_proposals": session.info.pop(FED, [])} if name == "close_ballot" else {}


def _waiting(
    session: Session, pledge: BlocPledge, kind: str, bpmn_id: str, entry: BlocEntry | None
) -> CaseTask | None:
    if kind == SCORE:
        case = running(session, SCORE, entry.id) if entry is not None else None
    else:
        case = running(session, YEAR, pledge.id)
    if case is None:
        return None
    query = select(CaseTask).where(
        CaseTask.case_id == case.id,
        CaseTask.bpmn_id == bpmn_id,
        CaseTask.state == TaskState.READY,
    )
    if kind == YEAR and entry is not None:
        query = query.where(CaseTask.org_id == entry.member_id)
    return session.scalars(query.order_by(CaseTask.id)).first()
