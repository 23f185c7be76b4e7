"""A real gunicorn server on 127.0.0.1 and a free port, for the reliability tests and scripts.

The server runs in a process group of its own, so `kill()` ends the master and every worker
at once (SIGKILL: no handler runs, no transaction is finished), exactly like a crash.
The master is also tied to the thread that started it (Linux: PR_SET_PDEATHSIG): when the test
process ends without its teardown (killed, a crashed pytest-xdist worker), the master gets
SIGKILL and its workers, finding their parent gone, stop; no server outlives the run.
The listening socket is bound here and handed to gunicorn (`--bind fd://N`): two servers
started at once (pytest-xdist workers) can never pick the same free port, and a test never
takes another server on that port for its own.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from scripts import dossier_files

ROOT = Path(__file__).resolve().parents[1]
#: the app of scripts/pausing_wsgi.py, whose completions wait PAUSE_VARIABLE seconds before commit
PAUSING_APP = "scripts.pausing_wsgi:app"
PAUSE_VARIABLE = "TDKT_TEST_PAUSE_BEFORE_COMMIT"
#: written to the server's output when the pause begins, so a test knows when to kill
PAUSED_MARKER = "tdkt-test: paused before commit"


#: prctl(2) option: the signal a process gets when the thread that forked it ends
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """A preexec_fn: SIGKILL to the child when its parent goes (Linux; elsewhere nothing)."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _no_control_socket() -> list[str]:
    # gunicorn 25+ opens a control socket at one fixed path per user: two servers would fight.
    from gunicorn.config import KNOWN_SETTINGS

    return (
        ["--no-control-socket"]
        if any("--no-control-socket" in (s.cli or ()) for s in KNOWN_SETTINGS)
        else []
    )


class LiveServer:
    def __init__(
        self,
        database_url: str,
        data_dir: Path,
        *,
        workers: int = 3,
        threads: int = 4,
        app: str = "webapp.wsgi:app",
        env: dict[str, str] | None = None,
    ):
        self.database_url, self.data_dir = database_url, Path(data_dir)
        self.workers, self.threads, self.app = workers, threads, app
        self.extra_env = env or {}
        self.port = 0
        self.log_path = self.data_dir / "server.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> LiveServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        env = {
            **os.environ,
            "TDKT_DATABASE_URL": self.database_url,
            "TDKT_DATA_DIR": str(self.data_dir),
            "TDKT_SECRET_KEY": os.environ.get("TDKT_SECRET_KEY") or secrets.token_hex(16),
            "PYTHONPATH": str(ROOT),
            **self.extra_env,
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--bind",
            f"fd://{listener.fileno()}",
            "--timeout",
            "120",
            "--graceful-timeout",
            "10",
            *_no_control_socket(),
            self.app,
        ]
        with listener, open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                pass_fds=(listener.fileno(),),
                preexec_fn=_die_with_parent(),
            )
        # Only the server holds the socket now: once it is gone, connections are refused.
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at start-up:\n{self.log_tail()}")
            try:
                if self.request("GET", "/login", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.log_tail()}")

    def request(
        self,
        method: str,
        path: str,
        body: dict | None = None,
        token: str | None = None,
        timeout: float = 60,
        raw: tuple[bytes, str] | None = None,
    ) -> tuple[int, object]:
        """One HTTP request on a connection of its own; returns (status, decoded JSON or None).
        `raw`: a body already encoded and its Content-Type (a multipart upload), instead of JSON.
        """
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"Content-Type": raw[1] if raw else "application/json"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            payload = raw[0] if raw else json.dumps(body).encode() if body is not None else None
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            is_json = response.getheader("Content-Type", "").startswith("application/json")
            return response.status, json.loads(raw) if raw and is_json else None
        finally:
            conn.close()

    def complete_dossier(self, proposal_id: int, token: str) -> None:
        """Attach one file per required item of the proposal's checklist, so it can be
        submitted (scripts/dossier_files.py)."""
        _, detail = self.request("GET", f"/api/v1/proposals/{proposal_id}", token=token)
        for kind in dossier_files.missing(detail if isinstance(detail, dict) else {}):
            path = f"/api/v1/proposals/{proposal_id}/attachments"
            status, answer = self.request(
                "POST", path, token=token, raw=dossier_files.multipart(kind)
            )
            if status != 201:
                raise RuntimeError(f"upload {kind} to {proposal_id}: {status} {answer}")

    def token(self, username: str, password: str) -> str:
        status, body = self.request(
            "POST", "/api/v1/auth/token", {"username": username, "password": password}
        )
        if status != 201:
            raise RuntimeError(f"no token for {username}: {status} {body}\n{self.log_tail()}")
        return body["token"]

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL to the master and every worker: a crash, not a shutdown."""
        self._signal(signal.SIGKILL)

    def stop(self) -> None:
        self._signal(signal.SIGTERM, grace=15)

    def _signal(self, sig: int, grace: float = 10) -> None:
        if self.process is None:
            return
        # A master already gone (it died, and poll() reaped it) may have left workers: the
        # group is ended all the same.
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=grace)
        # SIGKILL leaves the master no time to reap its workers, and a worker may outlive a
        # master that ignored SIGTERM too long: the whole group goes.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=grace)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
