"""The web app with a pause just before a task completion commits — for the crash test only.

With TDKT_TEST_PAUSE_BEFORE_COMMIT=<seconds>, a request to …/complete or …/submit (both
complete a step) sleeps when its session commits: the engine has advanced and the service has
flushed every row (instance, inbox rows, proposal, audit event) into the open transaction, but
nothing is committed yet. The test kills the server there. The production entry point
(webapp.wsgi, `tdkt serve`) never imports this module.
"""

from __future__ import annotations

import os
import sys
import time

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from scripts.liveserver import PAUSE_VARIABLE, PAUSED_MARKER
from webapp import create_app

app = create_app()
_pause = float(os.environ.get(PAUSE_VARIABLE) or 0)

if _pause > 0:

    @event.listens_for(Session, "before_commit")
    def _pause_before_commit(_session: Session) -> None:
        if has_request_context() and request.path.endswith(("/complete", "/submit")):
            print(f"{PAUSED_MARKER} {request.path}", file=sys.stderr, flush=True)
            time.sleep(_pause)
