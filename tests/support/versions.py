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
