"""Diagram expressions cannot reach the system (issue 15, item 1): a whitelist over the parsed
expression, checked at load (naming file, element and line) and before every evaluation; the
functions handed to diagrams carry no globals; a process version edited in the database is
refused instead of run."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from lxml import etree
from SpiffWorkflow.bpmn.script_engine import TaskDataEnvironment
from sqlalchemy import select, text

from models import ProcessVersion, Proposal
from tests.support.dossier import complete_dossier
from tests.support.world import Api, proposal_body, token_for
from webapp import create_app
from webapp.cli import main
from workflows.engine import expressions, storage
from workflows.engine.diagrams import (
    DEFAULT_BPMN_DIR,
    DiagramError,
    content_hash_of,
    read_diagrams,
)
from workflows.engine.dmn import DecisionTable
from workflows.engine.scripting import SAFE_BUILTINS, make_script_engine
from workflows.process import functions, versions
from workflows.process.registry import ProcessRegistry
from workflows.reference import role_codes

ROOT = Path(__file__).resolve().parents[2]

#: the escapes of the adversarial test, then more of our own
ESCAPES = [
    "().__class__.__bases__[0].__subclasses__()",
    "due_at.__func__.__globals__",
    "ballot_result.__globals__",
    '"{0.__class__}".format(proposal_id)',
    "(lambda: 1)()",
    "(x for x in ()).gi_frame",
    "[c for c in (1,)]",
    "{k: 1 for k in (1,)}",
    "(y := 1)",
    "max(*[1, 2])",
    "dict(**{'a': 1})",
    "__builtins__",
    "_private",
    "getattr(1, 'real')",
    "type(1)",
    "sorted.__self__",
    "str(1).join",
    "[1][0].__class__",
    'f"{proposal_id:{fmt}}"',
    "9 ** 9 ** 9",
    "1 << 100000000",
    "__import__('os').system('id')",
]
#: what the diagrams write, and must keep working
ALLOWED = [
    ("resume_stage == 'department'", {"resume_stage": "department"}, True),
    ("ballot_result('department', proposal_id, round) == 'none_passed'", {}, True),
    ('f"Năm {year} {\'có\' if ok else \'chưa có\'}"', {"year": 2025, "ok": 1}, "Năm 2025 có"),
    ("(0 if streak >= 2 else 2, ('co_so', 'tinh'))", {"streak": 2}, (0, ("co_so", "tinh"))),
    ("sorted([3, 1, 2])[0:2]", {}, [1, 2]),
    ('f"{x:.1f}"', {"x": 2.25}, "2.2"),
]  # fmt: skip
CONTEXT = {"proposal_id": 1, "round": 1, "fmt": "x", "x": 1}


def _engine():
    return make_script_engine(functions.without_ballots())


@pytest.mark.parametrize("expression", ESCAPES)
def test_each_escape_is_refused_before_it_runs(expression):
    with pytest.raises(expressions.UnsafeExpression):
        _engine().environment.evaluate(expression, dict(CONTEXT))
    with pytest.raises(expressions.UnsafeExpression):
        _engine().environment.execute(f"result = {expression}", dict(CONTEXT))
    assert expressions.verdict(expression, frozenset(SAFE_BUILTINS), "eval") is not None


def test_the_escapes_are_real_without_the_check():
    """What the whitelist stops: the library's own environment with the same globals runs the
    first escape to the subclasses of object, and hands over a module's globals."""
    plain = TaskDataEnvironment({"__builtins__": SAFE_BUILTINS})
    subclasses = plain.evaluate(ESCAPES[0], {})
    assert any(c.__name__ == "_wrap_close" for c in subclasses)  # os._wrap_close → os.system
    assert plain.evaluate("(x for x in ()).gi_frame", {}) is not None


@pytest.mark.parametrize(("expression", "data", "expected"), ALLOWED)
def test_what_the_diagrams_write_still_runs(expression, data, expected):
    def ballots(stage, proposal_id, round_):
        return "none_passed"

    engine = make_script_engine(functions.offered(functions.DeadlineContext(), ballots))
    assert engine.environment.evaluate(expression, {**CONTEXT, **data}) == expected


def test_the_verdict_is_cached_per_expression():
    expressions.verdict.cache_clear()
    engine = _engine()
    for _ in range(3):
        engine.environment.evaluate("round == 1", dict(CONTEXT))
    info = expressions.verdict.cache_info()
    assert info.misses == 1 and info.hits == 2


def test_a_compiled_text_is_still_checked_before_every_run():
    """Texts are compiled once per process, but an engine that is not offered a function
    refuses a text another engine compiled with it, as evaluation and as a script."""
    from workflows.engine.scripting import compiled

    compiled.cache_clear()
    offered = make_script_engine({"double": lambda n: 2 * n}).environment
    for _ in range(3):
        assert offered.evaluate("double(round)", dict(CONTEXT)) == 2
        offered.execute("twice = double(round)", context := dict(CONTEXT))
        assert context["twice"] == 2
    assert compiled.cache_info().misses == 2  # each text compiled once
    bare = make_script_engine().environment
    with pytest.raises(expressions.UnsafeExpression):
        bare.evaluate("double(round)", dict(CONTEXT))
    with pytest.raises(expressions.UnsafeExpression):
        bare.execute("twice = double(round)", dict(CONTEXT))


def test_a_literal_is_its_value_and_anything_else_is_evaluated():
    environment = _engine().environment
    assert environment.evaluate('"khong_ky_luat"', dict(CONTEXT)) == "khong_ky_luat"
    assert environment.evaluate("None", dict(CONTEXT)) is None
    assert environment.evaluate("-1", dict(CONTEXT)) == -1
    assert environment.evaluate('"a" if round == 1 else "b"', dict(CONTEXT)) == "a"
    assert environment.evaluate("[round]", dict(CONTEXT)) is not environment.evaluate(
        "[round]", dict(CONTEXT)
    )


def test_functions_handed_to_diagrams_carry_no_globals():
    for name, function in functions.without_ballots().items():
        assert not hasattr(function, "__func__") and not hasattr(function, "__self__"), name
        assert function.__globals__ == {"__builtins__": {}}, name
    # and still do their work
    due = functions.without_ballots()["due_at"]("unit_head_signoff", "deadline")
    assert isinstance(due, str) and due[:2] == "20"


# --- at load: copies of the diagrams, each with one escape ------------------------------------

HOSTILE = "().__class__.__bases__[0].__subclasses__()"


def _copy(tmp_path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "bpmn"
    shutil.copytree(DEFAULT_BPMN_DIR, target)
    path = target / file
    source = path.read_text(encoding="utf-8")
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return target


def _where(directory: Path, file: str, needle: str) -> tuple[str, int]:
    """The id of the element holding `needle` (or its nearest ancestor's) and its line."""
    tree = etree.parse(str(directory / file))
    for node in tree.iter():
        if isinstance(node.tag, str) and node.text and needle in node.text:
            owner = node
            while not owner.get("id"):
                owner = owner.getparent()
            return owner.get("id"), node.sourceline
    raise AssertionError(f"{needle!r} not in {file}")


PLACES = {
    "gateway condition": (
        "proposal.bpmn",
        "decision == 'reject'",
        f"decision == 'reject' or {HOSTILE}",
    ),
    "timer timeDate": (
        "proposal.bpmn",
        'due_at("unit_head_signoff", "reminder")',
        'due_at.__func__.__globals__["os"]',
    ),
    "award_route.dmn cell": (
        "award_route.dmn", '<text>"director"</text>', "<text>ballot_result.__globals__</text>"
    ),
    "eligibility.dmn output cell": (
        "eligibility.dmn",
        "<text>cstdcs_streak &gt;= 3</text>",
        f"<text>{escape(chr(34) + '{0.__class__}' + chr(34) + '.format(year)')}</text>",
    ),
    "eligibility.dmn input cell": (
        "eligibility.dmn",
        '<text>? in ("ND98_2023", "ND152_2025")</text>',
        "<text>? in [(x for x in ()).gi_frame]</text>",
    ),
    "lambda in a gateway": ("proposal.bpmn", "decision == 'reject'", "(lambda: True)()"),
}  # fmt: skip


@pytest.fixture(params=list(PLACES))
def hostile(request, tmp_path):
    file, old, new = PLACES[request.param]
    directory = _copy(tmp_path, file, old, new)
    needle = new.removeprefix("<text>").removesuffix("</text>")
    needle = needle.replace("&gt;", ">").replace("&quot;", '"').split(" or ")[-1][:12]
    element, line = _where(directory, file, needle)
    return directory, file, element, line


def test_the_registry_refuses_the_file_naming_element_and_line(hostile):
    directory, file, element, line = hostile
    with pytest.raises(DiagramError) as caught:
        ProcessRegistry.load(role_codes(), directory)
    error = caught.value
    assert (error.file, error.element, error.line) == (file, element, line), str(error)
    assert "unsafe expression" in str(error) and f"line {line}" in str(error)


def test_tdkt_init_and_start_up_refuse_a_hostile_copy(hostile, tmp_path, monkeypatch, db_url):
    directory, file, element, line = hostile
    monkeypatch.setenv("TDKT_BPMN_DIR", str(directory))
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TDKT_DATABASE_URL", f"sqlite:///{tmp_path / 'init.sqlite'}")
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 1
    assert f"{file}, line {line}, element '{element}'" in result.output
    with pytest.raises(DiagramError, match=element):
        create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "t"})


def test_tdkt_init_as_the_readme_runs_it_refuses_a_hostile_diagram(tmp_path):
    directory = _copy(tmp_path, *PLACES["timer timeDate"])
    env = {
        **os.environ,
        "TDKT_BPMN_DIR": str(directory),
        "TDKT_DATA_DIR": str(tmp_path / "data"),
        "TDKT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite'}",
    }
    tdkt = Path(sys.executable).with_name("tdkt")
    done = subprocess.run([str(tdkt), "init"], env=env, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert "element 'timer_remind_unit_head_signoff'" in done.stderr
    assert "attribute access" in done.stderr


# --- a process version edited in the database -------------------------------------------------


def _file_one(client) -> tuple[Api, int]:
    nominator = Api(client, token_for(client, "vanthu.cntt"))
    pid = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    complete_dossier(nominator, pid)  # so that submitting reaches the process
    return nominator, pid


def _tamper(session, sql: str, **params) -> ProcessVersion:
    session.execute(text(sql), params)
    session.commit()
    session.expire_all()
    row = session.scalars(select(ProcessVersion)).one()
    # A fresh worker: nothing built in this process yet.
    storage.forget(row.content_hash)
    return row


def test_a_spec_row_edited_with_sql_is_refused_when_a_process_continues(client, session):
    nominator, pid = _file_one(client)
    before = session.get(Proposal, pid).status
    _tamper(
        session,
        "UPDATE process_version SET spec_json = replace(spec_json, :old, :new)",
        old="decision == 'reject'",
        new=f"decision == 'reject' or {HOSTILE}",
    )
    response = nominator.call("POST", f"/proposals/{pid}/submit")
    assert response.status_code == 500
    assert response.get_json()["code"] == "process_version_tampered"
    assert "spec_json" in response.get_json()["message"]
    session.expire_all()
    assert session.get(Proposal, pid).status == before  # nothing written


def _as_a_worker_starts(row: ProcessVersion) -> None:
    # A fresh worker as `webapp.create_app` leaves it: the files on disk parsed at start-up and
    # offered for their row, which is then checked against them instead of parsed again.
    storage.forget(row.content_hash)
    versions.offer(versions.parsed_runtime(read_diagrams(), role_codes()))


def test_a_spec_row_edited_with_sql_is_refused_by_a_worker_that_parsed_the_files(client, session):
    nominator, pid = _file_one(client)
    row = _tamper(
        session,
        "UPDATE process_version SET spec_json = replace(spec_json, :old, :new)",
        old="decision == 'reject'",
        new=f"decision == 'reject' or {HOSTILE}",
    )
    _as_a_worker_starts(row)
    response = nominator.call("POST", f"/proposals/{pid}/submit")
    assert response.status_code == 500
    assert response.get_json()["code"] == "process_version_tampered"


def test_the_files_parsed_at_start_serve_their_row_without_a_parse(client, session, monkeypatch):
    nominator, pid = _file_one(client)
    row = session.scalars(select(ProcessVersion)).one()
    _as_a_worker_starts(row)

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(versions, "parse", no_parse)
    assert nominator.call("POST", f"/proposals/{pid}/submit").status_code == 200
    assert storage.cached(row.content_hash) is not None


def test_sources_edited_with_a_matching_hash_are_still_refused(client, session):
    """Whoever rewrites the sources can recompute the hash: the rebuilt spec is checked too."""
    _file_one(client)
    row = session.scalars(select(ProcessVersion)).one()
    sources = json.loads(row.sources_json)
    sources["proposal.bpmn"] = sources["proposal.bpmn"].replace(
        "decision == 'reject'", f"decision == 'reject' or {HOSTILE}", 1
    )
    _tamper(
        session,
        "UPDATE process_version SET sources_json = :s, content_hash = :h",
        s=json.dumps(sources, ensure_ascii=False),
        h=content_hash_of(sources),
    )
    with pytest.raises(versions.VersionTampered, match="unsafe expression"):
        versions.verify_all(session)


def test_tdkt_init_refuses_a_database_whose_spec_was_edited(tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TDKT_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    with sqlite3.connect(tmp_path / "db.sqlite") as conn:
        conn.execute("UPDATE process_version SET spec_json = replace(spec_json, 'round', 'x')")
    storage.forget(content_hash_of(ProcessRegistry.load(role_codes()).diagrams.sources))
    result = runner.invoke(main, ["init"])
    assert result.exit_code == 1 and "spec_json" in result.output, result.output


def test_a_dmn_cell_that_skipped_the_load_check_is_refused_when_evaluated():
    """DecisionTable.parse alone (no check_cells) and the cell still cannot run: the table's
    own compiled-cell environment checks each text before compiling it."""
    source = (DEFAULT_BPMN_DIR / "eligibility.dmn").read_text(encoding="utf-8")
    hostile = source.replace(
        "<text>cstdcs_streak &gt;= 3</text>", "<text>().__class__.__bases__</text>", 1
    )
    table = DecisionTable.parse(hostile, "eligibility.dmn")
    [rule] = [r for r in table.rules if r.id.startswith("Rule_CSTD_TINH_streak")]
    with pytest.raises(DiagramError, match="UnsafeExpression"):
        table.outputs(rule, table.context({"year": 2025, "cstdcs_streak": 3}))
