"""The diagram interchange of bpmn/proposal.bpmn and award_route.dmn: every element drawn, inside
its lane, gateways with their defaults and conditions.
"""

from functools import cache
from itertools import pairwise

from lxml import etree

from tests.support.diagram_walk import (
    BALLOT_TASKS,
    BPMN_FILE,
    DMN_FILE,
    NS,
    PROCESS_ID,
    REVIEW_TASKS,
    ROLES,
    USER_TASKS,
)


# ---------------------------------------------------------------- diagram interchange
def _bounds(shape):
    b = shape.find("dc:Bounds", NS)
    return tuple(float(b.get(k)) for k in ("x", "y", "width", "height"))


def _inside(inner, outer):
    ix, iy, iw, ih = inner
    ox, oy, ow, oh = outer
    return ox <= ix and oy <= iy and ix + iw <= ox + ow and iy + ih <= oy + oh


def _overlap(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


@cache
def _bpmn_xml():
    root = etree.parse(str(BPMN_FILE)).getroot()
    (process,) = root.findall("bpmn:process", NS)
    nodes = {}
    flows = {}
    for child in process:
        if not isinstance(child.tag, str):
            continue
        tag = etree.QName(child).localname
        if tag == "sequenceFlow":
            flows[child.get("id")] = child
        elif tag not in ("laneSet", "documentation", "extensionElements"):
            nodes[child.get("id")] = child
    return root, process, nodes, flows


def test_process_header_and_collaboration():
    root, process, _, _ = _bpmn_xml()
    assert process.get("id") == PROCESS_ID
    assert process.get("name") == "Đề nghị khen thưởng"
    assert process.get("isExecutable") == "true"
    assert process.findtext("bpmn:documentation", namespaces=NS).strip()
    (participant,) = root.findall("bpmn:collaboration/bpmn:participant", NS)
    assert participant.get("processRef") == PROCESS_ID
    (plane,) = root.findall("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    assert plane.get("bpmnElement") == root.find("bpmn:collaboration", NS).get("id")


def test_every_element_has_di():
    root, process, nodes, flows = _bpmn_xml()
    shapes = {s.get("bpmnElement"): s for s in root.iter(f"{{{NS['bpmndi']}}}BPMNShape")}
    edges = {e.get("bpmnElement"): e for e in root.iter(f"{{{NS['bpmndi']}}}BPMNEdge")}
    lanes = [lane.get("id") for lane in process.findall("bpmn:laneSet/bpmn:lane", NS)]
    participant = root.find("bpmn:collaboration/bpmn:participant", NS).get("id")
    assert set(shapes) == set(nodes) | set(lanes) | {participant}
    assert set(edges) == set(flows)
    for flow_id, edge in edges.items():
        waypoints = edge.findall("di:waypoint", NS)
        assert len(waypoints) >= 2, flow_id
        points = [(float(w.get("x")), float(w.get("y"))) for w in waypoints]
        for (x1, y1), (x2, y2) in pairwise(points):
            assert x1 == x2 or y1 == y2, f"{flow_id} is not orthogonal"


def test_every_flow_node_in_exactly_one_lane_and_inside_its_lane_shape():
    root, process, nodes, _ = _bpmn_xml()
    lanes = process.findall("bpmn:laneSet/bpmn:lane", NS)
    assert [lane.get("name") for lane in lanes] == ROLES
    assert [lane.get("id") for lane in lanes] == [f"Lane_{r}" for r in ROLES]
    refs = [(lane, ref.text) for lane in lanes for ref in lane.findall("bpmn:flowNodeRef", NS)]
    assert sorted(r for _, r in refs) == sorted(nodes)
    shapes = {s.get("bpmnElement"): s for s in root.iter(f"{{{NS['bpmndi']}}}BPMNShape")}
    lane_boxes = [_bounds(shapes[lane.get("id")]) for lane in lanes]
    assert [b[1] for b in lane_boxes] == sorted(b[1] for b in lane_boxes), "lanes top to bottom"
    pool = _bounds(shapes[root.find("bpmn:collaboration/bpmn:participant", NS).get("id")])
    for lane, ref in refs:
        box = _bounds(shapes[ref])
        assert _inside(box, _bounds(shapes[lane.get("id")])), ref
        assert _inside(box, pool), ref
    node_boxes = [(ref, _bounds(shapes[ref])) for _, ref in refs]
    # A boundary event sits on the border of the task it is attached to, and only there.
    attached = {
        (n.get("id"), n.get("attachedToRef")) for n in nodes.values() if n.get("attachedToRef")
    }
    for i, (a, box_a) in enumerate(node_boxes):
        for b, box_b in node_boxes[i + 1 :]:
            if (a, b) in attached or (b, a) in attached:
                assert _overlap(box_a, box_b), (a, b)
                continue
            assert not _overlap(box_a, box_b), (a, b)


def test_gateways_have_default_and_conditions():
    _, _, nodes, flows = _bpmn_xml()
    for node_id, node in nodes.items():
        if etree.QName(node).localname != "exclusiveGateway":
            continue
        outgoing = [f for f in flows.values() if f.get("sourceRef") == node_id]
        default = node.get("default")
        assert default in {f.get("id") for f in outgoing}, node_id
        for f in outgoing:
            condition = f.find("bpmn:conditionExpression", NS)
            if f.get("id") == default:
                assert condition is None, f.get("id")
            else:
                assert condition is not None and condition.text.strip(), f.get("id")
        if node_id.startswith("gw_") and node_id[3:] in REVIEW_TASKS:
            task = node_id[3:]
            targets = {f.get("targetRef") for f in outgoing}
            # a step that cannot return (the wait for a higher decision) has no such end
            returns = "return" in USER_TASKS[task][3].split(",")
            ends = {f"end_rejected_{task}"} | ({f"end_returned_{task}"} if returns else set())
            assert ends < targets
            assert len(outgoing) == (3 if returns else 2)
        if node_id.startswith("gw_") and node_id[3:] in BALLOT_TASKS:
            task = node_id[3:]
            targets = {f.get("targetRef") for f in outgoing}
            assert {f"end_no_quorum_{task}", f"end_rejected_{task}"} < targets
            assert len(outgoing) == 3


def test_dmn_has_di():
    root = etree.parse(str(DMN_FILE)).getroot()
    decision_ids = {d.get("id") for d in root.findall("dmn:decision", NS)}
    shapes = {s.get("dmnElementRef") for s in root.iter(f"{{{NS['dmndi']}}}DMNShape")}
    assert decision_ids == {"award_route"}
    assert shapes == decision_ids
