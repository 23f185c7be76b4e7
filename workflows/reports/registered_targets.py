"""A movement's targets against reality (issue 17, item 4): per target, how many units or
people were registered (đăng ký thi đua, approved), proposed (nominees of the movement's
proposals once sent: filed from a registration, a proposal carries its movement) and awarded
(decided: `movements.targets.awarded`), each against the target's base — per unit, and per
department as recorded or rolled up into the department that carries it today.

What a target counts (FUNNELS): a title at least as high as the one named, since a subject
registers one line: a person registered for CSTĐCS aims for LĐTT too, a unit registered for
TTLĐXS aims for TTLĐTT. A share "of those" (20 % of the TTLĐTT collectives reach TTLĐXS) is
counted at each stage against the collectives at TTLĐTT or above at that stage. The base of a
share of people is the headcount of the movement's year; without one it is not computed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Award,
    Movement,
    Nominee,
    Organisation,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationLine,
    RegistrationStatus,
    User,
)
from workflows.directory import org_history
from workflows.directory.names_asof import rollup
from workflows.errors import N_, NotFound
from workflows.movements.heirs import taking_part
from workflows.movements.registry import headcounts
from workflows.movements.targets import METRIC_LABELS, awarded, normalise_name
from workflows.reports import dashboard
from workflows.reports.dashboard import Scope
from workflows.reports.exports import Column, Table, generated_caption

STAGES = ("registered", "proposed", "awarded")
STAGE_LABELS = {"registered": "Đăng ký", "proposed": "Đề nghị", "awarded": "Được khen thưởng"}
LDTT_OR_ABOVE = frozenset({"LDTT", "CSTDCS", "CSTD_TINH"})
TTLDTT_OR_ABOVE = frozenset({"TTLDTT", "TTLDXS"})


@dataclass(frozen=True)
class Funnel:
    target: str  #: person or collective
    counts: Callable[[Award], bool]  #: which awards count for the target
    base: str  #: units, headcount, or ttldtt (the collectives at TTLĐTT or above)


FUNNELS: dict[str, Funnel] = {
    "share_title_ttldtt": Funnel("collective", lambda a: a.code in TTLDTT_OR_ABOVE, "units"),
    "share_of_ttldtt_with_ttldxs": Funnel("collective", lambda a: a.code == "TTLDXS", "ttldtt"),
    "share_units_with_form": Funnel("collective", lambda a: a.kind == "form", "units"),
    "share_individuals_ldtt": Funnel("person", lambda a: a.code in LDTT_OR_ABOVE, "headcount"),
    "share_individuals_with_form": Funnel("person", lambda a: a.kind == "form", "headcount"),
}


@dataclass(frozen=True)
class Subject:
    """Who was registered, proposed or awarded for what: the unit it counts under, a key for
    the person or collective, and the award."""

    unit_id: int
    key: tuple
    award_code: str


@dataclass
class Cell:
    count: int
    base: int | None

    @property
    def percent(self) -> Decimal | None:
        if not self.base:
            return None
        return (Decimal(self.count) * 100 / self.base).quantize(Decimal("0.1"))


@dataclass
class Line:
    code: str
    label: str
    value: Decimal  #: the target, in percent
    cells: dict[str, Cell]
    #: how many the target asks for, of the base of the awarded stage (rounded up)
    required: int | None

    def met(self) -> bool | None:
        awarded_cell = self.cells["awarded"]
        if self.required is None or awarded_cell.base is None:
            return None
        return awarded_cell.count >= self.required


@dataclass
class Group:
    name: str
    lines: list[Line]
    org_id: int | None = None


@dataclass
class Report:
    movement: Movement
    year: int
    rolled_up: bool
    #: targets without a way to count them against registrations (text only, or a rating)
    not_counted: list[str]
    total: Group | None
    departments: list[Group] = field(default_factory=list)
    units: list[Group] = field(default_factory=list)


def for_user(
    session: Session, user: User, movement_id: int, rolled_up: bool, today: date
) -> tuple[Report, Scope]:
    """The report of a movement the user's dashboard shows (the board, a Director, a unit
    head: `dashboard.scope_for`), over the units they see; any other movement is not found."""
    scope = dashboard.scope_for(user)
    movement = session.get(Movement, movement_id)
    if movement is None or movement.id not in {
        m.id for m in dashboard.movements_in_scope(session, scope)
    }:
        raise NotFound(
            "movement_not_found", N_("Không tìm thấy phong trào số %(id)s", id=movement_id)
        )
    return report(session, movement, scope, rolled_up, today), scope


def report(
    session: Session,
    movement: Movement,
    scope: Scope,
    rolled_up: bool = True,
    on: date | None = None,
    year: int | None = None,
) -> Report:
    on = on or date.today()
    year = year or movement.period_end.year
    units = [u for u in taking_part(session, movement, on) if scope.sees_unit(u)]
    whole = len(units) == len(taking_part(session, movement, on))
    ids = {u.id for u in units}
    awards = {a.code: a for a in session.scalars(select(Award))}
    stages = {
        "registered": _registered(session, movement, year, ids),
        "proposed": _proposed(session, movement, year, ids),
        "awarded": [
            Subject(a.unit_id, a.key, a.award_code)
            for a in awarded(session, movement_id=movement.id, unit_ids=ids, year=year)
        ],
    }
    heads = headcounts(session, list(ids), year)
    counted = [t for t in movement.targets if t.metric in FUNNELS and t.value is not None]
    not_counted = [t.text for t in movement.targets if t not in counted]

    def group(name: str, members: list[Organisation], org_id: int | None = None) -> Group:
        member_ids = {u.id for u in members}
        persons = [heads[i].persons for i in member_ids if i in heads]
        headcount = sum(persons) if len(persons) == len(member_ids) else None
        lines = []
        for t in counted:
            funnel = FUNNELS[t.metric or ""]
            cells = {}
            for stage, subjects in stages.items():
                mine = [s for s in subjects if s.unit_id in member_ids]
                cells[stage] = _cell(funnel, mine, awards, len(member_ids), headcount)
            value = Decimal(t.value or 0)  # (counted: only targets with a value)
            base = cells["awarded"].base
            # Exact, as movements.targets: 15 % of 30 people is 4.5, so 5 are needed.
            required = math.ceil(value * base / 100) if base else None
            label = METRIC_LABELS.get(t.metric or "", t.code)
            lines.append(Line(t.code, label, value, cells, required))
        return Group(name, lines, org_id)

    out = Report(
        movement, year, rolled_up, not_counted, group("Toàn phong trào", units) if whole else None
    )
    out.units = [group(u.name, [u], u.id) for u in units]
    by_department: dict[int, list[Organisation]] = defaultdict(list)
    # As recorded: the department the unit was under when the movement began.
    recorded = {u.id: org_history.department_on(session, u, movement.period_start) for u in units}
    departments = [d for d in {d.id: d for d in recorded.values() if d is not None}.values()]
    folded = rollup(session, departments, on) if rolled_up else None
    labels: dict[int, str] = {}
    for unit in units:
        department = recorded[unit.id]
        if department is None:
            continue
        head = folded.of(department) if folded is not None else department
        by_department[head.id].append(unit)
        labels[head.id] = folded.label(department) if folded is not None else department.name
    out.departments = [
        group(labels[d], members, d)
        for d, members in sorted(by_department.items(), key=lambda kv: labels[kv[0]])
    ]
    return out


def _cell(
    funnel: Funnel,
    subjects: list[Subject],
    awards: dict[str, Award],
    units: int,
    headcount: int | None,
) -> Cell:
    mine = [s for s in subjects if awards[s.award_code].target == funnel.target]
    count = len({s.key for s in mine if funnel.counts(awards[s.award_code])})
    if funnel.base == "units":
        return Cell(count, units)
    if funnel.base == "headcount":
        return Cell(count, headcount)
    return Cell(count, len({s.key for s in mine if s.award_code in TTLDTT_OR_ABOVE}))


def _registered(session: Session, movement: Movement, year: int, ids: set[int]) -> list[Subject]:
    rows = session.execute(
        select(Registration.org_id, RegistrationLine.person_id, RegistrationLine.award_code)
        .join(Registration, Registration.id == RegistrationLine.registration_id)
        .where(
            Registration.movement_id == movement.id,
            Registration.year == year,
            Registration.status == RegistrationStatus.APPROVED,
        )
    ).all()
    return [
        Subject(org, ("person", pid) if pid is not None else ("unit", org), code)
        for org, pid, code in rows
        if org in ids
    ]


def _proposed(session: Session, movement: Movement, year: int, ids: set[int]) -> list[Subject]:
    """Nominees still in the running or decided, of the movement's proposals once sent (a
    draft is not yet proposed; a nominee lowered to another award counts there)."""
    rows = session.execute(
        select(
            Proposal.org_id,
            Proposal.award_code,
            Nominee.kind,
            Nominee.person_id,
            Nominee.subject_org_id,
            Nominee.name,
        )
        .join(Nominee, Nominee.proposal_id == Proposal.id)
        .where(
            Proposal.movement_id == movement.id,
            Proposal.year == year,
            Proposal.status != ProposalStatus.DRAFT,
            Nominee.status != "lowered",
        )
    ).all()
    out = []
    for org_id, code, kind, person_id, subject_org_id, name in rows:
        if kind == "collective":
            unit = subject_org_id if subject_org_id is not None else org_id
            out.append(Subject(unit, ("unit", unit), code))
        else:
            key = ("person", person_id) if person_id else ("name", org_id, normalise_name(name))
            out.append(Subject(org_id, key, code))
    return [s for s in out if s.unit_id in ids]


COLUMNS = (
    Column("Phạm vi", width=40),
    Column("Chỉ tiêu", width=40),
    Column("Mức chỉ tiêu (%)", "number", 12),
    Column("Cần đạt", "int", 10),
    Column("Đăng ký", "int", 10),
    Column("Đăng ký (%)", "number", 12),
    Column("Đề nghị", "int", 10),
    Column("Đề nghị (%)", "number", 12),
    Column("Được khen thưởng", "int", 12),
    Column("Được khen thưởng (%)", "number", 14),
    Column("Trên tổng số", "int", 12),
)


def table(found: Report, scope: Scope) -> Table:
    mode = "cộng dồn vào cơ quan kế thừa" if found.rolled_up else "theo cơ quan đã ghi nhận"
    out = Table(
        "Chỉ tiêu và thực tế",
        COLUMNS,
        caption=[
            *generated_caption(
                f"Chỉ tiêu so với thực tế: {found.movement.title} năm {found.year}", scope.label
            ),
            f"Đăng ký đã duyệt → đề nghị đã gửi → đã quyết định khen thưởng; sở {mode}.",
        ],
    )
    groups = ([found.total] if found.total else []) + found.departments + found.units
    for g in groups:
        for line in g.lines:
            c = line.cells
            out.rows.append(
                (
                    g.name,
                    line.label,
                    line.value,
                    line.required,
                    c["registered"].count,
                    c["registered"].percent,
                    c["proposed"].count,
                    c["proposed"].percent,
                    c["awarded"].count,
                    c["awarded"].percent,
                    c["awarded"].base,
                )
            )
    return out
