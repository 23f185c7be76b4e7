"""How the suite is shared between pytest-xdist workers (`make test` runs `-n auto`, with
`--dist loadgroup` from pyproject.toml).

Tests are handed out one by one, except those that share something costly to build: the browser
tests share one Chromium and one live server (session fixtures of tests/e2e), and a module
whose tests share a module-scoped fixture (the security tests' world of proposals) stays on one
worker, so each of these is built once and not once per worker.
"""

from __future__ import annotations

import pytest

#: tests under these folders of tests/ run on one worker together
TOGETHER = ("e2e",)


def _group(item: pytest.Item) -> str | None:
    parts = item.nodeid.split("/")
    if len(parts) > 2 and parts[1] in TOGETHER:
        return parts[1]
    info = getattr(item, "_fixtureinfo", None)
    for name in info.names_closure if info else ():
        definitions = info.name2fixturedefs.get(name) or ()
        if any(d.scope == "module" for d in definitions):
            return item.nodeid.split("::")[0]
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if not item.get_closest_marker("xdist_group") and (group := _group(item)):
            item.add_marker(pytest.mark.xdist_group(group))
