"""Bar charts drawn on the server as SVG: no JavaScript, no CDN, readable in print.

Built with ElementTree, so every label is escaped. Colours are presentation attributes (the
CSP forbids inline style) with a class per element for the print stylesheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import count
from xml.etree import ElementTree as ET

from markupsafe import Markup

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
BAR = "#0d6efd"
MARK = "#dc3545"
INK = "#212529"
MUTED = "#6c757d"
TITLE_HEIGHT = 24
_ids = count(1)


def _number(value: float) -> str:
    """Vietnamese number: 1.234 and 12,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _wrap(text: str, max_chars: int, max_lines: int = 3) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > max_chars:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1] + "…"]
    return lines


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg(width: float, height: float, title: str) -> tuple[ET.Element, str]:
    chart_id = f"chart-{next(_ids)}"
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "chart",
            "viewBox": f"0 0 {_fmt(width)} {_fmt(height)}",
            "width": _fmt(width),
            "height": _fmt(height),
            "role": "img",
            "aria-labelledby": f"{chart_id}-t",
            "font-family": FONT,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-t"}).text = title
    # The same words shown, so the chart reads on paper without the page around it.
    _text(svg, 4, TITLE_HEIGHT - 8, title, font_size="13", font_weight="bold", fill=INK,
          class_="chart-title")  # fmt: skip
    return svg, chart_id


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs) -> ET.Element:
    # class_ -> class, text_anchor -> text-anchor
    names = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    el = ET.SubElement(parent, "text", {"x": _fmt(x), "y": _fmt(y), **names})
    el.text = text
    return el


def _markup(svg: ET.Element) -> Markup:
    # Safe to mark: ElementTree escaped every label and attribute.
    return Markup(ET.tostring(svg, encoding="unicode"))


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    height: int = 240,
    bar_width: int = 56,
    gap: int = 28,
    fmt: Callable[[float], str] = _number,
) -> Markup:
    """Vertical bars, one per (label, value); heights proportional to the values."""
    top, label_area, left = TITLE_HEIGHT + 20, 54, 12
    plot = height - top - label_area
    # Wide enough for the bars and for the title (about 7.5 px a character at 13 px).
    width = max(left * 2 + max(len(items), 1) * (bar_width + gap), len(title) * 7.5 + 8)
    svg, _ = _svg(width, height, title)
    biggest = max((v for _, v in items), default=0) or 1
    base_y = top + plot
    ET.SubElement(
        svg,
        "line",
        {"class": "axis", "x1": _fmt(left), "x2": _fmt(width - left), "y1": _fmt(base_y),
         "y2": _fmt(base_y), "stroke": MUTED},
    )  # fmt: skip
    for i, (label, value) in enumerate(items):
        x = left + gap / 2 + i * (bar_width + gap)
        h = plot * value / biggest
        bar = ET.SubElement(
            svg,
            "rect",
            {"class": "bar", "x": _fmt(x), "y": _fmt(base_y - h), "width": _fmt(bar_width),
             "height": _fmt(h), "fill": BAR, "data-label": label, "data-value": _fmt(value)},
        )  # fmt: skip
        ET.SubElement(bar, "title").text = f"{label}: {fmt(value)}"
        cx = x + bar_width / 2
        _text(svg, cx, base_y - h - 5, fmt(value), text_anchor="middle", font_size="12",
              fill=INK, class_="value")  # fmt: skip
        max_chars = max(int((bar_width + gap) / 6.2), 6)
        for n, line in enumerate(_wrap(label, max_chars)):
            _text(svg, cx, base_y + 15 + n * 13, line, text_anchor="middle", font_size="11",
                  fill=INK, class_="label")  # fmt: skip
    return _markup(svg)


def hbar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    width: int = 560,
    bar_height: int = 18,
    label_width: int = 210,
    max_value: float | None = None,
    marks: Sequence[float | None] | None = None,
    fmt: Callable[[float], str] = _number,
) -> Markup:
    """Horizontal bars, one per (label, value), widths proportional to the values (or to
    max_value); `marks` draws a target line across the bar of the same index."""
    row, top = bar_height + 12, TITLE_HEIGHT + 6
    height = top + 8 + max(len(items), 1) * row
    svg, _ = _svg(width, height, title)
    plot = width - label_width - 60
    biggest = max_value or max((v for _, v in items), default=0) or 1
    for i, (label, value) in enumerate(items):
        y = top + i * row
        for n, line in enumerate(_wrap(label, int(label_width / 6.4), 2)):
            _text(svg, label_width - 8, y + 12 + n * 12, line, text_anchor="end", font_size="11",
                  fill=INK, class_="label")  # fmt: skip
        w = plot * min(value, biggest) / biggest
        bar = ET.SubElement(
            svg,
            "rect",
            {"class": "bar", "x": _fmt(label_width), "y": _fmt(y), "width": _fmt(w),
             "height": _fmt(bar_height), "fill": BAR, "data-label": label,
             "data-value": _fmt(value)},
        )  # fmt: skip
        ET.SubElement(bar, "title").text = f"{label}: {fmt(value)}"
        _text(svg, label_width + w + 5, y + bar_height - 4, fmt(value), font_size="12",
              fill=INK, class_="value")  # fmt: skip
        mark = marks[i] if marks and i < len(marks) else None
        if mark is not None:
            mx = label_width + plot * min(mark, biggest) / biggest
            mark_line = ET.SubElement(
                svg,
                "line",
                {"class": "mark", "x1": _fmt(mx), "x2": _fmt(mx), "y1": _fmt(y - 3),
                 "y2": _fmt(y + bar_height + 3), "stroke": MARK, "stroke-width": "3"},
            )  # fmt: skip
            ET.SubElement(mark_line, "title").text = f"Chỉ tiêu: {fmt(mark)}"
    return _markup(svg)


def percent(value: float) -> str:
    return _number(value) + "%"
