"""A served worker hands the memory its requests freed back to the system at intervals, and its
threads share two malloc arenas (issue 19, target "Memory": a worker's peak under the
benchmark's load was what glibc kept of what requests had freed)."""

from __future__ import annotations

import pytest

from tests.support.probes import probe, served
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
        answer = app({}, lambda *a: None)
        assert list(answer) == [b"ok"]
        assert not trims or trims[-1] < clock.now  # not before the answer is sent
        answer.close()  # as the server does once the body is written
    assert trims == [1.2, 2.3]


def test_a_failed_request_is_followed_by_a_trim_too():
    clock, trims = _Clock(), []
    app = heap.TrimmingHeap(_app, trimmer=lambda: trims.append(clock.now) or True, clock=clock)
    clock.now = 5.0
    with pytest.raises(RuntimeError):
        app({"fail": True}, lambda *a: None)
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
    assert probe(_PROBE, **served(db_url, tmp_path)).split()[-1] == "True"


_AFTER_A_LOGIN = """
import ctypes, sys
from webapp import heap

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "configured":
    heap.limit_arenas()
libc.free(libc.malloc(12 << 20))  # an Argon2 check's block, mapped then unmapped
before = libc.mallinfo2().hblks
block = libc.malloc(4 << 20)
print(libc.mallinfo2().hblks - before)
"""


def test_a_large_block_is_still_mapped_apart_after_a_login():
    def mapped_blocks(mode: str) -> int:
        return int(probe(_AFTER_A_LOGIN, mode).split()[-1])

    # glibc's own adjustment, which the worker turns off: the 4 MB block comes from the heap
    assert mapped_blocks("default") == 0
    assert mapped_blocks("configured") == 1
