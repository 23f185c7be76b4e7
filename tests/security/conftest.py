"""Fixtures of the security tests: a world of proposals shared by one module.

A module says what it needs with WORLD_CASES (department, step index) and WORLD_CONFIG;
building the world once per module keeps the matrix and the property tests fast.
"""

from __future__ import annotations

import pytest

from tests.support.world import close_world, make_world


@pytest.fixture(scope="module")
def world(request, databases, template_db, tmp_path_factory):
    directory = tmp_path_factory.mktemp("world")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TDKT_DATA_DIR", str(directory))
        for name, value in getattr(request.module, "WORLD_ENV", {}).items():
            patch.setenv(name, value)
        built = make_world(
            databases, template_db, directory, getattr(request.module, "WORLD_CONFIG", None)
        )
        for department, k in getattr(request.module, "WORLD_CASES", ()):
            built.file(department, k)
        for opening in getattr(request.module, "WORLD_OPEN", ()):
            opening(built)  # what else the module needs in the world (a case: WORLD_OPEN)
        # After the module's own cases, which the suites address by id (the blocs' years are
        # cases too, and would take the first ids).
        built.bloc_pledges()
        for username in getattr(request.module, "WORLD_TOKENS", ()):
            built.api(username)  # issued before the snapshot, so restoring keeps them
        built.snapshot()
        yield built
        close_world(built, databases)
