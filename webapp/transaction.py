"""The transaction edge of a web or API request: one commit when the answer is a success.

Services flush and never commit; views and API routes do not commit either. A request that may
write (POST, PUT, PATCH, DELETE) starts its transaction as a writer before anything reads, and
once its response is built:

- a success (2xx, or 3xx: the redirect after a form) commits, once, here;
- a refusal or a failure (4xx, 5xx, or an exception turned into one by webapp.errors) rolls
  back, so a failure mid-way leaves nothing half-written;
- a commit that fails (a lock wait that ran out, a serialisation failure) is answered by the
  error handlers (503 for OperationalError), never as the success the view meant to send.

A view marks the two exceptions to the status rule: `abandon()` when it caught a domain error
and still answers with a redirect or a page (nothing of the request is kept), and
`keep_despite_refusal()` when a refusal must leave a trace (a failed login's attempt).
Work that must wait for the data to be committed (deleting a file no row refers to) is queued
with `after_commit(...)`.

Requests that only read (GET, HEAD, OPTIONS) never commit: they do not take the write lock, so
they must not write, and their transaction is rolled back here. The session itself is closed at
teardown (webapp.extensions). Like indico's request handler (RH.process),
but at the Flask edge rather than in a handler class. CLI commands (webapp/cli) and the deadline
worker have edges of their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response, current_app, g, request
from flask import session as cookie_session

from models.database import begin_write
from webapp.extensions import db

log = logging.getLogger(__name__)

#: the methods whose requests may write, and so start as writers and may commit
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

#: g keys: how the view marked the request, and what waits for its commit
_MARK = "tdkt_tx_mark"
_AFTER_COMMIT = "tdkt_tx_after_commit"
_ABANDONED = "abandoned"
_KEEP = "keep"


def abandon() -> None:
    """Undo what the request wrote so far, now, and commit nothing of it whatever it answers.

    For a view that caught a domain error and answers with a redirect or re-renders its form:
    rolled back at once, so that the page built afterwards does not read (or autoflush) the
    failed work, and marked, so that a 2xx/3xx answer does not commit the rest.
    """
    db.session.rollback()
    setattr(g, _MARK, _ABANDONED)


def keep_despite_refusal() -> None:
    """Commit what the request wrote even if it answers with a refusal (4xx).

    For writes that are the refusal's record, as a failed login's attempt (workflows.directory
    .throttle): without it the throttle would never count. A server failure (5xx) still rolls
    back, and so does a request that `abandon()` was called for.
    """
    if g.get(_MARK) != _ABANDONED:
        setattr(g, _MARK, _KEEP)


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` once the request's data is committed; never if it is rolled back.

    Callbacks run in the request's context, in the order queued, in a new read transaction; one
    that fails is logged and does not change the answer (the commit has happened).
    """
    g.setdefault(_AFTER_COMMIT, []).append(callback)


def commits(status: int, method: str, mark: str | None = None) -> bool:
    """Whether a request answered with `status` commits (the rule, separate for its tests)."""
    if method not in WRITE_METHODS or mark == _ABANDONED:
        return False
    if mark == _KEEP:
        return status < 500
    return 200 <= status < 400


def register(app: Flask) -> None:
    """Install the edge. Called last in create_app, so that its after_request runs first among
    the application's: a response that replaces a failed commit still gets the security
    headers (webapp.security)."""

    @app.before_request
    def _writers_take_the_lock_first() -> None:
        # Before anything reads: SQLite must start a writing transaction as IMMEDIATE.
        if request.method in WRITE_METHODS:
            begin_write(db.session, at_first_statement=True)

    @app.after_request
    def _end_the_transaction(response: Response) -> Response:
        # Taken off `g`: a test that holds an app context around requests shares one `g`.
        mark, queued = g.pop(_MARK, None), g.pop(_AFTER_COMMIT, [])
        if not commits(response.status_code, request.method, mark):
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except Exception as exc:  # answered by the error handlers (503 for OperationalError)
            db.session.rollback()
            # The success the view flashed did not happen: it must not show on the error page
            # or the next one.
            cookie_session.pop("_flashes", None)
            return current_app.make_response(current_app.handle_user_exception(exc))
        _run(queued)
        return response


def _run(queued: list[Callable[[], object]]) -> None:
    for callback in queued:
        try:
            callback()
        except Exception:
            log.exception("after-commit work of %s %s failed", request.method, request.path)
