"""Where the names of events, gateways and flows go, so that no two overlap.

The diagram interchange gives each label a box, drawn by a modeller with its own font; drawn with
ours, a wrapped name grows and runs into its neighbour ("Bắt đầu" into "Họp lại Hội đồng?",
"Nộp lại cấp Sở" into "Đã báo cấp trên"). Each label keeps its place when it is free; otherwise
it moves down or up by a line, then sideways, to the nearest free spot. Tasks carry their names
inside and are only obstacles.
"""

from __future__ import annotations

from workflows.picture.layout import Bounds, Diagram, Flow

#: average glyph width as a share of the font size, for wrapping without measuring text
GLYPH = 0.55
#: a wider share for collisions: Vietnamese marks and capitals run wider than the average
GLYPH_WIDE = 0.62
EVENT_SIZE, FLOW_SIZE = 11, 11
LINE = 1.2


def wrap(text: str, room: float, size: float) -> list[str]:
    """Greedy word wrap by estimated glyph width (Vietnamese words are short syllables)."""
    limit = max(4, int(room / (size * GLYPH)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and len(candidate) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def extent(text: str, box: Bounds, size: int) -> Bounds:
    """What a label hanging from the top of `box` covers once wrapped (as svg._text_block
    draws it: centred on the box, wrapped to at least 60 units)."""
    lines = wrap(text, max(box.w, 60), size)
    width = max((len(line) for line in lines), default=0) * size * GLYPH_WIDE
    return Bounds(box.cx - width / 2, box.y, width, len(lines) * size * LINE)


def _overlaps(a: Bounds, b: Bounds) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def shape_label_box(b: Bounds, label: Bounds | None) -> Bounds:
    return label or Bounds(b.cx - 45, b.y + b.h + 4, 90, 14)


def flow_label_box(flow: Flow) -> Bounds:
    if flow.label:
        return flow.label
    (x1, y1), (x2, y2) = flow.points[0], flow.points[1]
    return Bounds((x1 + x2) / 2 + 4, (y1 + y2) / 2 - 18, 90, 14)


def placed(diagram: Diagram) -> dict[str, Bounds]:
    """Element id → the box its label hangs from, moved where it overlaps nothing drawn so far
    (events' and gateways' names first: they belong to their shape; flows' after)."""
    shapes = list(diagram.shapes.values())
    taken: list[Bounds] = [s.bounds for s in shapes]
    out: dict[str, Bounds] = {}
    wanted: list[tuple[str, str, Bounds, int, Bounds | None]] = [
        (s.id, s.name, shape_label_box(s.bounds, s.label), EVENT_SIZE, s.bounds)
        for s in shapes
        if s.family != "task" and s.name
    ]
    wanted += [(f.id, f.name, flow_label_box(f), FLOW_SIZE, None) for f in diagram.flows if f.name]
    for element_id, text, box, size, own in wanted:
        others = [t for t in taken if t is not own]
        out[element_id] = _free(text, box, size, others)
        taken.append(extent(text, out[element_id], size))
    return out


def _free(text: str, box: Bounds, size: int, taken: list[Bounds]) -> Bounds:
    step = size * LINE
    moves = [(0.0, 0.0)]
    for n in range(1, 7):
        moves += [(0.0, n * step), (0.0, -n * step)]
    for n in range(1, 5):
        moves += [(n * 2 * step, 0.0), (-n * 2 * step, 0.0)]
    for dx, dy in moves:
        candidate = Bounds(box.x + dx, box.y + dy, box.w, box.h)
        covered = extent(text, candidate, size)
        if not any(_overlaps(covered, t) for t in taken):
            return candidate
    return box
