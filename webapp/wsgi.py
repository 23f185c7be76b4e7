"""WSGI entry point for gunicorn: `gunicorn -w 4 webapp.wsgi:app`."""

import ctypes
import ctypes.util
import gc

from webapp import create_app

app = create_app()


def _settle() -> None:
    """Leave start-up's garbage out of the frozen heap, and give back what it freed."""
    # Validating the diagrams at start-up parses each process (~5 MB of specs and lxml trees
    # apiece) and drops it in reference cycles: frozen uncollected, it would stay for ever.
    gc.collect()
    # What the parsers freed stays in the C allocator's heap, ~10 MB of a worker's resident
    # set (issue 19, target "Memory"): handed back to the system, not kept idle per worker.
    libc = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(libc), "malloc_trim", None) if libc else None
    if trim is not None:  # glibc only
        trim(0)


_settle()
# What start-up built (~170,000 objects: modules, the parsed diagrams, SQLAlchemy's mappers) lives
# as long as the worker. Left to the collector, every full collection walked all of it again:
# ~180 ms of one request's CPU every few hundred requests, the server's worst latency (issue 19,
# `bench/README.md`). Frozen, a full collection walks only what requests made.
gc.freeze()
