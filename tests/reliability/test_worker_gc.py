"""A served worker keeps what start-up built out of the garbage collector's full passes
(issue 19: a full collection over it cost one request ~180 ms)."""

from __future__ import annotations

import subprocess
import sys

from scripts.liveserver import ROOT

_PROBE = """
import gc
import webapp.wsgi
print(gc.get_freeze_count())
"""


def test_the_wsgi_entry_freezes_what_start_up_built(db_url, tmp_path):
    env = {
        "PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin",
        "TDKT_DATABASE_URL": db_url,
        "TDKT_DATA_DIR": str(tmp_path),
        "TDKT_SECRET_KEY": "probe",
    }
    frozen = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.split()[-1]
    assert int(frozen) > 50_000
