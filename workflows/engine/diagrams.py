"""Loading, validating and identifying the process diagrams in bpmn/.

A process version is identified by the SHA-256 of every diagram file's name and
bytes, so a running proposal can keep the version it started on while the files
change underneath it. bpmn/ holds several processes (the proposal, and the cases of
workflows.cases); each has its own version row, so the hash of a process other than the
proposal's also covers its id (`version_hash`): the proposal's stays what it always was, and
the rows stored before there were other processes still verify.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser

from workflows.engine import expressions
from workflows.engine.scripting import SAFE_BUILTINS

PROCESS_ID = "tdkt_proposal"
DEFAULT_BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"
REQUIRED_PROPERTIES = ("stage", "form", "actions")


class DiagramError(Exception):
    """A diagram file is invalid; the message names the file, the element and the line."""

    def __init__(self, message: str, file: str, element: str = "", line: int | str = ""):
        self.file, self.element, self.line = file, element, line
        where = (
            file
            + (f", line {line}" if line else "")
            + (f", element '{element}'" if element else "")
        )
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class DiagramSet:
    """The source files of one process version and their content hash."""

    sources: dict[str, str]
    content_hash: str
    process_id: str = PROCESS_ID
    known_roles: frozenset[str] = field(default_factory=frozenset)


def bpmn_dir() -> Path:
    return Path(os.environ.get("TDKT_BPMN_DIR", DEFAULT_BPMN_DIR))


def read_diagrams(directory: Path | None = None) -> DiagramSet:
    directory = directory or bpmn_dir()
    files = sorted(p for p in directory.iterdir() if p.suffix in (".bpmn", ".dmn"))
    if not files:
        raise DiagramError("no .bpmn or .dmn files found", str(directory))
    sources = {path.name: path.read_bytes().decode("utf-8") for path in files}
    return DiagramSet(sources=sources, content_hash=content_hash_of(sources))


def version_hash(sources: Mapping[str, str], process_id: str) -> str:
    """The identity of one process's version: the files' hash, with the process id for any
    process but the proposal's (whose rows predate the others and must keep their hash)."""
    if process_id == PROCESS_ID:
        return content_hash_of(sources)
    return content_hash_of({**sources, "\0process": process_id})


def for_process(diagrams: DiagramSet, process_id: str) -> DiagramSet:
    """The same files, as the version of another process they hold."""
    return DiagramSet(diagrams.sources, version_hash(diagrams.sources, process_id), process_id)


def process_ids(diagrams: DiagramSet) -> list[str]:
    """The executable processes the files define that no call activity calls: each is run on
    its own (the proposal's first), and each is validated at start-up."""
    ids: list[str] = []
    called: set[str] = set()
    for name, text in sorted(diagrams.sources.items()):
        if not name.endswith(".bpmn"):
            continue
        try:
            tree = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError as exc:
            raise DiagramError(f"not well-formed XML: {exc.msg}", name, line=exc.lineno) from exc
        for process in tree.iter("{*}process"):
            if process.get("isExecutable") == "true" and process.get("id"):
                ids.append(process.get("id"))
        called |= {c.get("calledElement") for c in tree.iter("{*}callActivity")}
    ordered = [pid for pid in ids if pid not in called]
    return sorted(ordered, key=lambda pid: (pid != PROCESS_ID, pid))


def content_hash_of(sources: Mapping[str, str]) -> str:
    """The SHA-256 over every file's name and bytes, in name order: a version's identity, and
    what a stored version's sources are verified against."""
    digest = hashlib.sha256()
    for name in sorted(sources):
        digest.update(name.encode() + b"\0" + sources[name].encode("utf-8") + b"\0")
    return digest.hexdigest()


def parse(
    diagrams: DiagramSet,
    known_roles: Collection[str] | None = None,
    known_stages: Collection[str] | None = None,
    functions: Collection[str] = (),
) -> tuple[BpmnProcessSpec, dict[str, BpmnProcessSpec]]:
    """Parse and validate; returns (spec, subprocess_specs) or raises DiagramError.

    `known_roles`, `known_stages`: what a user task's lane and property `stage` may name (the
    application's vocabulary); None: not checked. `functions`: the names the expressions may
    call besides the safe builtins (every expression is checked against the whitelist of
    workflows.engine.expressions)."""
    parser = SpiffBpmnParser(validator=BpmnValidator())
    trees: dict[str, etree._ElementTree] = {}
    for name, text in diagrams.sources.items():
        try:
            tree = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError as exc:
            raise DiagramError(f"not well-formed XML: {exc.msg}", name, line=exc.lineno) from exc
        trees[name] = tree
    check_expressions(trees, functions)
    try:
        # DMN first: business rule tasks look their decision up while the BPMN is parsed.
        for name, tree in trees.items():
            if name.endswith(".dmn"):
                parser.add_dmn_xml(tree, filename=name)
        for name, tree in trees.items():
            if name.endswith(".bpmn"):
                parser.add_bpmn_xml(tree, filename=name)
        spec = parser.get_spec(diagrams.process_id)
        subprocess_specs = parser.get_subprocess_specs(diagrams.process_id)
    except ValidationException as exc:
        # Some checks (DMN cells, for one) name the element but not where it is: look it up.
        file, line = exc.file_name, exc.line_number
        if exc.id and not (file and line):
            found_file, found_line = _locate(trees, exc.id)
            file, line = file or found_file, line or found_line
        raise DiagramError(str(exc).split("\n")[0], file or "?", exc.id or exc.tag, line) from exc
    except SpiffWorkflowException as exc:
        raise DiagramError(str(exc), "?") from exc
    _check_user_tasks(spec, trees, known_roles, known_stages)
    for process in (spec, *subprocess_specs.values()):
        _wire_loops(process)
    return spec, subprocess_specs


def _wire_loops(process: BpmnProcessSpec) -> None:
    """Merge each loop's finished instances into the loop, whichever process runs them.

    SpiffWorkflow 3.2.0 connects a loop to its instances' completion when it creates them, on
    the spec object, and again when it deserializes a spec. A parsed spec that is shared by a
    process's requests and never deserialized (workflows.engine.storage) has the connection only
    in a process that opened the loop itself: a council's last ballot counted by another
    gunicorn worker, or after a restart, completed its instance and left the loop waiting for
    ever, the round stuck before its Director. Connected here, as the library's deserializer
    does, every process's spec has it from the start."""
    for task_spec in process.task_specs.values():
        if isinstance(task_spec, LoopTask):
            instance = process.task_specs[task_spec.task_spec]
            if not instance.completed_event.is_connected(task_spec.merge_child):
                instance.completed_event.connect(task_spec.merge_child)


def check_expressions(trees: Mapping[str, etree._Element], functions: Collection[str]) -> None:
    """Every gateway condition, timer, script and DMN cell passes the whitelist, or the file is
    refused naming the element and the line."""
    callables = frozenset(SAFE_BUILTINS) | frozenset(functions)
    for name, tree in trees.items():
        for site in expressions.sites(tree):
            try:
                expressions.check(site.text, callables, site.mode)
            except expressions.UnsafeExpression as exc:
                if exc.syntax:
                    continue  # the library's parse reports it, naming the element as it does
                line = site.line + exc.line - 1 if site.line else ""
                raise DiagramError(
                    f"unsafe expression: {exc} ({site.text.strip()[:200]!r})",
                    name,
                    site.element,
                    line,
                ) from exc


def _check_user_tasks(
    spec: BpmnProcessSpec,
    trees: Mapping[str, etree._ElementTree],
    known_roles: Collection[str] | None,
    known_stages: Collection[str] | None,
) -> None:
    """The application's own rules: every user task names a known role and its step."""
    for task_spec in spec.task_specs.values():
        if not getattr(task_spec, "manual", False):
            continue
        file, line = _locate(trees, task_spec.bpmn_id)
        if not task_spec.lane:
            raise DiagramError("user task is not in a lane", file, task_spec.bpmn_id, line)
        if known_roles is not None and task_spec.lane not in known_roles:
            raise DiagramError(
                f"lane '{task_spec.lane}' is not a known role code", file, task_spec.bpmn_id, line
            )
        props = task_spec.extensions.get("properties", {})
        for key in REQUIRED_PROPERTIES:
            if not props.get(key):
                raise DiagramError(
                    f"user task lacks property '{key}'", file, task_spec.bpmn_id, line
                )
        if known_stages is not None and props["stage"] not in known_stages:
            raise DiagramError(
                f"unknown stage '{props['stage']}' (expected one of {', '.join(known_stages)})",
                file,
                task_spec.bpmn_id,
                line,
            )


def _locate(trees: Mapping[str, etree._ElementTree], element_id: str) -> tuple[str, int | str]:
    for name, tree in trees.items():
        found = tree.xpath("//*[@id=$id]", id=element_id)
        if found:
            return name, found[0].sourceline
    return "?", ""
