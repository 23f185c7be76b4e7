"""The board's filtered proposal list as a spreadsheet table, with the page's labels."""

from __future__ import annotations

from models import HumanTask, Proposal
from webapp import org_names
from webapp.labels import STAGE, STATUS
from workflows.reports.exports import Column, Table, generated_caption

COLUMNS = (
    Column("Số hồ sơ", "int", 10),
    Column("Tiêu đề", width=40),
    Column("Đơn vị lập", width=32),
    Column("Sở, ban, ngành", width=32),
    Column("Loại khen thưởng", width=34),
    Column("Năm", "text", 8),
    Column("Phong trào thi đua", width=34),
    Column("Trạng thái", width=22),
    Column("Cấp xét", width=16),
    Column("Vòng xét", "int", 10),
    Column("Đang chờ", width=40),
    Column("Số cá nhân / tập thể", "int", 12),
    Column("Ngày nộp", "date"),
    Column("Cập nhật", "datetime"),
    Column("Số quyết định", width=18),
    Column("Ngày quyết định", "date"),
)


def _describe(filters: dict) -> str:
    parts = []
    if filters.get("status"):
        parts.append(f"trạng thái {STATUS[filters['status']]}")
    if filters.get("stage"):
        parts.append(f"cấp {STAGE[filters['stage']]}")
    for key, word in (
        ("q", "tìm"),
        ("org", "đơn vị"),
        ("award", "loại khen thưởng"),
        ("year", "năm"),
    ):
        if filters.get(key):
            parts.append(f"{word} {filters[key]}")
    return "Bộ lọc: " + (", ".join(parts) if parts else "không")


def list_table(
    rows: list[Proposal], waiting: dict[int, list[HumanTask]], filters: dict, scope: str
) -> Table:
    table = Table(
        "Danh sách hồ sơ",
        COLUMNS,
        caption=[*generated_caption("Danh sách hồ sơ đề nghị khen thưởng", scope),
                 _describe(filters)],
    )  # fmt: skip
    org_names.preload(rows)
    for p in rows:
        table.rows.append(
            (
                p.id,
                p.title,
                # Named as on the decision: an award keeps the names it was given under.
                org_names.name_on(p.org, p.decision_date),
                org_names.name_on(p.department, p.decision_date),
                p.award.name_vi,
                str(p.year),
                p.movement.title if p.movement else "",
                STATUS.get(p.status, p.status),
                STAGE.get(p.stage, "") if p.stage else "",
                p.round,
                "; ".join(f"{t.name} – {t.org.short_name}" for t in waiting.get(p.id, [])),
                len(p.nominees),
                p.submitted_at.date() if p.submitted_at else None,
                p.updated_at,
                p.decision_no or "",
                p.decision_date,
            )
        )
    return table
