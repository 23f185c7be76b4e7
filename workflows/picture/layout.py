"""Reading the layout of a BPMN file: pools, lanes, shapes and edges from its bpmndi.

Only what a drawing needs: element kinds and names from the process, positions from the
diagram interchange. Elements without a shape in the interchange are not drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
DEFAULT_PROCESS = "tdkt_proposal"


@dataclass(frozen=True)
class Bounds:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def grow(self, by: float) -> Bounds:
        return Bounds(self.x - by, self.y - by, self.w + 2 * by, self.h + 2 * by)

    def union(self, other: Bounds) -> Bounds:
        x, y = min(self.x, other.x), min(self.y, other.y)
        right = max(self.x + self.w, other.x + other.w)
        bottom = max(self.y + self.h, other.y + other.h)
        return Bounds(x, y, right - x, bottom - y)


@dataclass(frozen=True)
class Shape:
    id: str
    kind: str  #: the BPMN tag, e.g. userTask, exclusiveGateway, endEvent
    name: str
    bounds: Bounds
    label: Bounds | None = None
    #: an event's definition: "timer", "message", … (from its *EventDefinition child)
    marker: str = ""
    #: False for a non-interrupting boundary event (cancelActivity="false")
    interrupting: bool = True
    #: the task a boundary event is attached to
    attached_to: str = ""

    @property
    def family(self) -> str:
        if self.kind.endswith("Event"):
            return "event"
        if self.kind.endswith("Gateway"):
            return "gateway"
        return "task"


@dataclass(frozen=True)
class Flow:
    id: str
    source: str
    target: str
    name: str
    points: tuple[tuple[float, float], ...]
    label: Bounds | None = None
    is_default: bool = False


@dataclass(frozen=True)
class Container:
    id: str
    name: str
    bounds: Bounds


@dataclass
class Diagram:
    pools: list[Container] = field(default_factory=list)
    lanes: list[Container] = field(default_factory=list)
    shapes: dict[str, Shape] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    #: element id → name, for describing a path in words
    names: dict[str, str] = field(default_factory=dict)

    @property
    def extent(self) -> Bounds:
        boxes = [c.bounds for c in self.pools + self.lanes]
        boxes += [s.bounds for s in self.shapes.values()]
        boxes += [s.label for s in self.shapes.values() if s.label]
        boxes += [Bounds(x, y, 0, 0) for f in self.flows for x, y in f.points]
        if not boxes:
            return Bounds(0, 0, 100, 100)
        extent = boxes[0]
        for box in boxes[1:]:
            extent = extent.union(box)
        return extent


def parse_diagram(sources: dict[str, str], process_id: str = DEFAULT_PROCESS) -> Diagram:
    """The layout of the .bpmn file that defines `process_id` (else the first .bpmn file)."""
    files = [text for name, text in sorted(sources.items()) if name.endswith(".bpmn")]
    if not files:
        return Diagram()
    trees = [
        etree.fromstring(t.encode("utf-8"), etree.XMLParser(resolve_entities=False)) for t in files
    ]
    tree = next(
        (t for t in trees if t.xpath("//bpmn:process[@id=$p]", namespaces=NS, p=process_id)),
        trees[0],
    )
    return _read(tree)


def _local(tag: str) -> str:
    return etree.QName(tag).localname


def _bounds(node) -> Bounds | None:
    found = node.find("dc:Bounds", NS)
    if found is None:
        return None
    return Bounds(*(float(found.get(k, 0)) for k in ("x", "y", "width", "height")))


def _label(node) -> Bounds | None:
    label = node.find("bpmndi:BPMNLabel", NS)
    return _bounds(label) if label is not None else None


def _event_marker(element) -> str:
    for child in element:
        if isinstance(child.tag, str) and _local(child.tag).endswith("EventDefinition"):
            return _local(child.tag).removesuffix("EventDefinition")
    return ""


def _read(tree) -> Diagram:
    semantic = {el.get("id"): el for el in tree.iter() if el.get("id") and isinstance(el.tag, str)}
    defaults = {el.get("default") for el in semantic.values() if el.get("default")}
    diagram = Diagram()
    for el in semantic.values():
        if el.get("name"):
            diagram.names[el.get("id")] = el.get("name")
    for shape in tree.iterfind(".//bpmndi:BPMNShape", NS):
        element = semantic.get(shape.get("bpmnElement"))
        bounds = _bounds(shape)
        if element is None or bounds is None:
            continue
        kind, name, eid = _local(element.tag), element.get("name") or "", element.get("id")
        if kind == "participant":
            diagram.pools.append(Container(eid, name, bounds))
        elif kind == "lane":
            diagram.lanes.append(Container(eid, name, bounds))
        elif kind.endswith(("Task", "Event", "Gateway")) or kind in ("task", "subProcess"):
            diagram.shapes[eid] = Shape(
                eid,
                kind,
                name,
                bounds,
                _label(shape),
                marker=_event_marker(element),
                interrupting=element.get("cancelActivity", "true") != "false",
                attached_to=element.get("attachedToRef") or "",
            )
    for edge in tree.iterfind(".//bpmndi:BPMNEdge", NS):
        element = semantic.get(edge.get("bpmnElement"))
        if element is None or _local(element.tag) != "sequenceFlow":
            continue
        points = tuple(
            (float(p.get("x")), float(p.get("y"))) for p in edge.iterfind("di:waypoint", NS)
        )
        if len(points) < 2:
            continue
        diagram.flows.append(
            Flow(
                id=element.get("id"),
                source=element.get("sourceRef"),
                target=element.get("targetRef"),
                name=element.get("name") or "",
                points=points,
                label=_label(edge),
                is_default=element.get("id") in defaults,
            )
        )
    return diagram
