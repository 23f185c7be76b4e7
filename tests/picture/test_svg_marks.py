"""The process picture marks exactly the elements a proposal passed, the one it waits on,
and nothing else; expected sets are written by hand from bpmn/proposal.bpmn."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

BPMN = Path(__file__).resolve().parents[2] / "bpmn" / "proposal.bpmn"
SVG = "{http://www.w3.org/2000/svg}"
BPMN_NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
STATES = {"bpmn-done", "bpmn-current", "bpmn-todo"}

START = ["start", "route_award", "gw_reconvene", "file_proposal", "gw_resume"]
START_FLOWS = [
    "flow_start_route_award",
    "flow_route_award_gw_reconvene",
    "flow_reconvene_no",
    "flow_file_proposal_gw_resume",
]
#: the normal procedure after the unit head (the simplified one skips to the decider)
NORMAL = ["gw_procedure", "flow_procedure_normal"]


def all_diagram_ids() -> set[str]:
    """Every flow node and sequence flow of the process (the universe, not the verdict)."""
    tree = etree.parse(str(BPMN))
    process = tree.find("bpmn:process", BPMN_NS)
    ids = set()
    for el in process:
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname
        if tag.endswith(("Event", "Task", "Gateway")) or tag == "sequenceFlow":
            ids.add(el.get("id"))
    return ids


def states_in(svg_text: str) -> dict[str, str]:
    root = etree.fromstring(svg_text.encode("utf-8"))  # parses as XML, or raises
    assert root.tag == f"{SVG}svg"
    found = {}
    for g in root.iter(f"{SVG}g"):
        element = g.get("data-bpmn-id")
        if element is None:
            continue
        state = set(g.get("class").split()) & STATES
        assert len(state) == 1, (element, g.get("class"))
        assert element not in found, f"{element} drawn twice"
        found[element] = state.pop().removeprefix("bpmn-")
    return found


def expected(done: list[str], current: list[str]) -> dict[str, str]:
    marks = dict.fromkeys(all_diagram_ids(), "todo")
    for element in done:
        assert element in marks, element
        marks[element] = "done"
    for element in current:
        assert element in marks, element
        marks[element] = "current"
    return marks


def svg_of(client, pid: int, query: str = "") -> str:
    response = client.get(f"/proposals/{pid}/diagram.svg{query}")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    return response.get_data(as_text=True)


def test_after_unit_head_and_secretariat_approved(api, login_as):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)

    svg = svg_of(login_as("vanthu.cntt"), pid)
    done = START + [
        "unit_head_signoff",
        "gw_unit_head_signoff",
        *NORMAL,
        "secretariat_check",
        "gw_secretariat_check",
    ]
    done += START_FLOWS + [
        "flow_resume_unit",
        "flow_unit_head_signoff_gw_unit_head_signoff",
        "flow_unit_head_signoff_approve",
        "flow_secretariat_check_gw_secretariat_check",
        "flow_secretariat_check_approve",
    ]
    assert states_in(svg) == expected(done, ["council_vote"])
    # A standalone document: its stylesheet is linked, never inline (CSP style-src 'self').
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet')
    assert 'href="/static/diagram.css"' in svg.split("<svg", 1)[0]
    assert "<style" not in svg and " style=" not in svg


def test_return_at_the_department_and_resubmission(api, login_as):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid, "return", comment="Thiếu biên bản bình xét")
    nominator.ok("POST", f"/proposals/{pid}/submit", json={"comment": "Đã bổ sung"})
    client = login_as("vanthu.cntt")

    # Round 2 went from the resume gateway straight to the secretariat.
    round_two = expected(
        START + START_FLOWS + ["flow_resume_department", *NORMAL], ["secretariat_check"]
    )
    assert states_in(svg_of(client, pid)) == round_two
    assert states_in(svg_of(client, pid, "?round=2")) == round_two

    # Round 1 stays drawn after its state was dropped: it ended at the secretariat's return.
    round_one = START + [
        "unit_head_signoff",
        "gw_unit_head_signoff",
        *NORMAL,
        "secretariat_check",
        "gw_secretariat_check",
        "end_returned_secretariat_check",
    ]
    round_one += START_FLOWS + [
        "flow_resume_unit",
        "flow_unit_head_signoff_gw_unit_head_signoff",
        "flow_unit_head_signoff_approve",
        "flow_secretariat_check_gw_secretariat_check",
        "flow_secretariat_check_return",
    ]
    assert states_in(svg_of(client, pid, "?round=1")) == expected(round_one, [])
    assert client.get(f"/proposals/{pid}/diagram.svg?round=3").status_code == 404


def test_bloc_endorsement_enters_the_board_through_the_bloc_only(api, login_as):
    """board_appraise has three incoming flows whose sources are all passed or passable:
    only the bloc's approval may light up, not the resume or the no-endorsement branch."""
    nominator = api("vanthu.cntt")
    pid = nominator.file("CO_THI_DUA_TINH", nominees=[{"name": "Phòng Công nghệ thông tin"}])
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    api("hoidong.tttt").act(pid)  # the one member's secret ballot
    api("giamdoc.tttt").act(pid, submission_no="12/TTr-STTTT", submission_date="05/01/2026")
    api("truongkhoi.vhxh").act(pid, score=95, rank=1)

    done = START + [
        "unit_head_signoff",
        "gw_unit_head_signoff",
        *NORMAL,
        "secretariat_check",
        "gw_secretariat_check",
        "council_vote",
        "gw_council_vote",
        "gw_decider",
        "director_submit",
        "gw_director_submit",
        "gw_endorsement",
        "grouping_endorse",
        "gw_grouping_endorse",
    ]
    done += START_FLOWS + [
        "flow_resume_unit",
        "flow_unit_head_signoff_gw_unit_head_signoff",
        "flow_unit_head_signoff_approve",
        "flow_secretariat_check_gw_secretariat_check",
        "flow_secretariat_check_approve",
        "flow_council_vote_gw_council_vote",
        "flow_council_vote_approve",
        "flow_decider_upward",
        "flow_director_submit_gw_director_submit",
        "flow_director_submit_approve",
        "flow_endorsement_yes",
        "flow_grouping_endorse_gw_grouping_endorse",
        "flow_grouping_endorse_approve",
    ]
    assert states_in(svg_of(login_as("theodoi.btdkt"), pid)) == expected(done, ["board_appraise"])


def test_a_finished_round_marks_its_end_event(api, login_as):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid, "reject", comment="Chưa đủ điều kiện")
    marks = states_in(svg_of(login_as("vanthu.cntt"), pid))
    assert marks["end_rejected_unit_head_signoff"] == "done"
    assert marks["flow_unit_head_signoff_reject"] == "done"
    assert marks["end_returned_unit_head_signoff"] == "todo"
    assert "current" not in marks.values()


def test_only_readers_of_the_proposal_get_its_picture(api, login_as):
    pid = api("vanthu.cntt").file("LDTT")
    assert login_as("vanthu.yte").get(f"/proposals/{pid}/diagram.svg").status_code == 404
    assert login_as("theodoi.btdkt").get(f"/proposals/{pid}/diagram.svg").status_code == 200
    anonymous = login_as("vanthu.cntt").application.test_client()
    assert anonymous.get(f"/proposals/{pid}/diagram.svg").status_code in (302, 401)
