"""WSGI entry point for gunicorn: `gunicorn -w 4 webapp.wsgi:app`."""

import gc

from webapp import create_app

app = create_app()

# What start-up built (~170,000 objects: modules, the parsed diagrams, SQLAlchemy's mappers) lives
# as long as the worker. Left to the collector, every full collection walked all of it again:
# ~180 ms of one request's CPU every few hundred requests, the server's worst latency (issue 19,
# `bench/README.md`). Frozen, a full collection walks only what requests made.
gc.freeze()
