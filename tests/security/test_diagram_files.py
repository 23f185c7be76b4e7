"""Malformed or malicious diagram files are refused at load, naming the file, element and line;
entities are never expanded or fetched; scripts see only the builtins the diagrams need."""

from __future__ import annotations

import ast
import builtins
import re
import shutil
import time

import pytest
from lxml import etree

from workflows.engine.diagrams import DEFAULT_BPMN_DIR, DiagramError
from workflows.engine.scripting import SAFE_BUILTINS, make_script_engine
from workflows.process.functions import DIAGRAM_FUNCTIONS
from workflows.process.registry import ProcessRegistry
from workflows.reference import role_codes

LAUGHS = "\n".join(
    [
        '<!DOCTYPE definitions [<!ENTITY lol "lol">',
        *(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        ),
        "]>",
    ]
)
USER_TASK = '<bpmn:userTask id="unit_head_signoff" name="Trưởng đơn vị ký xác nhận">'
DOCUMENTATION = "<bpmn:documentation>{}</bpmn:documentation>"


def variant(tmp_path, edit, file: str = "proposal.bpmn"):
    target = tmp_path / "bpmn"
    shutil.copytree(DEFAULT_BPMN_DIR, target)
    path = target / file
    text = path.read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text, "the edit did not apply"
    path.write_text(changed, encoding="utf-8")
    return target


def with_doctype(doctype: str, body_edit):
    def edit(text: str) -> str:
        declaration, rest = text.split("\n", 1)
        return declaration + "\n" + doctype + "\n" + body_edit(rest)

    return edit


def load(directory) -> DiagramError:
    started = time.perf_counter()
    with pytest.raises(DiagramError) as caught:
        ProcessRegistry.load(role_codes(), directory)
    # Refused at once: an expansion would take minutes and gigabytes.
    assert time.perf_counter() - started < 5
    return caught.value


def line_of(directory, file: str, needle: str) -> int:
    lines = (directory / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize("where", ["attribute", "text"])
def test_a_billion_laughs_is_refused_without_expanding(tmp_path, where):
    def put(rest: str) -> str:
        if where == "attribute":
            return rest.replace(USER_TASK, USER_TASK.replace('name="Trư', 'name="&lol9;Trư'), 1)
        return rest.replace(
            USER_TASK, USER_TASK + "<bpmn:documentation>&lol9;</bpmn:documentation>"
        )

    directory = variant(tmp_path, with_doctype(LAUGHS, put))
    error = load(directory)
    assert error.file == "proposal.bpmn" and isinstance(error.line, int) and error.line >= 1
    assert "proposal.bpmn, line" in str(error)
    assert "lollollol" not in str(error)


@pytest.mark.parametrize("where", ["attribute", "text"])
def test_an_external_entity_is_never_read(tmp_path, where):
    secret = tmp_path / "secret.txt"
    secret.write_text("MAT-KHAU-CSDL=bi-mat")
    doctype = f'<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file://{secret}">]>'

    def put(rest: str) -> str:
        if where == "attribute":
            return rest.replace(USER_TASK, USER_TASK.replace('name="Trư', 'name="&xxe;Trư'), 1)
        return rest.replace(USER_TASK, USER_TASK + DOCUMENTATION.format("&xxe;"))

    directory = variant(tmp_path, with_doctype(doctype, put))
    error = load(directory)
    assert error.file == "proposal.bpmn"
    assert error.line == line_of(directory, "proposal.bpmn", 'id="unit_head_signoff"')
    assert "bi-mat" not in str(error)


def test_a_broken_dmn_cell_is_refused_naming_the_rule_cell_and_line(tmp_path):
    directory = variant(
        tmp_path, lambda t: t.replace('<text>"director"</text>', '<text>"director</text>', 1),
        "award_route.dmn",
    )  # fmt: skip
    error = load(directory)
    assert error.file == "award_route.dmn"
    assert error.element == "Rule_LDTT_decider"
    assert error.line == line_of(directory, "award_route.dmn", 'id="Rule_LDTT_decider"')
    assert "award_route.dmn, line" in str(error)


def test_a_user_task_without_a_lane_is_refused(tmp_path):
    directory = variant(
        tmp_path,
        lambda t: re.sub(r"\s*<bpmn:flowNodeRef>unit_head_signoff</bpmn:flowNodeRef>", "", t),
    )
    error = load(directory)
    assert (error.file, error.element) == ("proposal.bpmn", "unit_head_signoff")
    assert error.line == line_of(directory, "proposal.bpmn", 'id="unit_head_signoff"')
    assert "lane" in str(error)


def test_a_file_that_is_not_xml_is_refused(tmp_path):
    directory = variant(tmp_path, lambda t: t.replace("</bpmn:definitions>", "", 1))
    error = load(directory)
    assert error.file == "proposal.bpmn" and isinstance(error.line, int)


# --- the script engine ----------------------------------------------------------------------
FORBIDDEN = [
    "__import__('os')",
    "open('/etc/passwd')",
    "eval('1')",
    "exec('x = 1')",
    "compile('1', 'x', 'eval')",
    "getattr(1, 'real')",
    "globals()",
    "vars()",
    "type(1)",
    "breakpoint()",
    "input()",
    "print('x')",
]


def expressions_in_diagrams() -> list[str]:
    """Every piece of Python the diagrams carry: conditions, scripts, DMN cells."""
    found = []
    for path in sorted(DEFAULT_BPMN_DIR.iterdir()):
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            local = etree.QName(element).localname
            code = local in ("conditionExpression", "script", "preScript", "postScript", "timeDate")
            cell = local == "text" and path.suffix == ".dmn"
            if (code or cell) and (element.text or "").strip():
                text = element.text.strip()
                if cell and text == "-":  # a DMN input cell matching any value
                    continue
                # In a DMN input cell "?" stands for the column's value (bpmn/eligibility.dmn).
                found.append(text.replace("?", "dmninputexpr") if cell else text)
    return found


def test_the_script_engine_offers_only_the_builtins_the_diagrams_call(session):
    engine = make_script_engine()
    registry = ProcessRegistry.load(role_codes())
    _, runtime = registry.current(session)
    workflow = runtime.new_workflow({"award_code": "LDTT", "resume_stage": "unit"})
    task = workflow.get_tasks()[0]
    for expression in FORBIDDEN:
        with pytest.raises(Exception, match="Error evaluating expression") as caught:
            engine.evaluate(task, expression)
        assert caught.value.error_type == "UnsafeExpression", expression
    assert engine.evaluate(task, "sorted([3, 1, 2])") == [1, 2, 3]
    # Every name the diagrams call exists, and every builtin offered is a plain function or type.
    called = set()
    for expression in expressions_in_diagrams():
        for node in ast.walk(ast.parse(expression, mode="exec")):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called.add(node.func.id)
    offered = set(SAFE_BUILTINS) | set(DIAGRAM_FUNCTIONS)
    assert called <= offered, called - offered
    assert "due_at" in called  # the timer expressions were scanned too
    assert len(expressions_in_diagrams()) >= 20
    dangerous = {"open", "eval", "exec", "compile", "__import__", "getattr", "setattr", "globals"}
    assert not dangerous & set(SAFE_BUILTINS)
    assert all(getattr(builtins, name) is SAFE_BUILTINS[name] for name in SAFE_BUILTINS)
