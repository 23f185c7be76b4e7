"""Walking bpmn/proposal.bpmn + bpmn/award_route.dmn in memory (no database): the expected tables
and the driver the diagram tests share.

The tables are written literally from the design, not derived from the diagram, so that a
change to the diagram has to be matched by a deliberate change here.
"""

from functools import cache
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.specs.mixins import EndEventMixin
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from workflows.deadlines.due_dates import DeadlineContext

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"
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
    # the upward path: the Chairman's submission to the sector's ministry, or through the
    # Ministry of Home Affairs to the Prime Minister
    "BK_BO_CN": {"decider": "minister", "endorsement": "none", "province_council": False},
    "BK_BO_TT": {"decider": "minister", "endorsement": "cluster", "province_council": False},
    "KNC_BO": {"decider": "minister", "endorsement": "none", "province_council": False},
    "BK_TTG_CN": {"decider": "prime_minister", "endorsement": "none", "province_council": True},
    "BK_TTG_TT": {"decider": "prime_minister", "endorsement": "cluster", "province_council": True},
    "CO_THI_DUA_CP": {"decider": "prime_minister", "endorsement": "bloc", "province_council": True},
    "CSTD_TOAN_QUOC": {
        "decider": "prime_minister",
        "endorsement": "none",
        "province_council": True,
    },
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
    "chairman_submit": ("chairman", "province", "submit_higher", "approve,return,reject"),
    "await_decision": ("board_officer", "province", "higher_decision", "approve,reject"),
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
def parsed_specs():
    parser = SpiffBpmnParser(validator=BpmnValidator())
    parser.add_dmn_file(str(DMN_FILE))
    parser.add_bpmn_file(str(BPMN_FILE))
    return parser.get_spec(PROCESS_ID), parser.get_subprocess_specs(PROCESS_ID)


#: what the ballot boxes answer in these tests: stage -> passed / no_quorum / none_passed
BALLOTS = {"department": "passed", "province": "passed"}


def diagram_engine(ballots=None):
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
    spec, subprocess_specs = parsed_specs()
    wf = BpmnWorkflow(spec, subprocess_specs, script_engine=diagram_engine(ballots))
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
            wf.script_engine = diagram_engine()
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
    if route["decider"] in ("minister", "prime_minister"):
        return path + ["chairman_submit", "await_decision"], "end_decided_upward"
    return path + ["chairman_decide"], "end_decided_province"
