"""WSGI entry point for gunicorn: `gunicorn -w 4 webapp.wsgi:app`."""

from webapp import create_app, heap

app = create_app()

# Before gunicorn starts the worker's threads: they share two arenas instead of one each, and
# what requests free goes back to the system every second (webapp/heap.py; issue 19).
heap.limit_arenas()
app.wsgi_app = heap.TrimmingHeap(app.wsgi_app)  # type: ignore[method-assign]
# Last, so that nothing start-up makes is left for the collector to walk at every request.
heap.settle_startup()
