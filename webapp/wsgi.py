"""WSGI entry point for gunicorn: `gunicorn -w 4 webapp.wsgi:app`."""

import gc

from webapp import create_app, heap

app = create_app()


def _settle() -> None:
    """Leave start-up's garbage out of the frozen heap, and give back what it freed."""
    # Validating the diagrams at start-up parses each process (~5 MB of specs and lxml trees
    # apiece) and drops it in reference cycles: frozen uncollected, it would stay for ever.
    gc.collect()
    # What the parsers freed stays in the C allocator's heap, ~10 MB of a worker's resident
    # set (issue 19, target "Memory"): handed back to the system, not kept idle per worker.
    heap.trim()


_settle()
# Before gunicorn starts the worker's threads: they share two arenas instead of one each, and
# what requests free goes back to the system every second (webapp/heap.py; issue 19).
heap.limit_arenas()
app.wsgi_app = heap.TrimmingHeap(app.wsgi_app)  # type: ignore[method-assign]
# What start-up built (~170,000 objects: modules, the parsed diagrams, SQLAlchemy's mappers) lives
# as long as the worker. Left to the collector, every full collection walked all of it again:
# ~180 ms of one request's CPU every few hundred requests, the server's worst latency (issue 19,
# `bench/README.md`). Frozen, a full collection walks only what requests made.
gc.freeze()
