"""Another version of the diagrams for the tests that move running proposals to it: a copy of
bpmn/ with one change, registered as the application registers the diagrams at start-up."""

from __future__ import annotations

import shutil
from pathlib import Path

from models import ProcessVersion
from workflows.engine.diagrams import DEFAULT_BPMN_DIR
from workflows.process.registry import ProcessRegistry
from workflows.reference import role_codes

#: the unit head's step, its name in bpmn/ and in the changed copies
SIGNOFF = "unit_head_signoff"
SIGNOFF_NAME = "Trưởng đơn vị ký xác nhận"
RENAMED = "Trưởng đơn vị ký duyệt hồ sơ"


def changed_copy(directory: Path, *replacements: tuple[str, str]) -> Path:
    """bpmn/ copied into `directory`, proposal.bpmn with each (old, new) replaced once."""
    target = directory / "bpmn"
    shutil.copytree(DEFAULT_BPMN_DIR, target)
    path = target / "proposal.bpmn"
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return target


def renamed_signoff(directory: Path) -> Path:
    """The unit head's step renamed (same id, lane and stage)."""
    return changed_copy(directory, (SIGNOFF_NAME, RENAMED))


def without_signoff(directory: Path) -> Path:
    """The unit head's step under another id: in this version the step the proposal waits on
    does not exist (its id is gone, and so is every element named after it)."""
    return changed_copy(directory, (SIGNOFF, "unit_head_approve"))


def register(session, directory: Path) -> ProcessVersion:
    """The version row of the diagrams in `directory`, as start-up would store it."""
    row, _ = ProcessRegistry.load(role_codes(), directory).current(session)
    return row


#: the step the test version adds after the unit head's, before the secretariat's check
RECEIVE = "secretariat_receive"
RECEIVE_NAME = "Thường trực tiếp nhận hồ sơ"
_RECEIVE_TASK = f"""<bpmn:userTask id="{RECEIVE}" name="{RECEIVE_NAME}">
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="stage" value="department" />
          <spiffworkflow:property name="form" value="review" />
          <spiffworkflow:property name="actions" value="approve,return,reject" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>flow_procedure_normal</bpmn:incoming>
      <bpmn:outgoing>flow_receive_check</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="flow_receive_check" sourceRef="{RECEIVE}"
      targetRef="secretariat_check" />
    <bpmn:userTask id="secretariat_check" """


def with_step_after_signoff(directory: Path) -> Path:
    """A step of the secretariat added between the unit head's and the secretariat's check."""
    return changed_copy(
        directory,
        (
            "<bpmn:flowNodeRef>secretariat_check</bpmn:flowNodeRef>",
            f"<bpmn:flowNodeRef>{RECEIVE}</bpmn:flowNodeRef>"
            "<bpmn:flowNodeRef>secretariat_check</bpmn:flowNodeRef>",
        ),
        (
            'sourceRef="gw_procedure" targetRef="secretariat_check"',
            f'sourceRef="gw_procedure" targetRef="{RECEIVE}"',
        ),
        (
            "<bpmn:incoming>flow_procedure_normal</bpmn:incoming>\n"
            "      <bpmn:outgoing>flow_secretariat_check_gw_secretariat_check</bpmn:outgoing>",
            "<bpmn:incoming>flow_receive_check</bpmn:incoming>\n"
            "      <bpmn:outgoing>flow_secretariat_check_gw_secretariat_check</bpmn:outgoing>",
        ),
        ('<bpmn:userTask id="secretariat_check" ', _RECEIVE_TASK),
    )


def reminder_at_deadline(directory: Path) -> Path:
    """The unit head's reminder moved to the step's deadline: a timer whose expression changed."""
    return changed_copy(
        directory,
        ('due_at("unit_head_signoff", "reminder")', 'due_at("unit_head_signoff", "deadline")'),
    )


def signoff_by_secretariat(directory: Path) -> Path:
    """The unit head's step moved into the secretariat's lane: another role handles it."""
    return changed_copy(
        directory,
        ("<bpmn:flowNodeRef>unit_head_signoff</bpmn:flowNodeRef>", ""),
        (
            "<bpmn:flowNodeRef>secretariat_check</bpmn:flowNodeRef>",
            "<bpmn:flowNodeRef>unit_head_signoff</bpmn:flowNodeRef>"
            "<bpmn:flowNodeRef>secretariat_check</bpmn:flowNodeRef>",
        ),
    )
