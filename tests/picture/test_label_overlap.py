"""No two names in the process picture overlap, measured as the drawing wraps them with a
generous glyph width (Vietnamese marks run wide)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from lxml import etree

from workflows.picture import svg

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
SVG = "{http://www.w3.org/2000/svg}"
#: wider than the drawing's own estimate: a label must stay clear with real fonts too
GLYPH = 0.62


def _labels() -> list[tuple[str, tuple[float, float, float, float]]]:
    sources = {p.name: p.read_text(encoding="utf-8") for p in BPMN.iterdir()}
    root = etree.fromstring(svg.render(sources).encode("utf-8"))
    out = []
    for text in root.iter(f"{SVG}text"):
        if "bpmn-label" not in (text.get("class") or ""):
            continue  # lanes, pools and the legend have bands of their own
        size = float(text.get("font-size"))
        lines = [t.text or "" for t in text.iter(f"{SVG}tspan")]
        width = max(len(line) for line in lines) * size * GLYPH
        x, top = float(text.get("x")), float(text.get("y")) - size * 0.9
        out.append(
            (" ".join(lines), (x - width / 2, top, x + width / 2, top + len(lines) * size * 1.2))
        )
    return out


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_no_two_names_overlap():
    labels = _labels()
    clashes = [(a, b) for (a, ba), (b, bb) in combinations(labels, 2) if _overlap(ba, bb)]
    assert clashes == []
    names = {name for name, _ in labels}
    # the pairs a first user saw run into each other are drawn, and apart
    assert {"Bắt đầu", "Họp lại Hội đồng?", "Nộp lại cấp Sở", "Đã báo cấp trên"} <= names
