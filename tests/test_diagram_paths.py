"""Walk every path of bpmn/proposal.bpmn + bpmn/award_route.dmn in memory (no database).

The expected tables below are written literally from the design spec, not derived from the
diagram, so that a change to the diagram has to be matched by a deliberate change here.
"""

from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.mixins import EndEventMixin, UserTaskMixin
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState

from workflows.deadlines.due_dates import DeadlineContext

BPMN_DIR = Path(__file__).resolve().parent.parent / "bpmn"
BPMN_FILE = BPMN_DIR / "proposal.bpmn"
DMN_FILE = BPMN_DIR / "award_route.dmn"
PROCESS_ID = "tdkt_proposal"

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "dmn": "https://www.omg.org/spec/DMN/20191111/MODEL/",
    "dmndi": "https://www.omg.org/spec/DMN/20191111/DMNDI/",
}

# Lanes, top to bottom; the lane name is the role code.
ROLES = [
    "nominator",
    "unit_head",
    "dept_secretariat",
    "dept_council",
    "director",
    "grouping_head",
    "board_officer",
    "province_council",
    "chairman",
]

# award_code -> route (decider, endorsement, province_council)
ROUTES = {
    "LDTT": {"decider": "director", "endorsement": "none", "province_council": False},
    "CSTDCS": {"decider": "director", "endorsement": "none", "province_council": False},
    "TTLDTT": {"decider": "director", "endorsement": "none", "province_council": False},
    "GK_CN": {"decider": "director", "endorsement": "none", "province_council": False},
    "GK_TT": {"decider": "director", "endorsement": "none", "province_council": False},
    "CSTD_TINH": {"decider": "chairman", "endorsement": "none", "province_council": True},
    "BK_TINH_CN": {"decider": "chairman", "endorsement": "none", "province_council": False},
    "BK_TINH_TT": {"decider": "chairman", "endorsement": "cluster", "province_council": False},
    "TTLDXS": {"decider": "chairman", "endorsement": "cluster", "province_council": False},
    "CO_THI_DUA_TINH": {"decider": "chairman", "endorsement": "bloc", "province_council": True},
}

# user task -> (lane, stage, form, actions)
USER_TASKS = {
    "file_proposal": ("nominator", "unit", "file", "submit"),
    "unit_head_signoff": ("unit_head", "unit", "review", "approve,return,reject"),
    "secretariat_check": ("dept_secretariat", "department", "review", "approve,return,reject"),
    "council_vote": ("dept_council", "department", "ballot", "vote,absent"),
    "director_decide": ("director", "department", "decision", "approve,return,reject"),
    "director_submit": ("director", "department", "submit_upward", "approve,return,reject"),
    "grouping_endorse": ("grouping_head", "endorsement", "endorse", "approve,return,reject"),
    "board_appraise": ("board_officer", "province", "review", "approve,return,reject"),
    "province_council_vote": ("province_council", "province", "ballot", "vote,absent"),
    "chairman_decide": ("chairman", "province", "decision", "approve,return,reject"),
}
#: the council's ballots: one task per member, the data item naming the member
BALLOT_TASKS = {"council_vote": "dept_member", "province_council_vote": "province_member"}
REVIEW_TASKS = [t for t in USER_TASKS if t != "file_proposal" and t not in BALLOT_TASKS]

DEPARTMENT_PATH = [
    "file_proposal",
    "unit_head_signoff",
    "secretariat_check",
    "council_vote",
    "director_decide",
]
BLOC_PATH = [
    "file_proposal",
    "unit_head_signoff",
    "secretariat_check",
    "council_vote",
    "director_submit",
    "grouping_endorse",
    "board_appraise",
    "province_council_vote",
    "chairman_decide",
]


# ---------------------------------------------------------------- helpers
@cache
def _specs():
    parser = SpiffBpmnParser(validator=BpmnValidator())
    parser.add_dmn_file(str(DMN_FILE))
    parser.add_bpmn_file(str(BPMN_FILE))
    return parser.get_spec(PROCESS_ID), parser.get_subprocess_specs(PROCESS_ID)


#: what the ballot boxes answer in these tests: stage -> passed / no_quorum / none_passed
BALLOTS = {"department": "passed", "province": "passed"}


def _engine(ballots=None):
    # The boundary timers' timeDate calls due_at (workflows.deadlines.due_dates), the gateways
    # after the
    # ballots call ballot_result; nothing else is offered.
    outcome = dict(BALLOTS, **(ballots or {}))
    return PythonScriptEngine(
        environment=TaskDataEnvironment(
            {
                "due_at": DeadlineContext().due_at,
                "ballot_result": lambda stage, pid, round_: _check(pid, round_) or outcome[stage],
            }
        )
    )


def _check(proposal_id, round_):
    # The gateway passes the proposal and round of the start data to the ballot box lookup.
    assert (proposal_id, round_) == (7, 1)


def start(
    award_code,
    resume_stage=None,
    *,
    procedure="normal",
    reconvene=False,
    members=(11,),
    ballots=None,
):
    """A fresh instance = one review round; the start data comes from the application."""
    spec, subprocess_specs = _specs()
    wf = BpmnWorkflow(spec, subprocess_specs, script_engine=_engine(ballots))
    ready = wf.get_tasks(state=TaskState.READY)
    assert len(ready) == 1
    ready[0].set_data(
        proposal_id=7,
        round=1,
        award_code=award_code,
        resume_stage=resume_stage,
        procedure=procedure,
        reconvene=reconvene,
        dept_council_members=list(members),
        province_council_members=list(members),
    )
    wf.do_engine_steps()
    return wf


def ready_user_tasks(wf):
    return wf.get_tasks(state=TaskState.READY, manual=True)


def step(wf, decisions=None):
    """Complete the single READY user task (or every member's ballot); return its bpmn id."""
    ready = ready_user_tasks(wf)
    bpmn_id = ready[0].task_spec.bpmn_id
    if bpmn_id in BALLOT_TASKS:
        # One ballot per member; a ballot completes with no data (secrecy).
        assert len({t.task_spec.bpmn_id for t in ready}) == 1
        for task in ready:
            task.run()
        wf.do_engine_steps()
        return bpmn_id
    assert len(ready) == 1, [t.task_spec.bpmn_id for t in ready]
    task = ready[0]
    if bpmn_id != "file_proposal":
        task.set_data(decision=(decisions or {}).get(bpmn_id, "approve"))
    task.run()
    wf.do_engine_steps()
    return bpmn_id


def drive(wf, decisions=None, serializer=None):
    """Complete user tasks until none is READY; optionally round-trip through JSON each time."""
    visited = []
    while ready_user_tasks(wf):
        if serializer is not None:
            wf = serializer.deserialize_json(serializer.serialize_json(wf))
            wf.script_engine = _engine()
        visited.append(step(wf, decisions))
    return wf, visited


def end_events(wf):
    return [
        t.task_spec.bpmn_id
        for t in wf.get_tasks(state=TaskState.COMPLETED)
        if isinstance(t.task_spec, EndEventMixin) and t.task_spec.bpmn_id
    ]


def expected_path(route):
    path = ["file_proposal", "unit_head_signoff", "secretariat_check", "council_vote"]
    if route["decider"] == "director":
        return path + ["director_decide"], "end_decided_department"
    path.append("director_submit")
    if route["endorsement"] in ("bloc", "cluster"):
        path.append("grouping_endorse")
    path.append("board_appraise")
    if route["province_council"]:
        path.append("province_council_vote")
    return path + ["chairman_decide"], "end_decided_province"


# ---------------------------------------------------------------- DMN
@pytest.mark.parametrize("award_code", list(ROUTES))
def test_dmn_route(award_code):
    wf = start(award_code)
    (task,) = ready_user_tasks(wf)
    assert task.task_spec.bpmn_id == "file_proposal"
    assert task.data["route"] == ROUTES[award_code]


def test_dmn_covers_exactly_the_award_codes():
    root = etree.parse(str(DMN_FILE)).getroot()
    (decision,) = root.findall("dmn:decision", NS)
    assert decision.get("id") == "award_route"
    table = decision.find("dmn:decisionTable", NS)
    assert table.get("hitPolicy") == "UNIQUE"
    outputs = [o.get("name") for o in table.findall("dmn:output", NS)]
    assert outputs == ["route.decider", "route.endorsement", "route.province_council"]
    codes = [
        r.findtext("dmn:inputEntry/dmn:text", namespaces=NS)
        for r in table.iter(f"{{{NS['dmn']}}}rule")
    ]
    assert codes == [f'"{c}"' for c in ROUTES]
    for rule in table.findall("dmn:rule", NS):
        assert rule.findtext("dmn:description", namespaces=NS)


def test_unknown_award_code_gets_no_route():
    # The table has no catch-all row: an unknown code leaves `route` unset and the instance
    # would fail at gw_decider. The application must validate award_code before starting.
    wf = start("NOT_AN_AWARD")
    (task,) = ready_user_tasks(wf)
    assert "route" not in task.data


# ---------------------------------------------------------------- approve-all paths
@pytest.mark.parametrize(
    ("award_code", "path", "end"),
    [
        ("LDTT", DEPARTMENT_PATH, "end_decided_department"),
        ("CO_THI_DUA_TINH", BLOC_PATH, "end_decided_province"),
        (
            "TTLDXS",
            [
                "file_proposal",
                "unit_head_signoff",
                "secretariat_check",
                "council_vote",
                "director_submit",
                "grouping_endorse",
                "board_appraise",
                "chairman_decide",
            ],
            "end_decided_province",
        ),
        (
            "BK_TINH_CN",
            [
                "file_proposal",
                "unit_head_signoff",
                "secretariat_check",
                "council_vote",
                "director_submit",
                "board_appraise",
                "chairman_decide",
            ],
            "end_decided_province",
        ),
    ],
)
def test_approve_all(award_code, path, end):
    wf, visited = drive(start(award_code))
    assert visited == path
    assert wf.is_completed()
    assert end_events(wf)[-1] == end
    assert end_events(wf) == [end]


@pytest.mark.parametrize("award_code", list(ROUTES))
def test_approve_all_every_award(award_code):
    path, end = expected_path(ROUTES[award_code])
    wf, visited = drive(start(award_code))
    assert visited == path
    assert wf.is_completed()
    assert end_events(wf) == [end]


# ---------------------------------------------------------------- return / reject
@pytest.mark.parametrize("outcome", ["return", "reject"])
@pytest.mark.parametrize("review_task", REVIEW_TASKS)
def test_return_or_reject_ends_the_round(review_task, outcome):
    award_code = "LDTT" if review_task == "director_decide" else "CO_THI_DUA_TINH"
    wf, visited = drive(start(award_code), decisions={review_task: outcome})
    assert visited[-1] == review_task
    assert visited == expected_path(ROUTES[award_code])[0][: len(visited)]
    assert wf.is_completed()
    kind = "returned" if outcome == "return" else "rejected"
    assert end_events(wf) == [f"end_{kind}_{review_task}"]


# ---------------------------------------------------------------- resume_stage
@pytest.mark.parametrize(
    ("resume_stage", "award_code", "rest"),
    [
        (None, "LDTT", DEPARTMENT_PATH[1:]),
        ("unit", "LDTT", DEPARTMENT_PATH[1:]),
        ("department", "LDTT", ["secretariat_check", "council_vote", "director_decide"]),
        ("department", "CO_THI_DUA_TINH", BLOC_PATH[2:]),
        (
            "endorsement",
            "CO_THI_DUA_TINH",
            ["grouping_endorse", "board_appraise", "province_council_vote", "chairman_decide"],
        ),
        ("endorsement", "TTLDXS", ["grouping_endorse", "board_appraise", "chairman_decide"]),
        (
            "province",
            "CO_THI_DUA_TINH",
            ["board_appraise", "province_council_vote", "chairman_decide"],
        ),
        ("province", "BK_TINH_CN", ["board_appraise", "chairman_decide"]),
    ],
)
def test_resume_stage(resume_stage, award_code, rest):
    wf, visited = drive(start(award_code, resume_stage))
    assert visited == ["file_proposal", *rest]
    assert wf.is_completed()
    assert end_events(wf) == [expected_path(ROUTES[award_code])[1]]


@pytest.mark.slow  # 300 rounds
def test_many_rounds_do_not_grow_the_task_tree():
    """Return at the secretariat 300 times: each round is a fresh, equally small instance."""
    sizes = set()
    resume_stage = None
    for _ in range(300):
        wf, visited = drive(
            start("CSTDCS", resume_stage), decisions={"secretariat_check": "return"}
        )
        assert end_events(wf) == ["end_returned_secretariat_check"]
        sizes.add(len(wf.get_tasks()))
        resume_stage = "department"
    wf, visited = drive(start("CSTDCS", resume_stage))
    assert visited == ["file_proposal", "secretariat_check", "council_vote", "director_decide"]
    assert end_events(wf) == ["end_decided_department"]
    assert len(sizes) <= 2  # first round (via unit head) and the resumed rounds


# ---------------------------------------------------------------- council ballots
@pytest.mark.parametrize(
    ("task", "stage", "award_code"),
    [("council_vote", "department", "LDTT"), ("province_council_vote", "province", "CSTD_TINH")],
)
@pytest.mark.parametrize(
    ("outcome", "end"), [("no_quorum", "end_no_quorum"), ("none_passed", "end_rejected")]
)
def test_ballot_outcome_ends_the_round(task, stage, award_code, outcome, end):
    wf, visited = drive(start(award_code, ballots={stage: outcome}))
    assert visited[-1] == task
    assert visited == expected_path(ROUTES[award_code])[0][: len(visited)]
    assert wf.is_completed()
    assert end_events(wf) == [f"{end}_{task}"]


def test_one_ballot_per_member_in_parallel():
    wf = start("LDTT", "department", members=(11, 12, 13))
    assert step(wf) == "file_proposal"
    assert step(wf) == "secretariat_check"
    ballots = ready_user_tasks(wf)
    assert sorted(t.data["dept_member"] for t in ballots) == [11, 12, 13]
    assert {t.task_spec.bpmn_id for t in ballots} == {"council_vote"}
    ballots[0].run()
    ballots[1].run()
    wf.do_engine_steps()
    # Two of three answered: the council step still waits for the third.
    (last,) = ready_user_tasks(wf)
    assert last.data["dept_member"] == 13
    last.run()
    wf.do_engine_steps()
    assert [t.task_spec.bpmn_id for t in ready_user_tasks(wf)] == ["director_decide"]


def test_an_empty_council_is_no_quorum():
    wf, visited = drive(start("LDTT", members=(), ballots={"department": "no_quorum"}))
    assert "council_vote" not in visited
    assert end_events(wf) == ["end_no_quorum_council_vote"]


@pytest.mark.parametrize(
    ("resume_stage", "rest"),
    [
        ("department", ["secretariat_check", "council_vote", "director_decide"]),
        ("province", ["board_appraise", "province_council_vote", "chairman_decide"]),
    ],
)
def test_reconvene_skips_the_nominator(resume_stage, rest):
    award = "LDTT" if resume_stage == "department" else "CSTD_TINH"
    wf, visited = drive(start(award, resume_stage, reconvene=True))
    assert visited == rest
    assert wf.is_completed()


@pytest.mark.parametrize(
    ("award_code", "path", "end"),
    [
        (
            "GK_CN",
            ["file_proposal", "unit_head_signoff", "director_decide"],
            "end_decided_department",
        ),
        (
            "BK_TINH_CN",
            [
                "file_proposal",
                "unit_head_signoff",
                "director_submit",
                "board_appraise",
                "chairman_decide",
            ],
            "end_decided_province",
        ),
    ],
)
def test_simplified_procedure_skips_secretariat_and_council(award_code, path, end):
    wf, visited = drive(start(award_code, procedure="simplified"))
    assert visited == path
    assert end_events(wf) == [end]


def test_simplified_resubmission_at_the_department_goes_to_the_decider():
    wf, visited = drive(start("GK_CN", "department", procedure="simplified"))
    assert visited == ["file_proposal", "director_decide"]
    wf, visited = drive(start("GK_CN", "department", procedure="normal"))
    assert visited == ["file_proposal", "secretariat_check", "council_vote", "director_decide"]


# ---------------------------------------------------------------- lanes and properties
def test_user_tasks_lanes_and_properties():
    spec, _ = _specs()
    user_specs = {
        ts.bpmn_id: ts for ts in spec.task_specs.values() if isinstance(ts, UserTaskMixin)
    }
    assert set(user_specs) == set(USER_TASKS)
    for bpmn_id, (lane, stage, form, actions) in USER_TASKS.items():
        ts = user_specs[bpmn_id]
        assert ts.manual
        assert ts.lane in ROLES
        assert ts.lane == lane, bpmn_id
        expected = {"stage": stage, "form": form, "actions": actions}
        if bpmn_id in BALLOT_TASKS:
            expected["assignee"] = BALLOT_TASKS[bpmn_id]
        assert ts.extensions["properties"] == expected
        assert ts.extensions["instructionsForEndUser"].strip()


def test_business_rule_task():
    spec, _ = _specs()
    ts = spec.task_specs["route_award"]
    assert ts.lane == "nominator"
    assert ts.extensions["calledDecisionId"] == "award_route"


def test_every_task_spec_with_bpmn_id_has_a_role_lane():
    spec, _ = _specs()
    for ts in spec.task_specs.values():
        if ts.bpmn_id and not ts.bpmn_id.startswith("flow_"):
            # A multi-instance task (the ballots) is a wrapper: its lane is its child's.
            child = spec.task_specs.get(getattr(ts, "task_spec", None) or "")
            assert (child or ts).lane in ROLES, ts.bpmn_id


# ---------------------------------------------------------------- serialization
def test_serializer_round_trip_at_every_wait_state():
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    wf, visited = drive(start("CO_THI_DUA_TINH"), serializer=serializer)
    assert visited == BLOC_PATH
    assert wf.is_completed()
    assert end_events(wf) == ["end_decided_province"]


def test_serializer_round_trip_mid_way():
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    wf = start("TTLDXS", "department")
    visited = [step(wf), step(wf), step(wf)]  # file_proposal, secretariat_check, council_vote
    restored = serializer.deserialize_json(serializer.serialize_json(wf))
    restored.script_engine = _engine()
    (task,) = ready_user_tasks(restored)
    assert task.task_spec.bpmn_id == "director_submit"
    assert task.data["route"] == ROUTES["TTLDXS"]
    restored, rest = drive(restored, decisions={"board_appraise": "return"})
    assert visited + rest == [
        "file_proposal",
        "secretariat_check",
        "council_vote",
        "director_submit",
        "grouping_endorse",
        "board_appraise",
    ]
    assert restored.is_completed()
    assert end_events(restored) == ["end_returned_board_appraise"]


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
            assert {f"end_returned_{task}", f"end_rejected_{task}"} < targets
            assert len(outgoing) == 3
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
