"""The application under gunicorn (`tdkt serve --workers N`), started and stopped by a benchmark."""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.common import children, peak_rss_kb
from bench.pg import free_port

REPO = Path(__file__).resolve().parents[1]
# `tdkt serve` replaces itself with gunicorn (execvp), so the pid we start is the master's.
TDKT = "import sys; from webapp.cli import main; sys.argv[0] = 'tdkt'; main()"


#: what `tdkt serve` gives gunicorn to serve
APP = "webapp.wsgi:app"


class Server:
    def __init__(
        self, url: str, workers: int, threads: int, data_dir: Path, app: str = APP
    ) -> None:
        self.url, self.workers, self.threads, self.app = url, workers, threads, app
        self.data_dir = data_dir
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log = data_dir / f"gunicorn-{self.port}.log"

    def start(self, timeout: float = 60) -> Server:
        env = dict(
            os.environ,
            TDKT_DATABASE_URL=self.url,
            TDKT_SECRET_KEY=secrets.token_hex(16),
            TDKT_DATA_DIR=str(self.data_dir),
        )
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(self._command(), cwd=REPO, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            if self._answers() and len(self.worker_pids()) == self.workers:
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not answer in {timeout}s: {self.log.read_text()[-2000:]}")

    def _command(self) -> list[str]:
        if self.app != APP:
            # Another entry point (bench.heap_wsgi): gunicorn as `tdkt serve` runs it.
            args = ["-m", "gunicorn", "--config", str(REPO / "gunicorn.conf.py")]
            args += ["--workers", str(self.workers), "--threads", str(self.threads)]
            return [sys.executable, *args, "--bind", f"127.0.0.1:{self.port}", self.app]
        args = ["serve", "--port", str(self.port), "--workers", str(self.workers)]
        # A log line per request is work the worker does that the figure is not about.
        args += ["--threads", str(self.threads), "--no-access-log"]
        # The background worker (timers, mail) is no part of what is measured, nor its memory.
        args += ["--no-worker"]
        return [sys.executable, "-c", TDKT, *args]

    def _answers(self) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            conn.request("GET", "/api/v1/openapi.json")
            response = conn.getresponse()
            response.read()
            return response.status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            conn.close()

    def worker_pids(self) -> list[int]:
        if self.proc is None:
            return []
        return children(self.proc.pid)

    def worker_peak_rss_kb(self) -> list[int]:
        return [peak_rss_kb(pid) for pid in self.worker_pids()]

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
