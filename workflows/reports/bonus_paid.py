"""Emulation bonuses paid per year, by award: what each department and the province paid,
from the amounts the decisions stated (award_record.bonus_amount, written when the decision
was taken by workflows.process.decisions and never recomputed).

The year is the decision's (the budget year the money left the fund), not the year of merit.
Who pays is the fund of whoever decided: an award the Director decides is paid by the
department, one the Chairman decides (and one decided above the province for which the
province recorded money) by the province. Departments are counted as recorded or rolled up
into the one that carries them today, as the dashboard counts (names_asof.rollup).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Award, AwardRecord, Organisation, Proposal
from workflows.directory.names_asof import Names, rollup
from workflows.reports.dashboard import Scope
from workflows.reports.exports import Column, Table, generated_caption
from workflows.vn_collation import sort_key

#: who pays, as the report names each fund
PAYER_DEPARTMENT = "Sở, ban, ngành"
PAYER_PROVINCE = "UBND tỉnh"


@dataclass
class Line:
    """One department's awards of one kind decided in one year."""

    year: int
    department: str
    award_code: str
    award: str
    payer: str
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
    """Per decision year (newest first), per department and award: how many and how much."""
    rows = session.execute(
        select(
            AwardRecord.decision_date,
            AwardRecord.award_code,
            AwardRecord.bonus_amount,
            Proposal.department_id,
        )
        .join(Proposal, Proposal.id == AwardRecord.proposal_id)
        .where(
            scope.proposals(),
            AwardRecord.bonus_amount.is_not(None),
            AwardRecord.decision_date.is_not(None),
        )
    ).all()
    rows = [r for r in rows if year is None or r.decision_date.year == year]
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
            (y, label, r.award_code), Line(y, label, r.award_code, award.name_vi, payer)
        )
        line.count += 1
        line.amount += r.bonus_amount
    years: dict[int, Year] = {}
    for line in sorted(lines.values(), key=lambda x: (sort_key(x.department), sort_key(x.award))):
        years.setdefault(line.year, Year(line.year)).lines.append(line)
    return [years[y] for y in sorted(years, reverse=True)]


COLUMNS = (
    Column("Năm quyết định", "int", 10),
    Column("Sở, ban, ngành", width=44),
    Column("Hình thức, danh hiệu", width=40),
    Column("Nguồn chi", width=16),
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
        ],
    )
    for y in years:
        for line in y.lines:
            out.rows.append(
                (y.year, line.department, line.award, line.payer, line.count, line.amount)
            )
        for department, amount in sorted(y.by_department().items()):
            out.rows.append((y.year, department, "Cộng đơn vị", "", None, amount))
        for payer, amount in sorted(y.by_payer().items()):
            out.rows.append((y.year, "", f"Cộng nguồn {payer}", payer, None, amount))
        out.rows.append((y.year, "Toàn bộ", "Tổng cộng năm", "", y.count, y.total))
    return out
