"""The suite's fixtures live in tests/support/ and are registered here as plugins, so that every
directory sees them without importing another conftest or test module.

TDKT_TEST_DATABASE_URL=postgresql+psycopg://… runs the suite on PostgreSQL (scripts/testdb.py).

The property tests (hypothesis, tests/security/test_bad_input_*.py) run under a profile named by
TDKT_HYPOTHESIS_PROFILE: "quick" by default (`make test`: every endpoint and form, a fifth of the
examples), "deep" for the full count (`make test-deep`). Both are derandomised, so a run tries
the same bodies every time and a failure found once is found again.
"""

import os

from hypothesis import HealthCheck, settings

_PROPERTY = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("quick", max_examples=20, **_PROPERTY)
settings.register_profile("deep", max_examples=100, **_PROPERTY)
settings.load_profile(os.environ.get("TDKT_HYPOTHESIS_PROFILE") or "quick")

pytest_plugins = [
    # first: cheap password hashes before any database is seeded
    "tests.support.hashing",
    # the app start-up's repeated work (URL builders, the shipped diagrams) done once
    "tests.support.startup",
    # compiled SQL shared by the engines of one test process (each test has a new engine)
    "tests.support.compiled_sql",
    "tests.support.databases",
    "tests.support.application",
    "tests.support.api",
    "tests.support.deadlines",
    "tests.support.processes",
    "tests.support.workers",
]
