"""The engine wrapper: versions by content hash, state without spec, round trips, bad diagrams."""

import json
import shutil

import pytest
from sqlalchemy import func, select

from models import ProcessVersion, Proposal, User, WorkflowInstance
from tests.support.dossier import complete_dossier_in
from workflows.engine import steps, storage
from workflows.engine.diagrams import DEFAULT_BPMN_DIR, DiagramError, parse, read_diagrams
from workflows.process import functions, review, versions
from workflows.process.registry import ProcessRegistry
from workflows.proposals import filing, queries
from workflows.reference import role_codes

BODY = {
    "award_code": "CO_THI_DUA_TINH",
    "year": 2025,
    "title": "Đề nghị Cờ thi đua",
    "summary": "Đơn vị dẫn đầu Khối.",
    "nominees": [{"name": "Sở Thông tin và Truyền thông"}],
}


def _user(session, username):
    return session.scalar(select(User).where(User.username == username))


@pytest.fixture
def registry():
    return ProcessRegistry.load(role_codes())


def test_instance_state_is_stored_without_the_spec_and_round_trips_mid_way(
    session, registry, tmp_path
):
    p = filing.create_proposal(session, registry, _user(session, "vanthu.cntt"), BODY)
    # submitting needs the dossier's required documents (workflows.awards.dossier)
    complete_dossier_in(session, _user(session, "vanthu.cntt"), p, tmp_path / "files")
    filing.submit_proposal(session, registry, _user(session, "vanthu.cntt"), p.id)
    session.commit()
    instance = session.scalar(select(WorkflowInstance).where(WorkflowInstance.proposal_id == p.id))
    state = json.loads(instance.state_json)
    assert "spec" not in state and "subprocess_specs" not in state
    version = session.get(ProcessVersion, instance.process_version_id)
    assert len(version.spec_json) > len(instance.state_json)

    # Load the stored state into a fresh workflow object and drive it on in memory.
    # The diagrams call due_at: the application's functions are given at every load.
    workflow = versions.verified_runtime(version).load(
        instance.state_json, functions.without_ballots()
    )
    [step] = steps.ready_steps(workflow)
    assert (step.bpmn_id, step.lane, step.stage) == ("unit_head_signoff", "unit_head", "unit")
    steps.complete(workflow, step.guid, {"decision": "approve"})
    again = versions.verified_runtime(version).load(
        storage.dump(workflow), functions.without_ballots()
    )
    assert [s.bpmn_id for s in steps.ready_steps(again)] == ["secretariat_check"]
    assert again.get_tasks()[0].data == workflow.get_tasks()[0].data


def test_one_version_row_per_content_hash(session, registry):
    nominator = _user(session, "vanthu.cntt")
    for _ in range(3):
        filing.create_proposal(session, registry, nominator, BODY)
    session.commit()
    assert session.scalar(select(func.count(ProcessVersion.id))) == 1
    digest = session.scalar(select(ProcessVersion.content_hash))
    assert digest == read_diagrams().content_hash and len(digest) == 64


def test_a_running_proposal_keeps_the_version_it_started_on(session, registry, tmp_path):
    nominator = _user(session, "vanthu.cntt")
    old = filing.create_proposal(session, registry, nominator, BODY)
    complete_dossier_in(session, nominator, old, tmp_path / "files")
    filing.submit_proposal(session, registry, nominator, old.id)
    session.commit()

    changed = tmp_path / "bpmn"
    shutil.copytree(DEFAULT_BPMN_DIR, changed)
    path = changed / "proposal.bpmn"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Trưởng đơn vị ký xác nhận", "Trưởng đơn vị ký duyệt"
        ),
        encoding="utf-8",
    )
    new_registry = ProcessRegistry.load(role_codes(), changed)
    assert new_registry.diagrams.content_hash != registry.diagrams.content_hash

    new = filing.create_proposal(session, new_registry, nominator, BODY)
    complete_dossier_in(session, nominator, new, tmp_path / "files")
    filing.submit_proposal(session, new_registry, nominator, new.id)
    session.commit()
    assert session.scalar(select(func.count(ProcessVersion.id))) == 2
    assert old.process_version_id != new.process_version_id
    names = {
        t.proposal_id: t.name
        for t in queries.current_tasks(session, old.id) + queries.current_tasks(session, new.id)
    }
    assert names == {old.id: "Trưởng đơn vị ký xác nhận", new.id: "Trưởng đơn vị ký duyệt"}

    # The old one goes on under the old version, through a return (new instance) as well.
    head = _user(session, "truongphong.cntt")
    [task] = queries.current_tasks(session, old.id)
    review.complete_task(
        session, new_registry, head, task.id, {"action": "return", "comment": "Bổ sung"}
    )
    filing.submit_proposal(session, new_registry, nominator, old.id)
    session.commit()
    [task] = queries.current_tasks(session, old.id)
    assert task.name == "Trưởng đơn vị ký xác nhận"
    assert session.get(Proposal, old.id).round == 2


def _broken_copy(tmp_path, old: str, new: str):
    target = tmp_path / "bpmn"
    shutil.copytree(DEFAULT_BPMN_DIR, target)
    path = target / "proposal.bpmn"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_malformed_xml_is_refused_with_file_and_line(tmp_path):
    broken = _broken_copy(tmp_path, "</bpmn:process>", "</bpmn:proces>")
    with pytest.raises(DiagramError) as err:
        parse(read_diagrams(broken))
    assert (
        err.value.file == "proposal.bpmn" and isinstance(err.value.line, int) and err.value.line > 1
    )
    assert "proposal.bpmn, line" in str(err.value)


def test_a_lane_that_is_no_role_is_refused_naming_the_element(tmp_path):
    broken = _broken_copy(tmp_path, 'name="chairman"', 'name="emperor"')
    with pytest.raises(DiagramError) as err:
        ProcessRegistry.load(role_codes(), broken)
    assert err.value.element == "chairman_decide"
    assert "emperor" in str(err.value) and "proposal.bpmn, line" in str(err.value)


def test_a_dangling_sequence_flow_is_refused(tmp_path):
    broken = _broken_copy(tmp_path, 'targetRef="secretariat_check"', 'targetRef="nowhere"')
    with pytest.raises(DiagramError) as err:
        # with the functions the diagrams may call: the cases' timers (due_at) come first in
        # the files' order, and would be refused before the flow is looked at
        parse(read_diagrams(broken), functions=functions.DIAGRAM_FUNCTIONS)
    assert err.value.file == "proposal.bpmn"


def test_scripts_cannot_import(registry, session):
    _, runtime = registry.current(session)
    workflow = runtime.new_workflow({"award_code": "LDTT", "resume_stage": "unit"})
    engine = workflow.script_engine
    task = workflow.get_tasks()[0]
    with pytest.raises(Exception, match="__import__"):
        engine.evaluate(task, "__import__('os').getcwd()")
    assert engine.evaluate(task, "len([1, 2])") == 2
