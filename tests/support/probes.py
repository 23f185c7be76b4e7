"""A fresh interpreter run over a small script: what an import or a start-up leaves in a process
is seen without what the test process has already imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scripts.liveserver import ROOT


def probe(script: str, *args: str, **env: str) -> str:
    """The standard output of `python -c script args…` in the repository, with `env` set."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", **env},
    ).stdout


def served(db_url: str, data_dir: Path) -> dict[str, str]:
    """The environment `webapp.wsgi` starts from, as `tdkt serve` gives it to gunicorn."""
    return {
        "TDKT_DATABASE_URL": db_url,
        "TDKT_DATA_DIR": str(data_dir),
        "TDKT_SECRET_KEY": "probe",
    }
