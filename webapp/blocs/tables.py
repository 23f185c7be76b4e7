"""The bloc's ranking table as a spreadsheet (workflows.reports.exports writes it)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from models import BlocPledge
from workflows.reports.exports import Column, Table


def ranking_table(pledge: BlocPledge, ranking: dict) -> Table:
    awards = {
        "CO_THI_DUA_TINH": _("Cờ thi đua của UBND tỉnh"),
        "BK_TINH_TT": _("Bằng khen của Chủ tịch UBND tỉnh"),
    }
    rows: list[Sequence] = [
        [
            r["rank"],
            r["name"],
            r["criteria_points"],
            r["bonus_points"],
            r["penalty_points"],
            r["total"],
            r["votes_yes"],
            awards.get(r["endorsed_for"] or "", r["endorsed_for"] or ""),
        ]
        for r in ranking["rows"]
    ]
    caption = [
        _(
            "Bảng xếp hạng %(grouping)s năm %(year)s",
            grouping=pledge.grouping.name,
            year=pledge.year,
        ),
        pledge.title,
    ]
    if pledge.ranked_on:
        caption.append(_("Xếp hạng ngày %(day)s", day=pledge.ranked_on.strftime("%d/%m/%Y")))
    if pledge.source_note:
        caption.append(pledge.source_note)
    return Table(
        title=_("Xếp hạng"),
        columns=[
            Column(_("Hạng"), "int", 8),
            Column(_("Đơn vị"), "text", 48),
            Column(_("Điểm tiêu chí"), "int"),
            Column(_("Điểm thưởng"), "int"),
            Column(_("Điểm trừ"), "int"),
            Column(_("Tổng điểm"), "int"),
            Column(_("Phiếu đồng ý"), "int"),
            Column(_("Suy tôn"), "text", 36),
        ],
        rows=rows,
        caption=caption,
    )
