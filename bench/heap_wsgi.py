"""`webapp.wsgi` with the heap's settings chosen by the environment, for `bench.heap_cost` only.

TDKT_BENCH_HEAP is a comma-separated list of what `webapp/heap.py` sets in a served worker:
`arenas` (M_ARENA_MAX), `mmap=<KiB>` (M_MMAP_THRESHOLD), `trim` (malloc_trim at most once a
second after a request); empty, none of them: glibc's defaults. The switch lives here, not in
the application: a served worker always runs with the settings `webapp.heap` chose.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from webapp import heap

SETTINGS = [s for s in os.environ.get("TDKT_BENCH_HEAP", "").split(",") if s]


def _chosen_limits() -> bool:
    libc = heap._LIBC
    if libc is None:
        return False
    for setting in SETTINGS:
        name, _, value = setting.partition("=")
        if name == "arenas":
            libc.mallopt(heap.M_ARENA_MAX, int(value or heap.ARENAS))
        elif name == "mmap":
            libc.mallopt(heap.M_MMAP_THRESHOLD, int(value) * 1024)
        elif name != "trim":
            raise SystemExit(f"TDKT_BENCH_HEAP: unknown setting {setting!r}")
    return True


def _untrimmed(app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    return app


# webapp.wsgi calls both through the module when it is imported, as a worker starts.
setattr(heap, "limit_arenas", _chosen_limits)  # noqa: B010
if "trim" not in SETTINGS:
    setattr(heap, "TrimmingHeap", _untrimmed)  # noqa: B010

from webapp.wsgi import app  # noqa: E402

__all__ = ["app"]
