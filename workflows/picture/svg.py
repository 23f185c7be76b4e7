"""The process picture: a BPMN diagram drawn as SVG from its diagram interchange (bpmndi).

A pure function of the XML sources of a process version and the ids a round has
passed: no database, no Flask. Every element gets a state class (bpmn-done,
bpmn-current, bpmn-todo) that a static stylesheet colours; nothing is styled inline,
so the page's Content-Security-Policy can forbid inline styles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from workflows.picture.labels import GLYPH, flow_label_box, placed, shape_label_box, wrap
from workflows.picture.layout import Bounds, Diagram, Flow, Shape, parse_diagram
from workflows.picture.marks import SVG_NS, event_rings, gateway_mark, task_icon
from workflows.picture.marks import el as _el
from workflows.picture.marks import fmt as _fmt

LEGEND_HEIGHT = 56
STATES = ("done", "current", "todo")
STATE_TEXT = {"done": "đã qua", "current": "đang chờ xử lý", "todo": "chưa tới"}


@dataclass
class Picture:
    """What one drawing shows: the elements passed (in order) and those waiting now."""

    path: Sequence[str] = ()
    current: Iterable[str] = ()
    taken: set[str] = field(default_factory=set)

    def node_state(self, element_id: str) -> str:
        if element_id in self.current:
            return "current"
        return "done" if element_id in self.path else "todo"


def taken_flows(diagram: Diagram, path: Sequence[str], current: Iterable[str] = ()) -> set[str]:
    """The sequence flows a round travelled, worked out from the order elements completed.

    An element was entered through the flow from the most recent passed element that has
    a flow into it: after an exclusive gateway only the branch whose target came next
    counts, even when another source of the same target was passed earlier in the round
    (e.g. the resume gateway and the bloc's gateway both lead to the board). A parallel or
    inclusive join waits for all its branches, so each of its passed sources counts.
    """
    incoming: dict[str, list[Flow]] = {}
    for flow in diagram.flows:
        incoming.setdefault(flow.target, []).append(flow)
    sequence = list(path) + [c for c in current if c not in path[-1:]]
    taken: set[str] = set()
    last_seen: dict[str, int] = {}
    for index, element in enumerate(sequence):
        sources = [
            (last_seen[f.source], f) for f in incoming.get(element, ()) if f.source in last_seen
        ]
        if sources:
            shape = diagram.shapes.get(element)
            if shape is not None and shape.kind in ("parallelGateway", "inclusiveGateway"):
                taken.update(f.id for _, f in sources)
            else:
                taken.add(max(sources, key=lambda pair: pair[0])[1].id)
        last_seen[element] = index
    return taken


def render(
    sources: dict[str, str],
    path: Sequence[str] = (),
    current: Iterable[str] = (),
    *,
    lane_labels: dict[str, str] | None = None,
    title: str = "Sơ đồ quy trình",
    stylesheet_href: str | None = None,
) -> str:
    """SVG text of the diagram with the path taken; a standalone document if a stylesheet
    href is given (linked with <?xml-stylesheet?>, as CSP forbids <style> there too)."""
    diagram = _parsed(tuple(sorted(sources.items())))
    current = [c for c in current]
    picture = Picture(list(path), current, taken_flows(diagram, path, current))
    root = _draw(diagram, picture, lane_labels or {}, title)
    svg = etree.tostring(root, encoding="unicode")
    if stylesheet_href is None:
        return svg
    href = stylesheet_href.replace('"', "%22")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<?xml-stylesheet type="text/css" href="{href}"?>\n{svg}\n'
    )


def element_names(sources: dict[str, str]) -> dict[str, str]:
    """Element id → name in the diagram, e.g. council_vote → "Hội đồng TĐKT Sở bình xét"."""
    return dict(_parsed(tuple(sorted(sources.items()))).names)


@lru_cache(maxsize=16)
def _parsed(sources: tuple[tuple[str, str], ...]) -> Diagram:
    # A version's sources never change, so its parsed layout is kept per process.
    return parse_diagram(dict(sources))


def describe(diagram: Diagram, picture: Picture) -> str:
    """The path in words, for screen readers: the steps and events, not the gateways."""

    def named(ids: Iterable[str]) -> list[str]:
        shapes = [diagram.shapes.get(i) for i in ids]
        return [s.name for s in shapes if s is not None and s.name and s.family != "gateway"]

    passed = named(picture.path)
    # A ballot waits once per member: the step is named once.
    waiting = named(dict.fromkeys(picture.current))
    text = "Đã qua: " + (" → ".join(passed) if passed else "chưa qua bước nào") + "."
    if waiting:
        text += " Đang chờ: " + "; ".join(waiting) + "."
    return text


# --- drawing ---------------------------------------------------------------------------


def _draw(diagram: Diagram, picture: Picture, lane_labels: dict[str, str], title: str):
    box = diagram.extent.grow(20)
    top = box.y - LEGEND_HEIGHT
    width, height = box.w, box.h + LEGEND_HEIGHT
    root = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS})
    for key, value in {
        "class": "bpmn-diagram",
        "viewBox": f"{_fmt(box.x)} {_fmt(top)} {_fmt(width)} {_fmt(height)}",
        "width": _fmt(width),
        "height": _fmt(height),
        "role": "img",
        "aria-label": title,
        "aria-labelledby": "bpmn-title bpmn-desc",
        # Neutral defaults as presentation attributes (not inline styles): the file stays
        # legible where the stylesheet does not load; the stylesheet overrides them.
        "font-family": "Arial, Helvetica, sans-serif",
        "font-size": "12",
    }.items():
        root.set(key, value)
    _el(root, "title", title, id="bpmn-title")
    _el(root, "desc", describe(diagram, picture), id="bpmn-desc")
    _defs(root)
    _legend(root, box.x, top)
    for pool in diagram.pools:
        _pool(root, pool.bounds, pool.name)
    for lane in diagram.lanes:
        _lane(root, lane.bounds, lane_labels.get(lane.name, lane.name))
    labels = placed(diagram)
    for flow in diagram.flows:
        _flow(root, flow, "done" if flow.id in picture.taken else "todo", labels.get(flow.id))
    # Tasks with events on their border keep their name clear of them.
    bordered = {s.attached_to for s in diagram.shapes.values() if s.attached_to}
    for shape in diagram.shapes.values():
        state = picture.node_state(shape.id)
        _shape(root, shape, state, shape.id in bordered, labels.get(shape.id))
    return root


def _defs(root) -> None:
    defs = _el(root, "defs")
    for state in ("done", "todo"):
        marker = _el(
            defs,
            "marker",
            id=f"bpmn-arrow-{state}",
            viewBox="0 0 10 10",
            refX=9,
            refY=5,
            # In user units: the arrowhead keeps its size when the path line is drawn thick.
            markerUnits="userSpaceOnUse",
            markerWidth=12,
            markerHeight=12,
            orient="auto",
        )
        _el(marker, "path", d="M0,0 L10,5 L0,10 z", class_=f"bpmn-arrowhead bpmn-{state}")
    slash = _el(
        defs,
        "marker",
        id="bpmn-default",
        viewBox="0 0 10 10",
        refX=-4,
        refY=5,
        markerUnits="userSpaceOnUse",
        markerWidth=12,
        markerHeight=12,
        orient="auto",
    )
    _el(slash, "path", d="M2,1 L6,9", class_="bpmn-default-mark", stroke="#444", fill="none")


def _legend(root, x: float, top: float) -> None:
    group = _el(root, "g", class_="bpmn-legend", aria_hidden="true")
    cx = x + 10
    for state, text in (
        ("done", "Đã qua"),
        ("current", "Đang chờ xử lý"),
        ("todo", "Chưa tới"),
    ):
        item = _el(group, "g", class_=f"bpmn-node bpmn-task bpmn-{state}")
        _el(item, "rect", x=cx, y=top + 14, width=34, height=24, rx=6, fill="#fff", stroke="#444")
        _el(group, "text", text, x=cx + 42, y=top + 31, class_="bpmn-legend-text")
        cx += 60 + len(text) * 12 * GLYPH
    line = _el(group, "g", class_="bpmn-flow bpmn-done")
    _el(
        line,
        "path",
        d=f"M{_fmt(cx)},{_fmt(top + 26)} h40",
        marker_end="url(#bpmn-arrow-done)",
        fill="none",
        stroke="#444",
    )
    _el(group, "text", "Đường hồ sơ đã đi", x=cx + 50, y=top + 31, class_="bpmn-legend-text")


def _pool(root, b: Bounds, name: str) -> None:
    _band(root, b, name, "pool", "#f1f3f5", b.h, 14)


def _lane(root, b: Bounds, label: str) -> None:
    _band(root, b, label, "lane", "#f8f9fa", b.h - 16, 12)


def _band(root, b: Bounds, label: str, kind: str, head_fill: str, room: float, size: int) -> None:
    """A pool or a lane: its frame, and its name written up the head on the left."""
    group = _el(root, "g", class_=f"bpmn-{kind}")
    _el(group, "rect", x=b.x, y=b.y, width=b.w, height=b.h, fill="none", stroke="#444")
    _el(
        group,
        "rect",
        x=b.x,
        y=b.y,
        width=30,
        height=b.h,
        class_=f"bpmn-{kind}-head",
        fill=head_fill,
        stroke="#444",
    )
    _vertical_label(group, b.x + 15, b.y + b.h / 2, label, room, f"bpmn-{kind}-label", size)


def _vertical_label(parent, cx: float, cy: float, text: str, room: float, cls: str, size: int):
    lines = wrap(text, room, size)[:2]
    text_el = _el(
        parent,
        "text",
        x=cx,
        y=cy,
        class_=cls,
        text_anchor="middle",
        transform=f"rotate(-90 {_fmt(cx)} {_fmt(cy)})",
        font_size=size,
    )
    first = -(len(lines) - 1) * size * 0.6 + size * 0.35
    for i, line in enumerate(lines):
        _el(text_el, "tspan", line, x=cx, dy=first if i == 0 else size * 1.2)


def _flow(root, flow: Flow, state: str, label: Bounds | None = None) -> None:
    group = _el(
        root, "g", class_=f"bpmn-flow bpmn-{state}", id=f"bpmn-{flow.id}", data_bpmn_id=flow.id
    )
    _el(group, "title", f"{flow.name or 'Luồng'} – {'đã đi qua' if state == 'done' else 'chưa đi'}")
    points = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in flow.points)
    _el(
        group,
        "polyline",
        points=points,
        fill="none",
        stroke="#444",
        marker_end=f"url(#bpmn-arrow-{state})",
        marker_start="url(#bpmn-default)" if flow.is_default else None,
    )
    if flow.name:
        _text_block(
            group, flow.name, label or flow_label_box(flow), 11, "bpmn-label bpmn-flow-label"
        )


def _shape(
    root, shape: Shape, state: str, bordered: bool = False, label: Bounds | None = None
) -> None:
    family = shape.family
    classes = f"bpmn-node bpmn-{family} bpmn-{state}"
    if shape.kind == "endEvent":
        classes += " bpmn-end"
    elif shape.kind == "startEvent":
        classes += " bpmn-start"
    elif shape.kind == "boundaryEvent":
        classes += " bpmn-boundary"
    group = _el(root, "g", class_=classes, id=f"bpmn-{shape.id}", data_bpmn_id=shape.id)
    kind = (
        " (hẹn giờ, không dừng bước)" if shape.marker == "timer" and not shape.interrupting else ""
    )
    _el(group, "title", f"{shape.name or shape.id}{kind} – {STATE_TEXT[state]}")
    b = shape.bounds
    if family == "event":
        event_rings(group, shape)
    elif family == "gateway":
        diamond = (
            f"{_fmt(b.cx)},{_fmt(b.y)} {_fmt(b.x + b.w)},{_fmt(b.cy)} "
            f"{_fmt(b.cx)},{_fmt(b.y + b.h)} {_fmt(b.x)},{_fmt(b.cy)}"
        )
        _el(group, "polygon", points=diamond, fill="#fff", stroke="#444")
        gateway_mark(group, shape)
    else:
        _el(group, "rect", x=b.x, y=b.y, width=b.w, height=b.h, rx=10, fill="#fff", stroke="#444")
        task_icon(group, shape)
    if family == "task":
        # Below the task-type icon in the top-left corner (above boundary events, if any).
        inner = Bounds(b.x + 5, b.y + 16, b.w - 10, b.h - (30 if bordered else 20))
        _text_block(group, shape.name, inner, 12, "bpmn-label", middle=True)
    elif shape.name:
        box = label or shape_label_box(b, shape.label)
        _text_block(group, shape.name, box, 11, "bpmn-label")


def _text_block(parent, text: str, box: Bounds, size: int, cls: str, middle: bool = False):
    lines = wrap(text, max(box.w, 60), size)
    line_height = size * 1.2
    # Centred in a task's box; hanging from the top of an event's or a flow's label box.
    top = box.cy - (len(lines) - 1) * line_height / 2 + size * 0.35
    y = top if middle else box.y + size * 0.9
    text_el = _el(parent, "text", x=box.cx, y=y, class_=cls, text_anchor="middle", font_size=size)
    for i, line in enumerate(lines):
        _el(text_el, "tspan", line, x=box.cx, dy=0 if i == 0 else line_height)
