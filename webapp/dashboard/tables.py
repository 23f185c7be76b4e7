"""The dashboard's tables for the spreadsheet export, with the page's Vietnamese labels."""

from __future__ import annotations

from webapp.labels import STAGE, STATUS
from workflows.reports.dashboard import DRAFTING, Dashboard
from workflows.reports.exports import ROLLUP_CAPTION, Column, Table, generated_caption

STAGE_TIME = {DRAFTING: "Soạn, chỉnh sửa hồ sơ (người lập)", **STAGE}
RESULT = {
    "met": "Đạt",
    "not_met": "Chưa đạt",
    "no_data": "Chưa có dữ liệu",
    "shared": "Tính chung",
}
SUBJECT = {"collectives": "Tập thể", "individuals": "Cá nhân"}


def days(value: float) -> str:
    """A duration in plain words: hours under a day, else days with one decimal."""
    if value * 24 < 1:
        return "dưới 1 giờ"
    if value < 1:
        return f"{round(value * 24)} giờ"
    return f"{value:.1f}".replace(".", ",") + " ngày"


def _status_columns() -> list[Column]:
    return [Column(label, "int", 14) for label in STATUS.values()]


def dashboard_tables(d: Dashboard) -> list[Table]:
    year = f"năm {d.year}" if d.year else "mọi năm"
    caption = generated_caption(f"Bảng điều khiển thi đua – khen thưởng ({year})", d.scope.label)
    if d.rolled_up:
        caption.append(ROLLUP_CAPTION)
    out = [
        Table(
            "Theo trạng thái",
            [
                Column("Trạng thái", width=28),
                Column("Cấp xét", width=20),
                Column("Số hồ sơ", "int"),
            ],
            [
                (STATUS.get(status, status), STAGE.get(stage, "") if stage else "", n)
                for (status, stage), n in sorted(d.status_stage.items(), key=_status_order)
            ],
            caption,
        ),
        Table(
            "Theo đơn vị",
            [Column("Đơn vị", width=36), Column("Sở, ban, ngành", width=32), Column("Tổng", "int")]
            + _status_columns(),
            [
                (
                    e["name"],
                    e["department_name"],
                    e["total"],
                    *(e["by_status"].get(s, 0) for s in STATUS),
                )
                for e in d.orgs
            ],
            caption,
        ),
        Table(
            "Theo sở, ban, ngành",
            [Column("Sở, ban, ngành", width=48), Column("Tổng", "int")] + _status_columns(),
            [
                (e["name"], e["total"], *(e["by_status"].get(s, 0) for s in STATUS))
                for e in d.departments
            ],
            caption,
        ),
        Table(
            "Theo loại khen thưởng",
            [Column("Loại khen thưởng", width=40), Column("Tổng", "int")] + _status_columns(),
            [
                (e["award"].name_vi, e["total"], *(e["by_status"].get(s, 0) for s in STATUS))
                for e in d.awards
            ],
            caption,
        ),
        _waiting(d, caption),
        Table(
            "Thời gian theo cấp",
            [
                Column("Cấp xét", width=34),
                Column("Số lượt", "int"),
                Column("Trung vị (ngày)", "number", 14),
                Column("Phân vị 90 (ngày)", "number", 14),
            ],
            [
                (STAGE_TIME.get(s.stage, s.stage), s.count, s.median_days, s.p90_days)
                for s in d.stages
            ],
            caption,
        ),
        _targets(d, caption),
    ]
    return out


def _status_order(item) -> tuple[int, int]:
    (status, stage), _ = item
    statuses, stages = list(STATUS), list(STAGE)
    return (
        statuses.index(status) if status in statuses else len(statuses),
        stages.index(stage) if stage in stages else -1,
    )


def _waiting(d: Dashboard, caption: list[str]) -> Table:
    return Table(
        "Chờ lâu nhất",
        [
            Column("Hồ sơ", "int", 10),
            Column("Tiêu đề", width=40),
            Column("Bước", width=34),
            Column("Cơ quan xử lý", width=32),
            Column("Người xử lý", width=32),
            Column("Chờ từ", "datetime"),
            Column("Số ngày chờ", "int"),
            Column("Hạn xử lý", "datetime"),
            Column("Quá hạn", width=10),
        ],
        [
            (
                w.proposal.id,
                w.proposal.title,
                w.task.name,
                w.task.org.name,
                ", ".join(u.full_name for u in w.people),
                w.since,
                w.age_days,
                w.due,
                "Có" if w.overdue else "",
            )
            for w in d.waiting
        ],
        caption,
    )


def _targets(d: Dashboard, caption: list[str]) -> Table:
    table = Table(
        "Chỉ tiêu",
        [
            Column("Phong trào", width=36),
            Column("Phạm vi", width=30),
            Column("Mã", width=6),
            Column("Chỉ tiêu (nguyên văn)", width=60),
            Column("Đối tượng", width=10),
            Column("So sánh", width=8),
            Column("Chỉ tiêu", "percent"),
            Column("Thực tế", "percent"),
            Column("Đạt được", "int"),
            Column("Cần có", "int"),
            Column("Trên tổng số", "int"),
            Column("Kết quả", width=12),
            Column("Nhận xét", width=44),
        ],
        caption=caption,
    )
    for a in d.attainments:
        groups = ([("Toàn phong trào", a.overall)] if a.overall else []) + [
            (unit.name, results) for unit, results in a.per_unit
        ]
        for label, results in groups:
            for r in results:
                t = r.target
                table.rows.append(
                    (
                        a.movement.title,
                        label,
                        t.code,
                        t.text,
                        SUBJECT.get(t.subject or "", ""),
                        t.comparator,
                        t.value,
                        r.actual,
                        r.numerator,
                        r.required,
                        r.denominator,
                        RESULT[r.status],
                        r.verdict,
                    )
                )
    return table
