"""Every domain error has a stable code; one code, one message template (and back)."""

from __future__ import annotations

import ast
import pickle
from collections import defaultdict
from pathlib import Path

import pytest

from workflows.errors import CODE, N_, Conflict, NotFound, Text, ValidationFailed

ROOT = Path(__file__).resolve().parents[2]
#: the DomainError classes, and those that subclass them elsewhere
ERRORS = {"DomainError", "ValidationFailed", "NotFound", "Forbidden", "Conflict"}
ERRORS |= {"BackupError", "LoginLocked"}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def raise_sites() -> list[tuple[str, int, str, ast.Call, str | None]]:
    """(module, line, class, call, template of the message if known) of every error built in
    workflows/ and webapp/."""
    found = []
    for folder in ("workflows", "webapp"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                # `message = N_("...")` before the raise: the template of `message`
                assigned = sorted(
                    (node.lineno, node.targets[0].id, _template(node.value))
                    for node in ast.walk(function)
                    if isinstance(node, ast.Assign)
                    and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)
                )
                for node in ast.walk(function):
                    if (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Name)
                        and node.func.id in ERRORS
                    ):
                        template = _message_template(node, assigned)
                        found.append((_module(path), node.lineno, node.func.id, node, template))
    # A call inside a nested function is seen from both functions: once is enough.
    return list({(s[0], s[1], s[3].col_offset): s for s in found}.values())


def _message_template(call: ast.Call, assigned: list) -> str | None:
    if len(call.args) < 2:
        return None
    message = call.args[1]
    if isinstance(message, ast.Name):
        earlier = [t for line, name, t in assigned if name == message.id and line < call.lineno]
        return earlier[-1] if earlier else None
    return _template(message)


def _template(node: ast.expr) -> str | None:
    """The template of `N_("...", ...)`, when the message is written so."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "N_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ):
        return node.args[0].value
    return None


def test_every_error_names_a_literal_snake_case_code():
    sites = raise_sites()
    assert len(sites) > 60
    wrong = []
    for module, line, _cls, call, _template in sites:
        first = call.args[0] if call.args else None
        if module == "workflows.directory.throttle":
            continue  # LoginLocked(until, limits, now) passes its own code
        if not (isinstance(first, ast.Constant) and CODE.match(str(first.value))):
            wrong.append(f"{module}:{line}")
    assert not wrong, f"errors without a literal snake_case code: {wrong}"


def test_one_code_one_template():
    """A template always comes with the same code, and a code (ValidationFailed aside, whose
    fields carry the messages) with the same template."""
    codes: dict[str, set[str]] = defaultdict(set)
    templates: dict[str, set[str]] = defaultdict(set)
    for _module, _line, cls, call, template in raise_sites():
        if cls == "ValidationFailed" or not call.args:
            continue
        code = call.args[0]
        if isinstance(code, ast.Constant) and template is not None:
            codes[code.value].add(template)
            templates[template].add(code.value)
    assert len(codes) > 20
    assert {c: t for c, t in codes.items() if len(t) > 1} == {}
    assert {t: c for t, c in templates.items() if len(c) > 1} == {}


def test_the_old_form_without_a_code_is_refused():
    with pytest.raises(TypeError):
        Conflict("Hồ sơ vừa được người khác cập nhật")
    with pytest.raises(TypeError):
        ValidationFailed({"title": "bắt buộc nhập"})
    with pytest.raises(TypeError):
        NotFound("Not A Code", "x")


def test_str_is_the_vietnamese_text_filled_in_and_rendering_translates():
    exc = NotFound("proposal_not_found", N_("Không tìm thấy hồ sơ số %(id)s", id=7))
    assert str(exc) == exc.message == "Không tìm thấy hồ sơ số 7"
    assert exc.code == "proposal_not_found" and exc.status == 404
    english = {"Không tìm thấy hồ sơ số %(id)s": "Proposal no. %(id)s was not found"}
    assert exc.render(lambda t: english.get(t, t)) == "Proposal no. 7 was not found"

    label = N_("Năm")
    field = N_("%(label)s '%(year)s' không hợp lệ", label=label, year=1990)
    invalid = ValidationFailed("invalid_year", {"year": field})
    assert str(invalid) == "Dữ liệu không hợp lệ: year: Năm '1990' không hợp lệ"
    assert invalid.fields == {"year": "Năm '1990' không hợp lệ"}
    words = {"Năm": "Year", "%(label)s '%(year)s' không hợp lệ": "%(label)s '%(year)s' is invalid"}
    assert invalid.render_fields(lambda t: words.get(t, t)) == {"year": "Year '1990' is invalid"}
    # A Text survives pickling (exceptions cross process boundaries in the worker).
    again = pickle.loads(pickle.dumps(field))
    assert isinstance(again, Text) and again.params["label"].template == "Năm"
    copy = pickle.loads(pickle.dumps(invalid))
    assert (copy.code, str(copy), copy.fields) == (invalid.code, str(invalid), invalid.fields)
    assert pickle.loads(pickle.dumps(exc)).message == "Không tìm thấy hồ sơ số 7"
