"""A reduced run of scripts/concurrency.py: a real gunicorn server (3 workers), many clients.

On the suite's database: PostgreSQL when TDKT_TEST_DATABASE_URL names one, else SQLite.
"""

import pytest

from scripts import concurrency

# Stress: a real gunicorn server and many clients at once.
pytestmark = pytest.mark.slow

NOMINATOR_CLIENTS, FILINGS = 3, 2


def test_many_clients_at_once_lose_nothing_double_nothing_and_never_fail(db_url, tmp_path):
    report = concurrency.run(
        db_url,
        tmp_path / "server",
        clients=5 * NOMINATOR_CLIENTS,
        filings=FILINGS,
        ops=30,
        workers=3,
        seconds=120,
    )
    print(report.table())
    assert report.errors == 0, report.table()
    assert report.inconsistencies == [], report.table()
    # Every filing went through, and the reviewers did real work on them.
    assert sum(report.proposals.values()) == NOMINATOR_CLIENTS * FILINGS, report.table()
    assert report.statuses[201] == NOMINATOR_CLIENTS * FILINGS
    assert report.events["submitted"] == NOMINATOR_CLIENTS * FILINGS, report.table()
    reviews = sum(report.events[a] for a in ("approved", "decided", "returned", "rejected"))
    assert reviews >= NOMINATOR_CLIENTS * FILINGS, report.table()
