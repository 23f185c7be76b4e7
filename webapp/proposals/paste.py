"""Nominee rows pasted from a spreadsheet: one person a line, cells separated by tabs.

Columns, as a clerk's sheet has them: Họ tên, Chức vụ, Đơn vị, Giới tính, Lãnh đạo. Only the
name is required; a header line is skipped. A line with a problem is reported with its number
and kept for correcting; the good lines become rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from models.proposal import NAME_MAX
from workflows.proposals.body import NOMINEES_MAX
from workflows.search_text import fold

COLUMNS = ("name", "job_title", "unit_name", "gender", "is_leader")
UNIT_MAX = 255
GENDERS = {"nam": "male", "male": "male", "m": "male", "nu": "female", "female": "female"}
GENDERS["f"] = "female"
YES = {"x", "co", "1", "yes", "true", "lanh dao", "ld"}
NO = {"", "khong", "0", "no", "false", "-"}


@dataclass
class Pasted:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: the lines that could not be read, to put back in the box
    rejected: list[str] = field(default_factory=list)


def parse(text: str, limit: int = NOMINEES_MAX) -> Pasted:
    out = Pasted()
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        cells = [c.strip() for c in line.split("\t")]
        if not any(cells):
            continue
        if not out.rows and not out.errors and fold(cells[0]).startswith("ho ten"):
            continue  # the sheet's header row
        problems = _problems(cells)
        if not problems and len(out.rows) >= limit:
            problems = [_("quá %(n)d dòng trong một lần dán", n=limit)]
        if problems:
            label = cells[0][:40] or _("không tên")
            out.errors.append(
                _("Dòng %(n)d (%(name)s): %(what)s", n=number, name=label, what="; ".join(problems))
            )
            out.rejected.append(line)
            continue
        out.rows.append(_row(cells))
    return out


def _problems(cells: list[str]) -> list[str]:
    problems = []
    if len(cells) > len(COLUMNS):
        problems.append(_("có %(n)d cột, nhiều nhất là %(max)d", n=len(cells), max=len(COLUMNS)))
    cells = (cells + [""] * len(COLUMNS))[: len(COLUMNS)]
    name, job_title, unit_name, gender, leader = cells
    if not name:
        problems.append(_("thiếu họ tên"))
    for value, limit, what in (
        (name, NAME_MAX, _("họ tên")),
        (job_title, NAME_MAX, _("chức vụ")),
        (unit_name, UNIT_MAX, _("đơn vị")),
    ):
        if len(value) > limit:
            problems.append(_("%(what)s dài quá %(max)d ký tự", what=what, max=limit))
    if gender and fold(gender) not in GENDERS:
        problems.append(_("giới tính “%(value)s” phải là Nam hoặc Nữ", value=gender[:20]))
    if fold(leader) not in YES | NO:
        problems.append(_("cột Lãnh đạo “%(value)s” phải là Có hoặc để trống", value=leader[:20]))
    return problems


def _row(cells: list[str]) -> dict:
    name, job_title, unit_name, gender, leader = (cells + [""] * len(COLUMNS))[: len(COLUMNS)]
    return {
        "name": name,
        "job_title": job_title,
        "unit_name": unit_name,
        "gender": GENDERS.get(fold(gender), ""),
        "is_leader": fold(leader) in YES,
    }
