"""Emulation bonuses paid per year, by award: what each department and the province paid,
from the amounts the decisions stated (award_record.bonus_amount, written when the decision
was taken by workflows.process.decisions and never recomputed).

The year is the decision's (the budget year the money left the fund), not the year of merit.
Who pays is the fund of whoever decided: an award the Director decides is paid by the
department, one the Chairman decides (and one decided above the province for which the
province recorded money) by the province. Departments are counted as recorded or rolled up
into the one that carries them today, as the dashboard counts (names_asof.rollup).

Every award record with an amount counts, and each line says where it came from: decided in
tdkt (through a proposal: its department), recorded from outside by an officer with its
document (workflows.proposals.outside_awards), or imported history; the last two count in the
department their subject belonged to on the decision day. An amount the demo computed for its
imported history is marked estimated (workflows.awards.money.ESTIMATED).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Award, AwardRecord, Organisation, Person, Proposal
from workflows.awards.money import ESTIMATED
from workflows.directory.names_asof import Names, rollup
from workflows.directory.org_history import department_on
from workflows.directory.person_unit import unit_at
from workflows.reports.dashboard import Scope
from workflows.reports.exports import Column, Table, generated_caption
from workflows.vn_collation import sort_key

#: who pays, as the report names each fund
PAYER_DEPARTMENT = "Sở, ban, ngành"
PAYER_PROVINCE = "UBND tỉnh"
#: where an amount came from (award_record.source → the API's word)
SOURCES = {"decision": "decision", "manual": "outside", "import": "import"}
#: as the spreadsheet names them (the page and the API translate the codes)
SOURCE_VI = {
    "decision": "Quyết định trong tdkt",
    "outside": "Ghi nhận từ quyết định ngoài tdkt",
    "import": "Lịch sử khen thưởng đã nhập",
}


@dataclass
class Line:
    """One department's awards of one kind decided in one year."""

    year: int
    department: str
    award_code: str
    award: str
    payer: str
    #: decision / outside / import (SOURCES)
    source: str = "decision"
    #: the amounts are the demo's estimates for its imported history, not a decision's
    estimated: bool = False
    count: int = 0
    amount: int = 0


@dataclass
class Year:
    year: int
    lines: list[Line] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def count(self) -> int:
        return sum(line.count for line in self.lines)

    def by_payer(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for line in self.lines:
            out[line.payer] += line.amount
        return dict(out)

    def by_department(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for line in self.lines:
            out[line.department] += line.amount
        return dict(out)

    def by_award(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for line in self.lines:
            out[line.award] += line.amount
        return dict(out)


def paid(
    session: Session, scope: Scope, year: int | None, rolled_up: bool, today: date
) -> list[Year]:
    """Per decision year (newest first), per department, award and source: how many and how
    much."""
    rows = _rows(session, scope, year)
    awards = {a.code: a for a in session.scalars(select(Award))}
    department_ids = {r.department_id for r in rows}
    departments = {
        o.id: o
        for o in session.scalars(select(Organisation).where(Organisation.id.in_(department_ids)))
    }
    folded = rollup(session, list(departments.values()), today) if rolled_up else None
    names = Names(session).preload(department_ids)
    # As recorded, a department is named as on its latest decision of the year (one name per
    # line, even across a rename within the year).
    latest: dict[tuple[int, int], date] = {}
    for r in rows:
        key = (r.decision_date.year, r.department_id)
        latest[key] = max(latest.get(key, r.decision_date), r.decision_date)
    lines: dict[tuple, Line] = {}
    for r in rows:
        department = departments[r.department_id]
        y = r.decision_date.year
        if folded is not None:
            label = folded.label(department)
        else:
            label = names.name(department, latest[(y, r.department_id)])
        award = awards[r.award_code]
        payer = PAYER_DEPARTMENT if award.level == "department" else PAYER_PROVINCE
        line = lines.setdefault(
            (y, label, r.award_code, r.source, r.estimated),
            Line(y, label, r.award_code, award.name_vi, payer, r.source, r.estimated),
        )
        line.count += 1
        line.amount += r.amount
    years: dict[int, Year] = {}
    order = list(SOURCES.values())
    for line in sorted(
        lines.values(),
        key=lambda x: (sort_key(x.department), sort_key(x.award), order.index(x.source)),
    ):
        years.setdefault(line.year, Year(line.year)).lines.append(line)
    return [years[y] for y in sorted(years, reverse=True)]


@dataclass(frozen=True)
class _Row:
    decision_date: date
    award_code: str
    amount: int
    department_id: int
    source: str
    estimated: bool


def _rows(session: Session, scope: Scope, year: int | None) -> list[_Row]:
    """Every award record with an amount and a decision date in the scope: a proposal's in its
    department; any other in the department of its subject's unit on the decision day."""
    records = session.execute(
        select(
            AwardRecord.decision_date,
            AwardRecord.award_code,
            AwardRecord.bonus_amount,
            AwardRecord.bonus_basis,
            AwardRecord.source,
            AwardRecord.org_id,
            Proposal.department_id,
            Proposal.org_id.label("proposal_org_id"),
            Person.id.label("person_id"),
            Person.org_id.label("person_org_id"),
        )
        .outerjoin(Proposal, Proposal.id == AwardRecord.proposal_id)
        .outerjoin(Person, Person.id == AwardRecord.person_id)
        .where(AwardRecord.bonus_amount.is_not(None), AwardRecord.decision_date.is_not(None))
    ).all()
    records = [r for r in records if year is None or r.decision_date.year == year]
    found: dict[tuple[int, date], int | None] = {}
    out = []
    for r in records:
        department_id = r.department_id
        if department_id is None:
            unit_id = r.org_id
            if r.person_id is not None:
                unit_id = session.scalar(
                    select(unit_at(Person.id, Person.org_id, r.decision_date)).where(
                        Person.id == r.person_id
                    )
                )
            if unit_id is None:
                continue  # a name alone: no unit, no fund to count it in
            department_id = _department(session, found, unit_id, r.decision_date)
            if department_id is None or not _sees(scope, department_id, unit_id):
                continue
        elif not _sees(scope, department_id, r.proposal_org_id):
            continue
        out.append(
            _Row(
                r.decision_date,
                r.award_code,
                r.bonus_amount,
                department_id,
                SOURCES.get(r.source, "outside"),
                (r.bonus_basis or "").startswith(ESTIMATED),
            )
        )
    return out


def _department(session: Session, found: dict, unit_id: int, day: date) -> int | None:
    key = (unit_id, day)
    if key not in found:
        unit = session.get(Organisation, unit_id)
        department = department_on(session, unit, day) if unit is not None else None
        found[key] = department.id if department is not None else None
    return found[key]


def _sees(scope: Scope, department_id: int, unit_id: int | None) -> bool:
    return (
        scope.everything
        or department_id in scope.department_ids
        or (unit_id is not None and unit_id in scope.unit_ids)
    )


COLUMNS = (
    Column("Năm quyết định", "int", 10),
    Column("Sở, ban, ngành", width=44),
    Column("Hình thức, danh hiệu", width=40),
    Column("Nguồn chi", width=16),
    Column("Nguồn số liệu", width=36),
    Column("Số lượt", "int", 10),
    Column("Tiền thưởng (đồng)", "int", 18),
)


def table(years: list[Year], scope: Scope, rolled_up: bool) -> Table:
    """The budget report's sheet: one row per department and award, a total per department
    and per fund, and the year's total."""
    mode = "cộng dồn vào đơn vị kế thừa" if rolled_up else "theo đơn vị đã ghi nhận"
    out = Table(
        "Tiền thưởng theo năm",
        COLUMNS,
        caption=[
            *generated_caption("Tiền thưởng thi đua, khen thưởng đã chi theo năm", scope.label),
            f"Theo số tiền ghi trong quyết định; năm của ngày quyết định; đơn vị {mode}.",
            "Số tiền ước tính: tính theo hệ số và mức lương cơ sở tại ngày quyết định cho lịch "
            "sử khen thưởng mẫu, không phải số tiền ghi trong quyết định.",
        ],
    )
    for y in years:
        for line in y.lines:
            out.rows.append(
                (
                    y.year,
                    line.department,
                    line.award,
                    line.payer,
                    source_vi(line),
                    line.count,
                    line.amount,
                )
            )
        for department, amount in sorted(y.by_department().items()):
            out.rows.append((y.year, department, "Cộng đơn vị", "", "", None, amount))
        for payer, amount in sorted(y.by_payer().items()):
            out.rows.append((y.year, "", f"Cộng nguồn {payer}", payer, "", None, amount))
        out.rows.append((y.year, "Toàn bộ", "Tổng cộng năm", "", "", y.count, y.total))
    return out


def source_vi(line: Line) -> str:
    text = SOURCE_VI[line.source]
    return f"{text} (số tiền ước tính)" if line.estimated else text
