"""Spreadsheets (.xlsx, openpyxl): tables with Vietnamese headers, dates dd/mm/yyyy, number
formats; and the per-unit annual statistics of titles and forms the board reports upward."""

from __future__ import annotations

import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Award, Organisation, OrgKind, Proposal, ProposalStatus
from workflows.directory.names_asof import Names, rollup
from workflows.movements.registry import headcounts
from workflows.movements.targets import awarded
from workflows.reports.dashboard import Scope

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FORMATS = {
    "text": "@",
    "int": "#,##0",
    "number": "#,##0.0",
    "percent": "0.0%",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}
#: what makes a spreadsheet read a text as a formula (or as the start of one): such a text is
#: written as a string with Excel's quote prefix, so `=HYPERLINK(…)` stays words on the sheet
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WIDTHS = {"int": 12, "number": 12, "percent": 12, "date": 12, "datetime": 17}


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  #: a key of FORMATS
    width: int | None = None


@dataclass
class Table:
    title: str  #: the sheet name (shortened to Excel's 31 characters)
    columns: Sequence[Column]
    rows: list[Sequence] = field(default_factory=list)
    #: lines written above the header (what the table is, scope, when it was made)
    caption: list[str] = field(default_factory=list)


def _cell_value(value, kind: str):
    if value is None:
        return None
    if kind == "datetime" and isinstance(value, datetime):
        # Stored naive in UTC; the reader wants local time, and Excel has no time zones.
        return value.replace(tzinfo=UTC).astimezone(LOCAL_TZ).replace(tzinfo=None)
    if kind == "percent":
        # Given in percent, shown by the 0.0% format; rounded so 83.3 reads back as 0.833.
        return round(float(value) / 100, 6)
    if kind in ("int", "number") and not isinstance(value, int | float):
        return float(value)
    return value


def _put(cell: Cell, value) -> Cell:
    """Write `value` into `cell`; a text from anyone's input stays a text.

    Control characters an .xlsx cannot hold (stored before the fields refused them) become
    U+FFFD instead of failing the whole export.
    """
    if not isinstance(value, str):
        cell.value = value
        return cell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if value.startswith(FORMULA_START):
        cell.data_type = "s"  # openpyxl made it a formula on assignment
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or "Bang"
    name, n = base, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def workbook(tables: Sequence[Table]) -> bytes:
    # openpyxl is imported by the first export, not at start: ~20 MB of every web worker's
    # memory that no other request needs (issue 19).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        for n, line in enumerate(table.caption, start=1):
            _put(sheet.cell(row=n, column=1), line)
        if table.caption:
            sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        header_row = len(table.caption) + 1
        for col, column in enumerate(table.columns, start=1):
            cell = _put(sheet.cell(row=header_row, column=col), column.header)
            cell.font, cell.fill = bold, head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            width = column.width or WIDTHS.get(column.kind) or max(len(column.header) + 2, 14)
            sheet.column_dimensions[get_column_letter(col)].width = width
        for r, row in enumerate(table.rows, start=header_row + 1):
            for col, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
                cell = _put(sheet.cell(row=r, column=col), _cell_value(value, column.kind))
                cell.number_format = FORMATS[column.kind]
                if column.kind == "text":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def generated_caption(title: str, scope_label: str) -> list[str]:
    now = datetime.now(LOCAL_TZ)
    return [title, f"Phạm vi: {scope_label}", f"Lập lúc: {now:%d/%m/%Y %H:%M}"]


# --- annual statistics of titles and forms --------------------------------------------------


#: the caption line of a rolled-up table (as recorded, the default, needs no words)
ROLLUP_CAPTION = (
    "Cách tính: gộp theo cơ quan kế thừa (cơ quan đã sáp nhập tính vào cơ quan tiếp nhận)"
)


@dataclass
class StatRow:
    unit: Organisation
    award: Award
    #: the department as shown: the one filed under (named as on the decision), or its heir
    department_name: str = ""
    unit_name: str = ""
    persons: int = 0
    men: int = 0
    women: int = 0
    leaders: int = 0
    collectives: int = 0

    @property
    def gender_unknown(self) -> int:
        return self.persons - self.men - self.women

    @property
    def front_line(self) -> int:
        return self.persons - self.leaders


def latest_decided_year(session: Session, scope: Scope) -> int | None:
    return session.scalar(
        select(func.max(Proposal.year)).where(
            scope.proposals(), Proposal.status == ProposalStatus.APPROVED
        )
    )


def annual_statistics(
    session: Session, scope: Scope, year: int, rolled_up: bool = False
) -> list[StatRow]:
    """Per department, unit and award: how many persons (by gender, leaders vs front-line) and
    collectives received it by decision in `year`; each person once per award.

    As recorded, the department is the one each proposal was filed under and the department
    and unit are named as on the (latest) decision; rolled up, a department taken over is
    shown as its successor "incl. the former …", and each award is still counted once."""
    units = {
        u.id: u
        for u in session.scalars(select(Organisation).where(Organisation.kind == OrgKind.UNIT))
        if scope.sees_unit(u)
    }
    awards = {a.code: a for a in session.scalars(select(Award))}
    items = awarded(session, unit_ids=units, year=year)
    departments = {
        o.id: o
        for o in session.scalars(
            select(Organisation).where(
                Organisation.id.in_({i.department_id for i in items if i.department_id})
            )
        )
    }
    folded = rollup(session, list(departments.values()), date.today()) if rolled_up else None
    names = Names(session)
    rows: dict[tuple[int | None, int, str], StatRow] = {}
    latest: dict[tuple[int | None, int, str], date | None] = {}
    for item in items:
        department = departments.get(item.department_id or 0)
        if department is not None and folded is not None:
            department = folded.of(department)
        key = (department.id if department else None, item.unit_id, item.award_code)
        row = rows.get(key)
        if row is None:
            row = StatRow(units[item.unit_id], awards[item.award_code])
            rows[key] = row
        known = latest.get(key)
        if item.decided_on is not None and (known is None or item.decided_on > known):
            latest[key] = item.decided_on
        if item.target == "collective":
            row.collectives += 1
            continue
        row.persons += 1
        row.men += item.gender == "male"
        row.women += item.gender == "female"
        row.leaders += item.is_leader
    if folded is None:
        names.preload({i for key in latest for i in (key[0], key[1]) if i is not None})
    for key, row in rows.items():
        day = None if folded is not None else latest.get(key)
        department = departments.get(key[0] or 0) or row.unit.parent
        if folded is not None and department is not None:
            row.department_name = folded.label(department)
        else:
            row.department_name = names.name(department, day)
        row.unit_name = names.name(row.unit, day)
    order = {"title": 0, "form": 1}
    return sorted(
        rows.values(),
        key=lambda r: (
            r.department_name,
            r.unit_name,
            order.get(r.award.kind, 2),
            r.award.name_vi,
        ),
    )


STAT_COLUMNS = (
    Column("Sở, ban, ngành", width=30),
    Column("Đơn vị", width=30),
    Column("Danh hiệu / hình thức khen thưởng", width=36),
    Column("Loại", width=20),
    Column("Cá nhân", "int"),
    Column("Nam", "int"),
    Column("Nữ", "int"),
    Column("Chưa rõ giới tính", "int"),
    Column("Lãnh đạo, quản lý", "int"),
    Column("Người lao động trực tiếp", "int", 14),
    Column("Tập thể", "int"),
    Column("Số lao động của đơn vị", "int", 14),
    Column("Tỷ lệ cá nhân / số lao động", "percent", 14),
)
KIND_LABEL = {"title": "Danh hiệu thi đua", "form": "Hình thức khen thưởng"}


def annual_statistics_table(
    session: Session, scope: Scope, year: int, rows: list[StatRow], rolled_up: bool = False
) -> Table:
    heads = headcounts(session, list({r.unit.id for r in rows}), year)
    table = Table(
        f"Thống kê {year}",
        STAT_COLUMNS,
        caption=generated_caption(
            f"Thống kê danh hiệu thi đua, hình thức khen thưởng năm {year} theo đơn vị",
            scope.label,
        )
        + ([ROLLUP_CAPTION] if rolled_up else []),
    )
    totals: defaultdict[str, int] = defaultdict(int)
    for r in rows:
        head = heads.get(r.unit.id)
        share = None
        if head is not None and head.persons and r.award.target == "person":
            share = round(r.persons * 100 / head.persons, 1)
        values = (r.persons, r.men, r.women, r.gender_unknown, r.leaders, r.front_line)
        for key, value in zip(("p", "m", "f", "u", "l", "fl"), values, strict=True):
            totals[key] += value
        totals["c"] += r.collectives
        table.rows.append(
            (
                r.department_name,
                r.unit_name,
                r.award.name_vi,
                KIND_LABEL.get(r.award.kind, r.award.kind),
                *values,
                r.collectives,
                head.persons if head else None,
                share,
            )
        )
    table.rows.append(
        ("Tổng cộng (lượt)", "", "", "", *(totals[k] for k in ("p", "m", "f", "u", "l", "fl", "c")),
         None, None)
    )  # fmt: skip
    return table


def safe_filename(stem: str, today: date | None = None) -> str:
    """An ASCII file name: Vietnamese letters without their marks, đ as d, dashes."""
    text = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    text = text.encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "bang"
    day = (today or date.today()).strftime("%Y-%m-%d")
    return f"{text}-{day}.xlsx"
