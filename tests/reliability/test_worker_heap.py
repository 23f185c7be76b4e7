"""A served worker hands the memory its requests freed back to the system at intervals, and its
threads share two malloc arenas (issue 19, target "Memory": a worker's peak under the
benchmark's load was what glibc kept of what requests had freed)."""

from __future__ import annotations

import subprocess
import sys

from scripts.liveserver import ROOT
from webapp import heap


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _app(environ, start_response):
    if environ.get("fail"):
        raise RuntimeError("the request failed")
    start_response("200 OK", [])
    return [b"ok"]


def test_the_heap_is_trimmed_after_a_request_once_per_interval():
    clock, trims = _Clock(), []
    app = heap.TrimmingHeap(
        _app, interval=1.0, trimmer=lambda: trims.append(clock.now) or True, clock=clock
    )
    for clock.now in (0.1, 0.5, 1.2, 1.5, 2.0, 2.3):
        assert app({}, lambda *a: None) == [b"ok"]
    assert trims == [1.2, 2.3]


def test_a_failed_request_is_followed_by_a_trim_too():
    clock, trims = _Clock(), []
    app = heap.TrimmingHeap(_app, trimmer=lambda: trims.append(clock.now) or True, clock=clock)
    clock.now = 5.0
    try:
        app({"fail": True}, lambda *a: None)
    except RuntimeError:
        pass
    assert trims == [5.0]


def test_glibc_trims_and_takes_an_arena_limit():
    # The machines tdkt runs on use glibc: without it both calls would do nothing, silently.
    assert heap.trim()
    assert heap.limit_arenas()


_PROBE = """
import webapp.wsgi
from webapp.heap import TrimmingHeap
print(isinstance(webapp.wsgi.app.wsgi_app, TrimmingHeap))
"""


def test_the_wsgi_entry_trims_the_heap_of_its_requests(db_url, tmp_path):
    env = {
        "PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin",
        "TDKT_DATABASE_URL": db_url,
        "TDKT_DATA_DIR": str(tmp_path),
        "TDKT_SECRET_KEY": "probe",
    }
    wrapped = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.split()[-1]
    assert wrapped == "True"
