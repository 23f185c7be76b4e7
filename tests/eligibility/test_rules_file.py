"""A broken bpmn/eligibility.dmn stops the app at start-up, naming file, element and line."""

from __future__ import annotations

import shutil

import pytest

from workflows.engine.diagrams import DEFAULT_BPMN_DIR, DiagramError
from workflows.process.registry import ProcessRegistry
from workflows.reference import role_codes

FILE = "eligibility.dmn"


def variant(tmp_path, old: str, new: str):
    target = tmp_path / "bpmn"
    shutil.copytree(DEFAULT_BPMN_DIR, target)
    path = target / FILE
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, "the edit did not apply"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def refused(directory) -> DiagramError:
    with pytest.raises(DiagramError) as caught:
        ProcessRegistry.load(role_codes(), directory)
    return caught.value


def line_of(directory, needle: str) -> int:
    lines = (directory / FILE).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_the_shipped_table_loads():
    registry = ProcessRegistry.load(role_codes())
    assert registry.eligibility.file_name == FILE


def test_a_broken_output_cell_is_refused_naming_it(tmp_path):
    directory = variant(tmp_path, "<text>not disciplined</text>", "<text>not disciplined)</text>")
    error = refused(directory)
    assert (error.file, error.element) == (FILE, "Rule_not_disciplined_passed")
    assert error.line == line_of(directory, 'id="Rule_not_disciplined_passed"')
    assert str(error).startswith(f"{FILE}, line {error.line}")


def test_a_broken_input_cell_is_refused_naming_it(tmp_path):
    # The engine would only notice when the row runs; the load checks every cell.
    directory = variant(tmp_path, '<text>"LDTT"</text>', '<text>"LDTT</text>')
    error = refused(directory)
    assert (error.file, error.element) == (FILE, "Rule_LDTT_rating_award")


def test_a_table_without_the_reason_column_is_refused(tmp_path):
    directory = variant(tmp_path, 'name="reason"', 'name="why"')
    error = refused(directory)
    assert error.file == FILE and "reason" in str(error)


def test_a_missing_table_is_refused(tmp_path):
    target = tmp_path / "bpmn"
    shutil.copytree(DEFAULT_BPMN_DIR, target)
    (target / FILE).unlink()
    assert refused(target).file == FILE


def test_a_cell_failing_when_evaluated_names_its_rule(tmp_path):
    from types import SimpleNamespace

    from workflows.eligibility import rules as eligibility_rules

    directory = variant(tmp_path, "<text>not under_review</text>", "<text>not reviewed</text>")
    rules = eligibility_rules.parse((directory / FILE).read_text(encoding="utf-8"))
    facts = SimpleNamespace(award_code="GK_CN", rule_set="ND152_2025", linked=True)
    with pytest.raises(DiagramError) as caught:
        rules.evaluate({**vars(facts), "year": 2025, "disciplined": False})
    assert (caught.value.file, caught.value.element) == (FILE, "Rule_not_under_review")
    assert "reviewed" in str(caught.value)
