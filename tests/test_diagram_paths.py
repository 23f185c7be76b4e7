"""Walk every path of bpmn/proposal.bpmn + bpmn/award_route.dmn in memory (no database).

The expected tables (tests/support/diagram_walk.py) are written literally from the design spec,
not derived from the diagram, so that a change to the diagram has to be matched by a deliberate
change there.
"""

import pytest
from lxml import etree
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.mixins import UserTaskMixin
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from tests.support.diagram_walk import (
    BALLOT_TASKS,
    BLOC_PATH,
    DEPARTMENT_PATH,
    DMN_FILE,
    NS,
    REVIEW_TASKS,
    ROLES,
    ROUTES,
    USER_TASKS,
    diagram_engine,
    drive,
    end_events,
    expected_path,
    parsed_specs,
    ready_user_tasks,
    start,
    step,
)


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
@pytest.mark.parametrize(
    ("review_task", "outcome"),
    [
        (task, outcome)
        for task in REVIEW_TASKS
        for outcome in ("return", "reject")
        # the wait for a higher decision returns nothing: the answer is a decision
        if outcome in USER_TASKS[task][3].split(",")
    ],
)
def test_return_or_reject_ends_the_round(review_task, outcome):
    award_code = {
        "director_decide": "LDTT",
        "chairman_submit": "CO_THI_DUA_CP",
        "await_decision": "CO_THI_DUA_CP",
    }.get(review_task, "CO_THI_DUA_TINH")
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
    spec, _ = parsed_specs()
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
    spec, _ = parsed_specs()
    ts = spec.task_specs["route_award"]
    assert ts.lane == "nominator"
    assert ts.extensions["calledDecisionId"] == "award_route"


def test_every_task_spec_with_bpmn_id_has_a_role_lane():
    spec, _ = parsed_specs()
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
    restored.script_engine = diagram_engine()
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
