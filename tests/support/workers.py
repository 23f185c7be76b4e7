"""How the suite is shared between pytest-xdist workers (`make test` runs `-n auto`).

Tests go out file by file (`--dist loadfile` in pyproject.toml), so a module-scoped fixture
(the security tests' world of proposals) is built once, on the worker that runs the module,
and the browser tests (tests/e2e: one Chromium and one live server, session fixtures) go out
as one unit, so one worker starts them once. Everything else a worker builds for itself
(template database, temporary folders, servers on sockets of their own): tests/support.

Why not `--dist loadgroup` with `xdist_group` marks: pytest-xdist 3.8 records a group by
rewriting `item._nodeid`, which pytest 9 no longer reads, so the marks are silently ignored.
"""

from __future__ import annotations

import pytest

#: folders of tests/ whose files go to one worker together
TOGETHER = ("tests/e2e/",)


def _scope(file_scope: str) -> str:
    return next((folder for folder in TOGETHER if file_scope.startswith(folder)), file_scope)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadfile":
        return None  # another --dist asked for on the command line: xdist's own
    from xdist.scheduler import LoadFileScheduling

    class FilesAndFolders(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope(super()._split_scope(nodeid))

    return FilesAndFolders(config, log)
