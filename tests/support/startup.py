"""What every test's `create_app` repeats for the same result, done once per test process.

About a thousand tests each build an app on a fresh database, and its start-up was ~0.23 s of
CPU, most of it spent on the same work every time:

- Werkzeug compiles a URL builder (an `ast` module through `compile()`) twice per rule, 630
  rules per app: ~0.15 s. The builder is a plain function of the rule's own parts, taking the
  rule as its first argument, so identical rules of another app can share it: the cache is
  keyed on everything the generated code is made of.
- The shipped diagrams are parsed and validated (~0.04 s): the validation of the same files
  with the same roles and diagram functions gives the same registry, which is immutable. Only
  the shipped folder is cached: tests that load a folder of their own (broken or changed
  diagrams) always parse it, and a failure is never cached.
- Each new app has a new Jinja environment, which compiles every template it renders again
  (lexer, parser, code generator, `compile()`): measured at 45 % of the CPU of a test that
  files a proposal through the pages. Jinja's own hook for this, a bytecode cache, hands the
  next environment the code object: keyed on the template's name and file, its source's
  checksum (an edited template is compiled again) and every setting of the environment the
  generated code depends on.

Neither changes what the application does: only the repeated cost in one test process.
tests/test_startup_cache.py checks both caches hand back exactly what the uncached code builds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from werkzeug.routing.rules import Rule

from workflows.engine.diagrams import bpmn_dir, read_diagrams
from workflows.process import functions
from workflows.process.registry import ProcessRegistry

#: Werkzeug's own, for the test that compares
ORIGINAL_COMPILE_BUILDER = Rule._compile_builder
_builders: dict[tuple, Callable[..., Any]] = {}
_registries: dict[tuple, ProcessRegistry] = {}
#: Flask's own, for the test that compares
ORIGINAL_JINJA_ENVIRONMENT = Flask.create_jinja_environment


def builder_key(rule: Rule, append_unknown: bool) -> tuple:
    """Everything Rule._compile_builder reads: the trace of the rule, its defaults (their
    order names the arguments; a default inside the path is turned into text by its
    converter), and the rule's text, which names the function."""
    defaults = rule.defaults or {}
    return (
        rule.rule,
        append_unknown,
        tuple(rule._trace),
        tuple(
            (key, repr(value), type(rule._converters.get(key)).__qualname__)
            for key, value in defaults.items()
        ),
    )


def cached_builders(original: Callable) -> Callable:
    def _compile_builder(self: Rule, append_unknown: bool = True):
        key = builder_key(self, append_unknown)
        built = _builders.get(key)
        if built is None:
            built = _builders[key] = original(self, append_unknown)
        return built

    return _compile_builder


def cached_registry(original: Callable) -> Callable:
    def load(cls, roles, directory=None):
        if directory is not None:
            return original(roles, directory)
        key = (
            frozenset(roles),
            str(bpmn_dir()),
            read_diagrams().content_hash,
            frozenset(functions.DIAGRAM_FUNCTIONS),
        )
        registry = _registries.get(key)
        if registry is None:
            registry = _registries[key] = original(roles)
        return registry

    return classmethod(load)


def environment_key(env: Environment) -> tuple:
    """What the code Jinja generates for a template depends on besides its source: the
    lexer's settings, the extensions (flask-babel adds i18n after the environment is made, so
    this is read at each load), the code generator, and what autoescape and finalize are."""
    autoescape = env.autoescape
    return (
        type(env),
        env.code_generator_class,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        getattr(autoescape, "__func__", autoescape),
        getattr(env.finalize, "__func__", env.finalize),
        tuple(sorted(env.extensions)),
        getattr(env, "newstyle_gettext", None),
        tuple(
            sorted(
                (key, value)
                for key, value in env.policies.items()
                if isinstance(value, (str, int, bool, type(None)))
            )
        ),
    )


class SharedTemplateCode(BytecodeCache):
    """The code objects of compiled templates, shared by every environment of the process
    (code objects are immutable; each environment runs them in a namespace of its own)."""

    def __init__(self) -> None:
        self.codes: dict[tuple, Any] = {}

    def _key(self, bucket: Bucket) -> tuple:
        return (environment_key(bucket.environment), bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get(self._key(bucket))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[self._key(bucket)] = bucket.code

    def clear(self) -> None:
        self.codes.clear()


templates = SharedTemplateCode()


def cached_templates(original: Callable) -> Callable:
    def create_jinja_environment(self: Flask) -> Environment:
        env = original(self)
        if env.bytecode_cache is None:  # an app that brings its own keeps it
            env.bytecode_cache = templates
        return env

    return create_jinja_environment


@pytest.fixture(scope="session", autouse=True)
def start_up_once():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Rule, "_compile_builder", cached_builders(ORIGINAL_COMPILE_BUILDER))
        patch.setattr(ProcessRegistry, "load", cached_registry(ProcessRegistry.load))
        patch.setattr(
            Flask, "create_jinja_environment", cached_templates(ORIGINAL_JINJA_ENVIRONMENT)
        )
        yield
