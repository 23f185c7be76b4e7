"""The board's dashboard: where everything is, who it waits for, how long stages take.

The board sees the province; a Director his department; a unit head his unit. Everything is
computed from proposal and human-task rows, in SQL that runs on SQLite and PostgreSQL, with
the percentiles in Python.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session, object_session

from models import (
    Award,
    HumanTask,
    Movement,
    Organisation,
    Proposal,
    RoleCode,
    Stage,
    TaskState,
    User,
    utcnow,
)
from workflows.directory.access import candidates, is_board
from workflows.directory.names_asof import Names, Rollup, rollup, with_lineage
from workflows.errors import N_, Forbidden
from workflows.movements import targets
from workflows.movements.heirs import taking_part
from workflows.movements.registry import all_movements

#: the nominator's filing/revising step, timed apart from the review stages
DRAFTING = "drafting"
STAGE_ORDER = (DRAFTING, *Stage)


@dataclass(frozen=True)
class Scope:
    label: str
    everything: bool = False
    department_ids: frozenset[int] = frozenset()
    unit_ids: frozenset[int] = frozenset()

    def proposals(self):
        """SQL condition on Proposal."""
        if self.everything:
            return Proposal.id.is_not(None)
        conditions = []
        if self.department_ids:
            conditions.append(Proposal.department_id.in_(self.department_ids))
        if self.unit_ids:
            conditions.append(Proposal.org_id.in_(self.unit_ids))
        return or_(*conditions) if conditions else false()

    def sees_unit(self, unit: Organisation) -> bool:
        return self.everything or unit.id in self.unit_ids or unit.parent_id in self.department_ids


def scope_for(user: User) -> Scope:
    """The board: everything; a Director: his department; a unit head: his unit; else 403."""
    if is_board(user):
        return Scope("toàn tỉnh", everything=True)
    departments = {a.org for a in user.held_assignments() if a.role_code == RoleCode.DIRECTOR}
    units = {a.org for a in user.held_assignments() if a.role_code == RoleCode.UNIT_HEAD}
    if not departments and not units:
        raise Forbidden(
            "dashboard_not_allowed",
            N_("Bảng điều khiển dành cho Ban Thi đua – Khen thưởng, Giám đốc Sở và trưởng đơn vị"),
        )
    names = sorted(o.name for o in departments | units)
    session = object_session(user)
    own = {o.id for o in departments}
    # A successor's Director reads what his predecessors filed and organised (issue 16).
    lineage = with_lineage(session, own) if session is not None and own else own
    return Scope(
        "; ".join(names),
        department_ids=frozenset(lineage),
        unit_ids=frozenset(o.id for o in units),
    )


def _filtered(scope: Scope, year: int | None):
    conditions = [scope.proposals()]
    if year is not None:
        conditions.append(Proposal.year == year)
    return conditions


# --- counts --------------------------------------------------------------------------------


def by_status_and_stage(session: Session, scope: Scope, year: int | None) -> dict[tuple, int]:
    """(status, stage or None) -> count."""
    rows = session.execute(
        select(Proposal.status, Proposal.stage, func.count())
        .where(*_filtered(scope, year))
        .group_by(Proposal.status, Proposal.stage)
    )
    return {(status, stage): n for status, stage, n in rows}


def by_org(
    session: Session, scope: Scope, year: int | None, folded: Rollup | None = None
) -> list[dict]:
    """Per filing unit and the department it filed under: counts per status, largest total
    first. As recorded (no `folded`), the department is named as on its latest decision;
    rolled up, it is the department that carries it today, with the ones it took over."""
    rows = session.execute(
        select(
            Proposal.org_id,
            Proposal.department_id,
            Proposal.status,
            func.count(),
            func.max(Proposal.decision_date),
        )
        .where(*_filtered(scope, year))
        .group_by(Proposal.org_id, Proposal.department_id, Proposal.status)
    ).all()
    orgs = _orgs(session, {r.org_id for r in rows} | {r.department_id for r in rows})
    names = Names(session)
    table: dict[tuple[int, int], dict] = {}
    for org_id, department_id, status, n, decided in rows:
        org, department = orgs[org_id], orgs[department_id]
        if folded is not None:
            department = folded.of(department)
        entry = table.setdefault(
            (org_id, department.id),
            {"org": org, "department": department, "total": 0, "by_status": {}, "day": None},
        )
        entry["by_status"][status] = entry["by_status"].get(status, 0) + n
        entry["total"] += n
        if decided is not None and (entry["day"] is None or decided > entry["day"]):
            entry["day"] = decided
    names.preload(
        {k for (unit, department), e in table.items() if e["day"] for k in (unit, department)}
    )
    for entry in table.values():
        day = entry["day"] if folded is None else None
        entry["name"] = names.name(entry["org"], day)
        entry["former"] = folded.former.get(entry["department"].id, []) if folded else []
        if folded is not None:
            entry["department_name"] = folded.label(entry["department"])
            entry["department_short"] = folded.label(entry["department"], short=True)
        else:
            entry["department_name"] = names.name(entry["department"], day)
            entry["department_short"] = names.short(entry["department"], day)
    return sorted(table.values(), key=lambda e: (-e["total"], e["name"]))


def by_department(
    session: Session, scope: Scope, year: int | None, folded: Rollup | None = None
) -> list[dict]:
    """Per department the proposals were filed under: counts per status. Rolled up, a
    department taken over is counted in its successor's row, and only there."""
    rows = session.execute(
        select(Proposal.department_id, Proposal.status, func.count())
        .where(*_filtered(scope, year))
        .group_by(Proposal.department_id, Proposal.status)
    ).all()
    orgs = _orgs(session, {r.department_id for r in rows})
    table: dict[int, dict] = {}
    for department_id, status, n in rows:
        department = orgs[department_id]
        if folded is not None:
            department = folded.of(department)
        entry = table.setdefault(
            department.id,
            {
                "department": department,
                "name": folded.label(department) if folded else department.name,
                "short": folded.label(department, short=True) if folded else department.short_name,
                "former": folded.former.get(department.id, []) if folded else [],
                "total": 0,
                "by_status": {},
            },
        )
        entry["by_status"][status] = entry["by_status"].get(status, 0) + n
        entry["total"] += n
    return sorted(table.values(), key=lambda e: (-e["total"], e["name"]))


def _orgs(session: Session, ids: set[int]) -> dict[int, Organisation]:
    if not ids:
        return {}
    return {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}


def folding(session: Session, scope: Scope, year: int | None, day: date) -> Rollup:
    """The roll-up of every department the scope's proposals were filed under."""
    ids = set(
        session.scalars(select(Proposal.department_id).where(*_filtered(scope, year)).distinct())
    )
    return rollup(session, list(_orgs(session, ids).values()), day)


def by_award(session: Session, scope: Scope, year: int | None) -> list[dict]:
    rows = session.execute(
        select(Award, Proposal.status, func.count())
        .join(Award, Award.code == Proposal.award_code)
        .where(*_filtered(scope, year))
        .group_by(Award.code, Proposal.status)
    ).all()
    table: dict[str, dict] = {}
    for award, status, n in rows:
        entry = table.setdefault(award.code, {"award": award, "total": 0, "by_status": {}})
        entry["by_status"][status] = n
        entry["total"] += n
    return sorted(table.values(), key=lambda e: (-e["total"], e["award"].name_vi))


# --- waiting -------------------------------------------------------------------------------


def due_at(task: HumanTask) -> datetime | None:
    """When the step is due: the fire time of its deadline timer (workflows.deadlines.due_dates), or
    None where no rule applies (then only its age is shown)."""
    return task.due_at


@dataclass
class Waiting:
    task: HumanTask
    proposal: Proposal
    #: who can take it: the claimer alone, else every holder of the role at that organisation
    people: list[User]
    since: datetime
    age_days: int
    due: datetime | None = None
    overdue: bool = False


def waiting_longest(
    session: Session, scope: Scope, year: int | None, limit: int = 15, now: datetime | None = None
) -> list[Waiting]:
    now = now or utcnow()
    rows = session.execute(
        select(HumanTask, Proposal)
        .join(Proposal, Proposal.id == HumanTask.proposal_id)
        .where(HumanTask.state == TaskState.READY, *_filtered(scope, year))
        .order_by(HumanTask.created_at, HumanTask.id)
        .limit(limit)
    ).all()
    out = []
    for task, proposal in rows:
        people = [task.claimed_by] if task.claimed_by else candidates(session, task, proposal)
        due = due_at(task)
        out.append(
            Waiting(
                task,
                proposal,
                people,
                task.created_at,
                (now - task.created_at).days,
                due,
                # Past its due time, or marked by the worker when its deadline timer fired.
                task.overdue_at is not None or (due is not None and due < now),
            )
        )
    return out


# --- time per stage -------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), q in [0, 100]."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class StageTime:
    stage: str
    count: int
    median_days: float
    p90_days: float
    samples: list[float] = field(repr=False, default_factory=list)


def stage_times(session: Session, scope: Scope, year: int | None) -> list[StageTime]:
    """Time each proposal spent in each stage of each round, from the first step of the stage
    becoming ready to its last step done; stages still running are left out. The nominator's
    filing and revising is timed as its own stage (drafting)."""
    rows = session.execute(
        select(
            HumanTask.instance_id,
            HumanTask.stage,
            HumanTask.form,
            HumanTask.state,
            HumanTask.created_at,
            HumanTask.completed_at,
        )
        .join(Proposal, Proposal.id == HumanTask.proposal_id)
        .where(HumanTask.state != TaskState.CANCELLED, *_filtered(scope, year))
    ).all()
    spans: dict[tuple, list] = {}
    for instance_id, stage, form, state, created, completed in rows:
        stage = DRAFTING if form == "file" else stage
        span = spans.setdefault((instance_id, stage), [created, completed, True])
        span[0] = min(span[0], created)
        if state != TaskState.COMPLETED or completed is None:
            span[2] = False
        elif span[1] is None or completed > span[1]:
            span[1] = completed
    durations: dict[str, list[float]] = defaultdict(list)
    for (_, stage), (start, end, done) in spans.items():
        if done and end is not None:
            durations[stage].append((end - start).total_seconds() / 86400)
    out = []
    for stage in sorted(durations, key=lambda s: (STAGE_ORDER + (s,)).index(s)):
        values = durations[stage]
        out.append(
            StageTime(stage, len(values), percentile(values, 50), percentile(values, 90), values)
        )
    return out


# --- movements -----------------------------------------------------------------------------


def movements_in_scope(session: Session, scope: Scope) -> list[Movement]:
    """The board: every movement; others: those their department organises or where one of
    their units takes part."""
    movements = all_movements(session, contents=False)
    if scope.everything:
        return movements
    today = utcnow().date()
    return [
        m
        for m in movements
        if m.organiser_id in scope.department_ids
        or any(scope.sees_unit(u) for u in taking_part(session, m, today))
    ]


def attainments(session: Session, scope: Scope) -> list[targets.Attainment]:
    out = []
    today = utcnow().date()
    for movement in movements_in_scope(session, scope):
        if scope.everything:
            out.append(targets.attainment(session, movement, on=today))
        else:
            visible = {u.id for u in taking_part(session, movement, today) if scope.sees_unit(u)}
            out.append(targets.attainment(session, movement, visible, on=today))
    return out


@dataclass
class Dashboard:
    scope: Scope
    year: int | None
    status_stage: dict[tuple, int]
    orgs: list[dict]
    awards: list[dict]
    waiting: list[Waiting]
    stages: list[StageTime]
    attainments: list[targets.Attainment]
    departments: list[dict] = field(default_factory=list)
    #: counts shown under the departments that carry them today (else as recorded)
    rolled_up: bool = False

    @property
    def total(self) -> int:
        return sum(self.status_stage.values())

    def by_status(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for (status, _), n in self.status_stage.items():
            out[status] += n
        return dict(out)


def build(
    session: Session, user: User, year: int | None = None, rolled_up: bool = False
) -> Dashboard:
    scope = scope_for(user)
    folded = folding(session, scope, year, utcnow().date()) if rolled_up else None
    return Dashboard(
        scope=scope,
        year=year,
        status_stage=by_status_and_stage(session, scope, year),
        orgs=by_org(session, scope, year, folded),
        awards=by_award(session, scope, year),
        waiting=waiting_longest(session, scope, year),
        stages=stage_times(session, scope, year),
        attainments=attainments(session, scope),
        departments=by_department(session, scope, year, folded),
        rolled_up=rolled_up,
    )
