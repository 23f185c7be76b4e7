"""The suite's start-up caches (tests/support/startup.py) hand back what the uncached code
builds, and are in place: a second app shares the first one's URL builders, registry and
compiled templates."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from tests.support import startup
from webapp import create_app
from workflows.engine.diagrams import read_diagrams
from workflows.process.registry import ProcessRegistry
from workflows.reference import role_codes

#: the code a builder is made of: equal for equal rules
CODE = ("co_code", "co_consts", "co_names", "co_varnames", "co_argcount", "co_name")


def _app(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TDKT_DATA_DIR", str(tmp_path))
    config = {"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "x"}
    return create_app(config)


def _code(function) -> tuple:
    return tuple(getattr(function.__code__, name) for name in CODE) + (function.__defaults__,)


def test_each_cached_url_builder_is_the_one_werkzeug_compiles(db_url, tmp_path, monkeypatch):
    first = _app(db_url, tmp_path, monkeypatch)
    second = _app(db_url, tmp_path, monkeypatch)
    rules = list(second.url_map.iter_rules())
    assert len(rules) > 100
    firsts = {(r.rule, r.endpoint): r for r in first.url_map.iter_rules()}
    for rule in rules:
        other = firsts[(rule.rule, rule.endpoint)]
        for append_unknown, built in ((False, rule._build), (True, rule._build_unknown)):
            # Shared with the first app's rule: the cache is in place...
            function = built.__func__
            assert function is (other._build_unknown if append_unknown else other._build).__func__
            # ...and holds what Werkzeug itself compiles for this rule.
            assert _code(function) == _code(startup.ORIGINAL_COMPILE_BUILDER(rule, append_unknown))
    # And the URLs built through the cache are right.
    with second.test_request_context():
        from flask import url_for

        assert url_for("auth.login") == "/login"
    for app in (first, second):
        app.extensions["tdkt_engine"].dispose()


def test_the_shipped_registry_is_validated_once_and_other_folders_always(tmp_path):
    registry = ProcessRegistry.load(role_codes())
    assert ProcessRegistry.load(role_codes()) is registry
    assert registry.diagrams.content_hash == read_diagrams().content_hash
    assert registry.roles == frozenset(role_codes())
    # A folder of its own is parsed each time (broken diagrams must always be refused).
    copy = tmp_path / "bpmn"
    copy.mkdir()
    for name, text in registry.diagrams.sources.items():
        (copy / name).write_text(text, encoding="utf-8")
    own = ProcessRegistry.load(role_codes(), copy)
    assert own is not registry and own is not ProcessRegistry.load(role_codes(), copy)
    assert own.diagrams.content_hash == registry.diagrams.content_hash


def test_a_second_app_renders_the_first_apps_template_code(db_url, tmp_path, monkeypatch):
    first = _app(db_url, tmp_path, monkeypatch)
    second = _app(db_url, tmp_path, monkeypatch)
    assert second.jinja_env.bytecode_cache is startup.templates
    first.jinja_env.get_template("base.html")
    compiled: list[str] = []
    original = second.jinja_env.compile

    def spy(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(source, name, filename, *args, **kwargs)

    monkeypatch.setattr(second.jinja_env, "compile", spy)
    template = second.jinja_env.get_template("base.html")
    assert compiled == []  # the cache is in place...
    # ...and holds what Jinja itself compiles for this source in this environment.
    source, filename, _ = second.jinja_env.loader.get_source(second.jinja_env, "base.html")
    fresh = Environment.compile(second.jinja_env, source, "base.html", filename)
    assert template.root_render_func.__code__ in fresh.co_consts
    for app in (first, second):
        app.extensions["tdkt_engine"].dispose()


def test_an_edited_template_or_other_settings_are_compiled_again():
    sources = {"page.html": "{% if true %}\nA{{ x }}{% endif %}"}

    def render(**settings) -> str:
        env = Environment(loader=DictLoader(sources), bytecode_cache=startup.templates, **settings)
        return env.get_template("page.html").render(x=1)

    assert render() == "\nA1"
    assert render(trim_blocks=True) == "A1"
    assert render() == "\nA1"
    sources["page.html"] = "B{{ x }}"
    assert render() == "B1"
