"""Storing process versions and instance state.

The serialized spec is stored once per process version; an instance row holds
only the workflow's state and gets the spec put back when it is loaded.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.util.subworkflow import BpmnSubWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.task import Task

from workflows.engine.scripting import make_script_engine
from workflows.engine.state_converters import (
    SPEC_KEYS,
    SharedSpecConverter,
    StateOnlyConverter,
    SubWorkflowConverter,
    TaskStateConverter,
)
from workflows.engine.walk import Workflow

SERIALIZER = BpmnWorkflowSerializer(
    BpmnWorkflowSerializer.configure(
        {
            **SPIFF_CONFIG,
            BpmnWorkflow: SharedSpecConverter,
            BpmnSubWorkflow: SubWorkflowConverter,
            Task: TaskStateConverter,
        }
    )
)
#: the same format without the spec: what an instance row stores
STATE_SERIALIZER = BpmnWorkflowSerializer(
    BpmnWorkflowSerializer.configure(
        {
            **SPIFF_CONFIG,
            BpmnWorkflow: StateOnlyConverter,
            BpmnSubWorkflow: SubWorkflowConverter,
            Task: TaskStateConverter,
        }
    )
)


#: name → callable offered to a diagram's expressions
Functions = Mapping[str, Callable[..., object]]


@dataclass(frozen=True)
class Runtime:
    """The parsed spec of one process version, shared read-only by every request."""

    content_hash: str
    spec: object
    subprocess_specs: dict[str, object]
    #: the serialized spec in the format of the version row (for migrating old instances)
    spec_json: str

    def new_workflow(
        self, data: Mapping[str, object], functions: Functions | None = None
    ) -> BpmnWorkflow:
        """A new instance with `data`; `functions`: what its expressions may call besides the
        safe builtins (workflows.process.functions)."""
        workflow = Workflow(
            self.spec, self.subprocess_specs, script_engine=make_script_engine(functions)
        )
        workflow.data.update(data)
        # The start event copies workflow data into the first task.
        for task in workflow.get_tasks():
            task.data.update(data)
        return workflow

    def load(self, state_json: str, functions: Functions | None = None) -> BpmnWorkflow:
        dct = json.loads(state_json)
        if dct.pop(SERIALIZER.VERSION_KEY, None) == SERIALIZER.VERSION:
            dct["spec"], dct["subprocess_specs"] = self.spec, self.subprocess_specs
        else:
            # An older format migrates together with its spec (ARCHITECTURE.md, "Engine pitfalls").
            dct.update(json.loads(self.spec_json))
            SERIALIZER.migrate(dct)
        workflow: BpmnWorkflow = SERIALIZER.from_dict(dct)
        # The script engine is not serialized: the functions are given again at every load.
        workflow.script_engine = make_script_engine(functions)
        return workflow


def dump(workflow: BpmnWorkflow) -> str:
    """The instance's state as compact JSON: a few KB, against ~45 KB with the spec.

    What `serialize_json` does (encoder mode, version stamp, the library's encoder), written
    out so the text is encoded once, compactly, instead of encoded, parsed and encoded again.
    """
    registry = STATE_SERIALIZER.registry
    registry._encoder_mode = True
    try:
        dct = STATE_SERIALIZER.to_dict(workflow)
        dct[STATE_SERIALIZER.VERSION_KEY] = STATE_SERIALIZER.VERSION
        return json.dumps(dct, cls=STATE_SERIALIZER._encoder_cls, separators=(",", ":"))
    finally:
        registry._encoder_mode = False


_cache: dict[str, Runtime] = {}
_cache_lock = threading.Lock()


def cached(content_hash: str) -> Runtime | None:
    """The runtime of a version already built in this process, if any."""
    with _cache_lock:
        return _cache.get(content_hash)


def migrated_spec(spec_json: str, serializer_version: str) -> dict[str, Any]:
    """A stored spec in an older serializer format, migrated the way the library migrates a
    whole instance, as {"spec": ..., "subprocess_specs": ...}."""
    probe = dict(json.loads(spec_json), serializer_version=serializer_version)
    SERIALIZER.migrate(probe)
    return {key: probe[key] for key in SPEC_KEYS}


def spec_json_of(spec: object, subprocess_specs: Mapping[str, object]) -> str:
    """The serialized spec of a freshly parsed process, as a version row stores it."""
    workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=make_script_engine())
    full = json.loads(SERIALIZER.serialize_json(workflow))
    return json.dumps({key: full[key] for key in SPEC_KEYS}, separators=(",", ":"))


def forget(content_hash: str) -> None:
    """Drop a built runtime, so that the next use verifies its row again (a restore)."""
    with _cache_lock:
        _cache.pop(content_hash, None)


def remember(runtime: Runtime) -> Runtime:
    """Keep a built runtime for the process's lifetime; the first one built for a hash wins."""
    with _cache_lock:
        return _cache.setdefault(runtime.content_hash, runtime)
