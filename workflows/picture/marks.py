"""SVG building blocks of the process picture: elements, numbers, and the marks drawn inside
shapes (task-type icons, gateway marks, event rings and the timer's clock).

Nothing is styled inline: presentation attributes give neutral defaults that the static
stylesheet (webapp/static/diagram.css) overrides per state class.
"""

from __future__ import annotations

from lxml import etree

from workflows.picture.layout import Shape

SVG_NS = "http://www.w3.org/2000/svg"
#: events drawn with a double ring (BPMN: intermediate events, boundary events included)
INTERMEDIATE = ("boundaryEvent", "intermediateCatchEvent", "intermediateThrowEvent")


def el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    node = etree.SubElement(parent, f"{{{SVG_NS}}}{tag}")
    for key, value in attrs.items():
        if value is not None:
            node.set(key.rstrip("_").replace("_", "-"), fmt(value))
    if text is not None:
        node.text = text
    return node


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def event_rings(group, shape: Shape) -> None:
    """One ring (thick for an end event), two for an intermediate one; dashed when a boundary
    event does not interrupt its task; a clock inside a timer."""
    b = shape.bounds
    dashed = None if shape.interrupting else "4 3"
    el(
        group,
        "circle",
        cx=b.cx,
        cy=b.cy,
        r=b.w / 2,
        fill="#fff",
        stroke="#444",
        stroke_width=4 if shape.kind == "endEvent" else 2,
        stroke_dasharray=dashed,
    )
    if shape.kind in INTERMEDIATE:
        el(
            group,
            "circle",
            cx=b.cx,
            cy=b.cy,
            r=b.w / 2 - 3,
            fill="#fff",
            stroke="#444",
            stroke_width=1,
            stroke_dasharray=dashed,
            class_="bpmn-ring",
        )
    if shape.marker == "timer":
        _clock(group, shape)


def _clock(group, shape: Shape) -> None:
    b = shape.bounds
    r = b.w / 2 - 7
    el(group, "circle", cx=b.cx, cy=b.cy, r=r, fill="#fff", stroke="#444", class_="bpmn-clock")
    ticks = " ".join(
        f"M{fmt(b.cx + dx * r)},{fmt(b.cy + dy * r)} l{fmt(-dx * 3)},{fmt(-dy * 3)}"
        for dx, dy in ((0, -1), (1, 0), (0, 1), (-1, 0))
    )
    hands = f"M{fmt(b.cx)},{fmt(b.cy)} v{fmt(-r * 0.7)} M{fmt(b.cx)},{fmt(b.cy)} l{fmt(r * 0.5)},0"
    el(group, "path", d=f"{ticks} {hands}", class_="bpmn-mark", stroke="#444", fill="none")


def gateway_mark(group, shape: Shape) -> None:
    b, d = shape.bounds, shape.bounds.w * 0.2
    if shape.kind == "parallelGateway":
        path = (
            f"M{fmt(b.cx)},{fmt(b.cy - d)} v{fmt(2 * d)} M{fmt(b.cx - d)},{fmt(b.cy)} h{fmt(2 * d)}"
        )
    elif shape.kind == "inclusiveGateway":
        el(
            group,
            "circle",
            cx=b.cx,
            cy=b.cy,
            r=d,
            fill="none",
            stroke="#444",
            class_="bpmn-mark",
            stroke_width=3,
        )
        return
    else:
        path = (
            f"M{fmt(b.cx - d)},{fmt(b.cy - d)} l{fmt(2 * d)},{fmt(2 * d)} "
            f"M{fmt(b.cx + d)},{fmt(b.cy - d)} l{fmt(-2 * d)},{fmt(2 * d)}"
        )
    el(group, "path", d=path, class_="bpmn-mark", stroke="#444", stroke_width=4, fill="none")


def task_icon(group, shape: Shape) -> None:
    x, y = shape.bounds.x + 8, shape.bounds.y + 6
    if shape.kind == "userTask":
        icon = el(group, "g", class_="bpmn-icon", fill="none", stroke="#444")
        el(icon, "circle", cx=x + 7, cy=y + 5, r=3.5)
        el(icon, "path", d=f"M{fmt(x)},{fmt(y + 16)} q7,-11 14,0 z")
    elif shape.kind == "businessRuleTask":
        icon = el(group, "g", class_="bpmn-icon", fill="none", stroke="#444")
        el(icon, "rect", x=x, y=y, width=16, height=12)
        el(icon, "path", d=f"M{fmt(x)},{fmt(y + 4)} h16 M{fmt(x + 5)},{fmt(y + 4)} v8")
