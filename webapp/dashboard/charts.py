"""The dashboard's charts: server-side SVG from the computed figures (webapp/svgchart.py)."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup

from webapp.dashboard.tables import STAGE_TIME, days
from webapp.labels import STAGE, STATUS
from webapp.svgchart import bar_chart, hbar_chart, percent
from workflows.reports.dashboard import Dashboard

TOP = 12


def for_dashboard(d: Dashboard) -> dict[str, Markup]:
    by_status = d.by_status()
    in_review = {stage: n for (status, stage), n in d.status_stage.items() if stage}
    charts = {
        "status": bar_chart(
            [(label, by_status.get(code, 0)) for code, label in STATUS.items()],
            title=_("Số hồ sơ theo trạng thái"),
        ),
        "stage": bar_chart(
            [(label, in_review.get(code, 0)) for code, label in STAGE.items()],
            title=_("Hồ sơ đang chờ theo cấp xét"),
        ),
    }
    if d.orgs:
        charts["orgs"] = hbar_chart(
            [(e["org"].short_name, e["total"]) for e in d.orgs[:TOP]],
            title=_("Số hồ sơ theo đơn vị"),
        )
    if d.awards:
        charts["awards"] = hbar_chart(
            [(e["award"].name_vi, e["total"]) for e in d.awards[:TOP]],
            title=_("Số hồ sơ theo loại khen thưởng"),
        )
    if d.stages:
        charts["stages"] = bar_chart(
            [(STAGE_TIME.get(s.stage, s.stage), round(s.median_days, 1)) for s in d.stages],
            title=_("Thời gian trung vị ở mỗi cấp (ngày)"),
            fmt=lambda v: days(v),
        )
    for a in d.attainments:
        measured = [r for r in a.overall if r.actual is not None]
        if measured:
            charts[f"targets-{a.movement.code}"] = hbar_chart(
                # (`or 0`: for the type; measured results have an actual value, and their
                # targets, measurable, a value)
                [(f"{r.target.code}. {r.label}", float(r.actual or 0)) for r in measured],
                title=_("Thực tế so với chỉ tiêu: %(title)s", title=a.movement.title),
                max_value=100,
                marks=[float(r.target.value or 0) for r in measured],
                fmt=percent,
                label_width=260,
            )
    return charts
