"""The suite's fixtures live in tests/support/ and are registered here as plugins, so that every
directory sees them without importing another conftest or test module.

TDKT_TEST_DATABASE_URL=postgresql+psycopg://… runs the suite on PostgreSQL (scripts/testdb.py).
"""

pytest_plugins = [
    # first: cheap password hashes before any database is seeded
    "tests.support.hashing",
    "tests.support.databases",
    "tests.support.application",
    "tests.support.api",
    "tests.support.deadlines",
    "tests.support.processes",
    "tests.support.workers",
]
