"""The vocabulary (models' StrEnums) agrees with the data and the diagrams that use its words.

A role is a row of workflows/data/roles.json and a lane of the diagram; a stage and an action
are properties of the diagram's user tasks (`stage`, `actions`, read by workflows.engine.steps).
A diagram or a data file with a word the code does not know fails here, not in a user's inbox.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from models import Action, AuditAction, ProposalStatus, RoleCode, Stage
from webapp import labels
from workflows.reference import DATA_DIR

#: the diagrams the application runs (the repository's, not TDKT_BPMN_DIR's)
BPMN_DIR = Path(__file__).resolve().parents[1] / "bpmn"


def unknown_words(directory: Path) -> list[str]:
    """What the user tasks of the diagrams in `directory` name outside the vocabulary."""
    parser = SpiffBpmnParser()
    parser.add_bpmn_files([str(p) for p in sorted(directory.glob("*.bpmn"))])
    parser.add_dmn_files([str(p) for p in sorted(directory.glob("*.dmn"))])
    found = []
    steps = 0
    for process_id, spec in parser.find_all_specs().items():
        for task_spec in spec.task_specs.values():
            props = getattr(task_spec, "extensions", {}).get("properties")
            if not props:
                continue
            steps += 1
            where = f"{process_id}/{task_spec.bpmn_id}"
            if props.get("stage") not in set(Stage):
                found.append(f"{where}: stage {props.get('stage')!r}")
            for action in (a.strip() for a in props.get("actions", "").split(",")):
                if action not in set(Action):
                    found.append(f"{where}: action {action!r}")
            if task_spec.lane not in set(RoleCode):
                found.append(f"{where}: lane {task_spec.lane!r}")
    assert steps, f"no user task with properties in {directory}"
    return found


def test_the_roles_are_the_rows_of_roles_json():
    rows = json.loads((DATA_DIR / "roles.json").read_text(encoding="utf-8"))
    assert [row["code"] for row in rows] == [role.value for role in RoleCode]


def test_every_stage_action_and_lane_of_the_diagrams_is_in_the_vocabulary():
    assert unknown_words(BPMN_DIR) == []


def test_a_diagram_with_an_unknown_stage_or_action_is_caught(tmp_path):
    for source in BPMN_DIR.iterdir():
        shutil.copy(source, tmp_path / source.name)
    diagram = tmp_path / "proposal.bpmn"
    text = diagram.read_text(encoding="utf-8")
    text = text.replace('name="stage" value="endorsement"', 'name="stage" value="galaxy"', 1)
    text = text.replace('value="approve,return,reject"', 'value="approve,return,refuse"', 1)
    diagram.write_text(text, encoding="utf-8")
    found = unknown_words(tmp_path)
    assert any("stage 'galaxy'" in line for line in found), found
    assert any("action 'refuse'" in line for line in found), found


def test_every_word_shown_in_pages_has_a_label():
    assert set(labels.STATUS) == set(ProposalStatus)
    assert set(labels.STAGE) == set(Stage)
    assert set(labels.EVENT) == set(AuditAction)
    # The stage filter and the dashboard columns list the stages in the order of the chain.
    assert list(labels.STAGE) == list(Stage)
