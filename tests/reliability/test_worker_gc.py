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
