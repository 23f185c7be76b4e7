"""The background worker `tdkt serve` runs beside the server, so that one command runs it all.

`tdkt serve` starts `tdkt worker --parent-pid <its pid>` as a child and then becomes gunicorn
(exec keeps the pid). The worker ends with the server whichever way the server ends: Ctrl-C
reaches both (one process group), and when the server dies or is stopped otherwise the worker
is handed to another parent, sees it within a second and stops. The worker exits with 0 or 1
only: gunicorn reaps every child of its master and halts on its workers' boot-failure codes
(3, 4), which a worker of ours must never use.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

#: how often a supervised worker looks whether its server is still there (seconds)
PARENT_CHECK = 1.0

_COMMAND = "import sys; from webapp.cli import main; sys.exit(main())"


def start_worker(interval: float) -> subprocess.Popen:
    """`tdkt worker` as a child of this process, which will be the server's."""
    args = [sys.executable, "-c", _COMMAND, "worker", "--interval", str(interval)]
    return subprocess.Popen([*args, "--parent-pid", str(os.getpid())])


def parent_gone(parent_pid: int | None) -> bool:
    return parent_pid is not None and os.getppid() != parent_pid


def wait(
    seconds: float, parent_pid: int | None, sleep: Callable[[float], None] = time.sleep
) -> bool:
    """Sleep `seconds`, looking at the parent meanwhile; False when the parent went away."""
    deadline = time.monotonic() + seconds
    while True:
        if parent_gone(parent_pid):
            return False
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        sleep(min(left, PARENT_CHECK))
