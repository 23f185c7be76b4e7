"""What the tests that start tdkt as the README does (`tdkt init`, `tdkt demo`, `tdkt serve` in
a fresh shell) share: a port of their own and the environment of that shell."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_ports(ports: range, n: int = 1) -> list[int]:
    """Up to `n` ports of `ports` that nothing listens on (a feature's own range: one machine,
    several people's servers); fewer when the range is taken."""
    found: list[int] = []
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == n:
            break
    return found


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a fresh shell: no TDKT_ setting the tests' own runs may have."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_")}
    env["PYTHONPATH"] = str(ROOT)
    return {**env, **extra}


TDKT = str(Path(sys.executable).parent / "tdkt")


def set_up(workdir: Path, env: dict[str, str]) -> None:
    """`tdkt init` and `tdkt demo` in `workdir`, as the README runs them."""
    for command in (["init"], ["demo", "--if-empty"]):
        subprocess.run([TDKT, *command], cwd=workdir, env=env, check=True, capture_output=True)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


@contextmanager
def tdkt_serve(workdir: Path, port: int, env: dict[str, str], workers: int = 1) -> Iterator[str]:
    """`tdkt serve` in `workdir` on `port`, without its background worker, until the block
    ends; yields its base URL once its login page answers."""
    process = subprocess.Popen(
        [TDKT, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        cwd=workdir,
        env={**env, "TDKT_SERVE_WORKER": "0"},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if _answers(f"{base}/login"):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"the server on {port} did not come up")
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=90)
