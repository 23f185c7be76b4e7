"""Targets vs actual: what was decided, counted against a movement's targets and headcounts.

Only decisions count: nominees of approved proposals. An individual counts once per award per
year, found by their account when the dossier names one, else by their name within the unit;
a collective is a unit of the department (the unit it names, else the unit that filed it).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Award,
    Movement,
    MovementTarget,
    Nominee,
    Organisation,
    OrgKind,
    Person,
    Proposal,
    ProposalStatus,
    YearRecord,
)
from workflows.movements.heirs import reviewer, taking_part
from workflows.movements.registry import headcounts


@dataclass(frozen=True)
class Awarded:
    """One award decided for one person or collective in one year (already de-duplicated)."""

    award_code: str
    award_kind: str  #: title or form
    target: str  #: person or collective
    year: int
    unit_id: int  #: the unit the person works in, or the collective itself
    key: tuple  #: who: ("user", id), ("name", unit id, normalised name) or ("unit", id)
    gender: str | None = None
    is_leader: bool = False
    #: the person in the history registry, when the nominee is linked to one
    person_id: int | None = None
    #: the department the proposal was filed under, and the decision's date (names as of it)
    department_id: int | None = None
    decided_on: date | None = None


def normalise_name(name: str) -> str:
    # Diacritics are kept: "Lan" and "Lân" are two people.
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip().casefold()


def awarded(
    session: Session,
    *,
    movement_id: int | None = None,
    unit_ids: Iterable[int] | None = None,
    year: int | None = None,
) -> list[Awarded]:
    """Decided awards, each (award, year, person or collective) once."""
    # Plain columns, not entities: a province's year is tens of thousands of nominees.
    query = (
        select(
            Nominee.name,
            Nominee.user_id,
            Nominee.gender,
            Nominee.is_leader,
            Nominee.person_id,
            Proposal.org_id,
            Proposal.department_id,
            Proposal.year,
            Proposal.decision_date,
            Award.code,
            Award.kind,
            Award.target,
        )
        .join(Proposal, Proposal.id == Nominee.proposal_id)
        .join(Award, Award.code == Proposal.award_code)
        .where(Proposal.status == ProposalStatus.APPROVED)
        .order_by(Proposal.decision_date, Proposal.id, Nominee.position)
    )
    if movement_id is not None:
        query = query.where(Proposal.movement_id == movement_id)
    if year is not None:
        query = query.where(Proposal.year == year)
    rows = session.execute(query).all()
    units_by_name = _units_by_name(session, {row.department_id for row in rows})
    wanted = set(unit_ids) if unit_ids is not None else None
    seen: set[tuple] = set()
    out = []
    for row in rows:
        name, org_id = row.name, row.org_id
        if row.target == "collective":
            unit_id = units_by_name.get((row.department_id, normalise_name(name)), org_id)
            key: tuple = ("unit", unit_id)
        else:
            unit_id = org_id
            user_id = row.user_id
            key = (
                ("user", user_id) if user_id is not None else ("name", org_id, normalise_name(name))
            )
        if wanted is not None and unit_id not in wanted:
            continue
        if (row.code, row.year, key) in seen:
            continue
        seen.add((row.code, row.year, key))
        out.append(
            Awarded(
                award_code=row.code,
                award_kind=row.kind,
                target=row.target,
                year=row.year,
                unit_id=unit_id,
                key=key,
                gender=row.gender,
                is_leader=bool(row.is_leader),
                person_id=row.person_id,
                department_id=row.department_id,
                decided_on=row.decision_date,
            )
        )
    return out


def _units_by_name(session: Session, department_ids: set[int]) -> dict[tuple[int | None, str], int]:
    if not department_ids:
        return {}
    units = session.scalars(
        select(Organisation).where(
            Organisation.parent_id.in_(department_ids), Organisation.kind == OrgKind.UNIT
        )
    )
    out = {}
    for unit in units:
        for name in (unit.name, unit.short_name):
            out[(unit.parent_id, normalise_name(name))] = unit.id
    return out


# --- metrics --------------------------------------------------------------------------------


@dataclass
class Counts:
    """What one metric sees for a set of units."""

    unit_ids: list[int]
    awards: list[Awarded]
    #: persons per unit from the headcount table; a unit without a row is missing
    persons: dict[int, int]
    missing_headcount: list[str] = field(default_factory=list)
    #: persons of these units rated "hoàn thành xuất sắc nhiệm vụ" for the year (history)
    excellent: set[int] = field(default_factory=set)

    def _of(self, target: str) -> list[Awarded]:
        return [a for a in self.awards if a.target == target]

    def collectives(self, *codes: str) -> set[int]:
        return {a.unit_id for a in self._of("collective") if a.award_code in codes}

    def collective_forms(self) -> set[int]:
        return {a.unit_id for a in self._of("collective") if a.award_kind == "form"}

    def people(self, *codes: str) -> set[tuple]:
        return {a.key for a in self._of("person") if a.award_code in codes}

    def people_with_form(self) -> set[tuple]:
        return {a.key for a in self._of("person") if a.award_kind == "form"}

    def headcount(self) -> int | None:
        return None if self.missing_headcount else sum(self.persons.values())


class NoData(Exception):
    """The metric cannot be computed yet; the message says what is missing."""


#: gives (numerator, denominator) or raises NoData
Metric = Callable[[Counts], tuple[int, int]]


def _share_title_ttldtt(c: Counts) -> tuple[int, int]:
    return len(c.collectives("TTLDTT")), len(c.unit_ids)


def _share_of_ttldtt_with_ttldxs(c: Counts) -> tuple[int, int]:
    base = c.collectives("TTLDTT")
    if not base:
        raise NoData("chưa có tập thể đạt danh hiệu Tập thể lao động tiên tiến")
    return len(base & c.collectives("TTLDXS")), len(base)


def _share_units_with_form(c: Counts) -> tuple[int, int]:
    return len(c.collective_forms()), len(c.unit_ids)


def _headcount(c: Counts) -> int:
    total = c.headcount()
    if total is None:
        raise NoData("thiếu số lao động của " + ", ".join(c.missing_headcount))
    if total == 0:
        raise NoData("số lao động bằng 0")
    return total


def _share_individuals_ldtt(c: Counts) -> tuple[int, int]:
    return len(c.people("LDTT")), _headcount(c)


def _share_of_ldtt_with_htxsnv(c: Counts) -> tuple[int, int]:
    ldtt = [a for a in c._of("person") if a.award_code == "LDTT"]
    linked = {a.person_id for a in ldtt if a.person_id is not None}
    if not linked:
        # The rating lives in the history; names never linked to it cannot be counted.
        raise NoData("chưa có cá nhân đạt LĐTT gắn với hồ sơ xếp loại")
    return len(linked & c.excellent), len({a.key for a in ldtt})


def _share_individuals_with_form(c: Counts) -> tuple[int, int]:
    return len(c.people_with_form()), _headcount(c)


#: metric code (MovementTarget.metric) -> (the noun a shortfall is counted in, the metric)
METRICS: dict[str, tuple[str, Metric]] = {
    "share_title_ttldtt": ("tập thể", _share_title_ttldtt),
    "share_of_ttldtt_with_ttldxs": ("tập thể", _share_of_ttldtt_with_ttldxs),
    "share_units_with_form": ("đơn vị", _share_units_with_form),
    "share_individuals_ldtt": ("người", _share_individuals_ldtt),
    "share_of_ldtt_with_htxsnv": ("người", _share_of_ldtt_with_htxsnv),
    "share_individuals_with_form": ("người", _share_individuals_with_form),
}


#: short names of the metrics for tables and charts
METRIC_LABELS = {
    "share_title_ttldtt": "Tập thể đạt TTLĐTT",
    "share_of_ttldtt_with_ttldxs": "TTLĐXS trong số tập thể đạt TTLĐTT",
    "share_units_with_form": "Đơn vị được tặng hình thức khen thưởng",
    "share_individuals_ldtt": "Cá nhân đạt LĐTT",
    "share_of_ldtt_with_htxsnv": "HTXSNV trong số cá nhân đạt LĐTT",
    "share_individuals_with_form": "Cá nhân được tặng hình thức khen thưởng",
}


@dataclass(frozen=True)
class Result:
    target: MovementTarget
    status: str  #: met, not_met, no_data, or shared (a unit's part of a movement-wide share)
    verdict: str  #: in plain Vietnamese
    numerator: int | None = None
    denominator: int | None = None
    #: how many the target asks for: the percentage of the denominator, rounded up
    required: int | None = None
    actual: Decimal | None = None  #: percent, 1 decimal

    @property
    def label(self) -> str:
        return METRIC_LABELS.get(self.target.metric or "", self.target.code)

    @property
    def shortfall(self) -> int:
        if self.required is None or self.numerator is None:
            return 0
        return max(self.required - self.numerator, 0)


def evaluate(target: MovementTarget, counts: Counts) -> Result:
    if target.metric not in METRICS or target.value is None:
        return Result(target, "no_data", "Chưa có dữ liệu (chỉ tiêu chưa có cách đo)")
    noun, metric = METRICS[target.metric]
    try:
        numerator, denominator = metric(counts)
    except NoData as exc:
        return Result(target, "no_data", f"Chưa có dữ liệu ({exc})")
    if denominator == 0:
        return Result(target, "no_data", "Chưa có dữ liệu (không có đối tượng để tính)")
    # Exact: 95% of 64 people is 60.8, so 61 are needed.
    required = math.ceil(Decimal(target.value) * denominator / 100)
    actual = (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.1"))
    if numerator >= required:
        return Result(target, "met", "Đạt", numerator, denominator, required, actual)
    verdict = f"Chưa đạt: còn thiếu {required - numerator} {noun}"
    return Result(target, "not_met", verdict, numerator, denominator, required, actual)


def for_unit(target: MovementTarget, counts: Counts) -> Result:
    """A target seen from one unit. A share of collectives below 100% is met by the movement
    as a whole, not by each unit: the unit is told whether it counts towards it."""
    result = evaluate(target, counts)
    if (
        target.subject != "collectives"
        or target.metric not in METRICS
        or target.value is None
        or target.value >= 100
    ):
        return result
    # A unit without the base title (no TTLĐTT for "of those") is simply not counted.
    counted = "đơn vị đã được tính" if result.numerator else "đơn vị chưa được tính"
    return replace(result, status="shared", verdict=f"Chỉ tiêu chung của phong trào; {counted}")


@dataclass
class Attainment:
    movement: Movement
    year: int
    overall: list[Result]
    #: (unit, results) per participating unit in scope
    per_unit: list[tuple[Organisation, list[Result]]]
    text_targets: list[MovementTarget]
    #: who reviews it: the organiser, or its successor once the organiser was merged
    reviewer: Organisation | None = None


def attainment(
    session: Session, movement: Movement, unit_ids: set[int] | None = None, on: date | None = None
) -> Attainment:
    """Targets vs actual for a movement on `on` (today): overall (only when every unit is in
    scope) and per unit, over the units that took part (`heirs.taking_part`).

    Headcounts are those of the movement's last year.
    """
    on = on or date.today()
    year = movement.period_end.year
    units = taking_part(session, movement, on)
    in_scope = [u for u in units if unit_ids is None or u.id in unit_ids]
    awards = awarded(session, movement_id=movement.id, unit_ids=[u.id for u in units])
    heads = headcounts(session, [u.id for u in units], year)
    excellent = _rated_excellent(session, [u.id for u in units], year)
    measurable = [t for t in movement.targets if t.measurable]

    def counts_for(group: list[Organisation]) -> Counts:
        ids = [u.id for u in group]
        return Counts(
            unit_ids=ids,
            awards=[a for a in awards if a.unit_id in ids],
            persons={u.id: heads[u.id].persons for u in group if u.id in heads},
            missing_headcount=[f"{u.short_name} năm {year}" for u in group if u.id not in heads],
            excellent={p for p, unit in excellent if unit in ids},
        )

    overall: list[Result] = []
    if len(in_scope) == len(units):
        whole = counts_for(units)
        overall = [evaluate(t, whole) for t in measurable]
    per_unit = [(u, [for_unit(t, counts_for([u])) for t in measurable]) for u in in_scope]
    text = [t for t in movement.targets if not t.measurable]
    return Attainment(movement, year, overall, per_unit, text, reviewer(session, movement, on))


def _rated_excellent(session: Session, unit_ids: list[int], year: int) -> list[tuple[int, int]]:
    """(person, unit) of the people rated HTXSNV for `year` in these units (models.history)."""
    if not unit_ids:
        return []
    rows = session.execute(
        # Person.id: the record's person_id (the join), typed as no NULL
        select(Person.id, Person.org_id)
        .select_from(YearRecord)
        .join(Person, Person.id == YearRecord.person_id)
        .where(
            YearRecord.year == year,
            YearRecord.rating == "xuat_sac",
            Person.org_id.in_(unit_ids),
        )
    )
    return [(person_id, org_id) for person_id, org_id in rows]
