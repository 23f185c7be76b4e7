"""The server-side charts: well-formed SVG, one bar per category, sizes proportional."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

import pytest

from webapp.svgchart import bar_chart, hbar_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def bars(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root.findall("svg:rect[@class='bar']", NS)


def test_vertical_bars_have_heights_proportional_to_values():
    items = [("Đang soạn", 2), ("Đang xét duyệt", 8), ("Bị trả lại", 0), ("Đã quyết định", 5)]
    found = bars(bar_chart(items, title="Theo trạng thái"))
    assert [b.get("data-label") for b in found] == [label for label, _ in items]
    heights = [float(b.get("height")) for b in found]
    tallest = heights[1]
    assert tallest > 100  # the largest value fills the plot
    # 2/8 = 0.25, 0/8 = 0, 5/8 = 0.625 of the tallest bar
    assert [round(h / tallest, 3) for h in heights] == [0.25, 1.0, 0.0, 0.625]
    # bars stand on one baseline: y + height is the same for all
    assert len({round(float(b.get("y")) + float(b.get("height")), 2) for b in found}) == 1


def test_horizontal_bars_and_target_marks():
    svg = hbar_chart(
        [("Cá nhân đạt LĐTT", 80), ("Tập thể đạt TTLĐTT", 40)],
        title="Chỉ tiêu",
        max_value=100,
        marks=[95, 100],
    )
    found = bars(svg)
    widths = [float(b.get("width")) for b in found]
    assert round(widths[1] / widths[0], 3) == 0.5  # 40 / 80
    root = ET.fromstring(svg)
    marks = root.findall("svg:line[@class='mark']", NS)
    assert len(marks) == 2
    x0 = float(found[0].get("x"))
    # a value of 80 reaches 80/95 of the way to the 95% mark
    assert round(widths[0] / (float(marks[0].get("x1")) - x0), 3) == round(80 / 95, 3)


def test_labels_are_escaped_and_all_zero_draws_flat_bars():
    svg = bar_chart([("<script>alert(1)</script> & co", 0)], title='"quoted" <title>')
    root = ET.fromstring(svg)
    assert "<script>" not in svg
    assert root.find("svg:title", NS).text == '"quoted" <title>'
    assert [float(b.get("height")) for b in bars(svg)] == [0.0]


@pytest.mark.parametrize("username", ["theodoi.btdkt", "truongphong.cntt"])
def test_the_dashboard_charts_parse_and_count_by_status(api, login_as, username):
    for _ in range(3):
        api("vanthu.cntt").file("LDTT")
    page = login_as(username).get("/dashboard/").get_data(as_text=True)
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert len(svgs) >= 3
    status = bars(svgs[0])
    # one bar per status, in the order of the page's labels; the three drafts are all there
    assert [b.get("data-label") for b in status] == [
        "Đang soạn",
        "Đang xét duyệt",
        "Bị trả lại để chỉnh sửa",
        "Đã quyết định khen thưởng",
        "Không được khen thưởng",
    ]
    assert [b.get("data-value") for b in status] == ["3", "0", "0", "0", "0"]
