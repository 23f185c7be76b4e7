"""A served worker keeps what start-up built out of the garbage collector's full passes
(issue 19: a full collection over it cost one request ~180 ms)."""

from __future__ import annotations

from tests.support.probes import probe, served

_PROBE = """
import gc
import webapp.wsgi
print(gc.get_freeze_count())
"""


def test_the_wsgi_entry_freezes_what_start_up_built(db_url, tmp_path):
    frozen = probe(_PROBE, **served(db_url, tmp_path)).split()[-1]
    assert int(frozen) > 50_000


_BENCH_PROBE = """
import gc, sys
from bench.inprocess import served_app
served_app(sys.argv[1])
print(gc.get_freeze_count())
"""


def test_the_in_process_benchmarks_measure_the_app_as_a_worker_holds_it(db_url, tmp_path):
    """bench.request_cost and the profiles time requests in-process: unfrozen, every full
    collection walked start-up's objects, a cost in their figures that no served worker pays."""
    frozen = probe(_BENCH_PROBE, db_url, **served(db_url, tmp_path)).split()[-1]
    assert int(frozen) > 50_000
