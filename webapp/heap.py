"""The C heap of a web worker: fewer malloc arenas, and freed memory handed back as it runs.

A worker's resident set grew under load with what its four threads had freed but glibc kept:
under bench.engine_ratio's load (8 clients × 13 proposals) a worker's Python objects grew by
~12 MB (tracemalloc) while its resident set grew by 30–50 MB, all of it in the allocator's
heaps (issue 19, target "Memory", bench/README.md). glibc gives each thread its own arena, and
an arena keeps the pages of what was freed in it until it is trimmed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wsgi import ClosingIterator

#: mallopt's parameters (glibc's malloc.h)
M_ARENA_MAX, M_MMAP_THRESHOLD = -8, -3
#: blocks from this size up are mapped apart and unmapped when freed (glibc's initial value).
#: Set, it stays: left to glibc, freeing a mapped block raises the threshold to that block's
#: size, so after one login's Argon2 check (12 MiB until round eight, 7 MiB now) every block
#: below that size came from the heaps, and they were trimmed only past twice that free.
MMAP_THRESHOLD = 128 * 1024
#: arenas the threads of a worker share: two held its peak lowest under the benchmark's load
ARENAS = 2
#: seconds between two trims at most: a trim of a worker's ~100 MB heap costs ~1 ms of CPU
TRIM_INTERVAL = 1.0


def _libc() -> Any | None:
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name) if name else None
    # glibc only: another C library has neither call, and its own way of giving memory back
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


_LIBC = _libc()


def trim() -> bool:
    """Hand the pages of freed memory back to the system (every arena); False without glibc."""
    if _LIBC is None:
        return False
    _LIBC.malloc_trim(0)
    return True


def settle_startup() -> None:
    """Leave start-up's garbage out of the collector's sight for good: collect it, hand back
    the C heap it freed, and freeze what remains (it lives as long as the process).

    Validating the diagrams at start-up parses each process (~5 MB of specs and lxml trees
    apiece) and drops it in reference cycles: frozen uncollected, it would stay for ever. What
    stays (~170,000 objects: modules, the parsed diagrams, SQLAlchemy's mappers) was walked
    again by every full collection, left to the collector: ~180 ms of one request's CPU every
    few hundred requests, the server's worst latency (issue 19, `bench/README.md`).
    """
    gc.collect()
    # What the parsers freed stays in the C allocator's heap, ~10 MB of a worker's resident
    # set (issue 19, target "Memory"): handed back to the system, not kept idle per worker.
    trim()
    gc.freeze()


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Let the threads started after this share `arenas` heaps instead of one each, and keep
    large blocks out of the heaps."""
    if _LIBC is None:
        return False
    fixed = _LIBC.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    return bool(_LIBC.mallopt(M_ARENA_MAX, arenas)) and bool(fixed)


class TrimmingHeap:
    """WSGI middleware: after a request is answered, trim the heap if the last trim is
    `interval` old.

    At intervals rather than after every request: a trim walks every arena's free chunks, so
    once a second bounds its cost whatever the rate of requests, and a worker under load (the
    only time its heap grows) trims every second. One thread trims; the others do not wait.
    """

    def __init__(
        self,
        app: Callable[..., Iterable[bytes]],
        interval: float = TRIM_INTERVAL,
        trimmer: Callable[[], bool] = trim,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app, self.interval, self.trimmer, self.clock = app, interval, trimmer, clock
        self._lock = threading.Lock()
        self._last = clock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self._maybe_trim()
            raise
        # When the server closes the answer, i.e. after its body has gone to the client: the
        # trim's millisecond is not added to the answer's latency.
        return ClosingIterator(result, [self._maybe_trim])

    def _maybe_trim(self) -> None:
        if self.clock() - self._last < self.interval or not self._lock.acquire(blocking=False):
            return
        try:
            if self.clock() - self._last >= self.interval:
                self.trimmer()
                self._last = self.clock()
        finally:
            self._lock.release()
