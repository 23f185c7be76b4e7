"""The suite leaves no process behind: a check at the end of each test process (each xdist worker).

Servers, workers, browsers and benchmark scripts that tests start are children of the test
process. At the start of the session the test process becomes a *child subreaper* (Linux
prctl), so a process that loses its parent (a gunicorn worker whose master was killed, a
helper that daemonises) is adopted by the test process instead of by init, and stays in view.
After each test the live descendants are noted with the test that was running, so that the
report names who started what. At the end of the session, after every other session fixture
has been torn down, any descendant still alive is killed and fails the run.

Only /proc is read (Linux); elsewhere the check has nothing to look at and passes.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

PR_SET_CHILD_SUBREAPER = 36
#: how long processes still exiting (a browser closing, a server stopping) are given at the end
GRACE_SECONDS = 10


def become_subreaper() -> bool:
    """Orphaned descendants are re-parented to this process instead of init (Linux ≥ 3.4)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _stat(pid: int) -> tuple[str, int] | None:
    """(state letter, process group) of a process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()  # the command name in (…) may hold spaces
    return fields[0], int(fields[2])


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
    return found


def descendants(pid: int | None = None) -> list[int]:
    """Every process under `pid` (default: this one), zombies included."""
    todo, seen = _children(pid or os.getpid()), []
    while todo:
        child = todo.pop()
        if child not in seen:
            seen.append(child)
            todo += _children(child)
    return seen


def alive(pids: list[int]) -> list[int]:
    """Those of `pids` that still run (not zombies waiting to be reaped)."""
    return [p for p in pids if (stat := _stat(p)) is not None and stat[0] not in "ZX"]


def command_line(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()[:200]


def reap() -> None:
    """Collect the exit status of adopted children that ended (they would stay zombies)."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def kill(pids: list[int]) -> None:
    """SIGKILL each process, and its process group when it leads one of its own."""
    own_group = os.getpgrp()
    for pid in pids:
        stat = _stat(pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if stat is not None and stat[1] == pid and pid != own_group:
                os.killpg(pid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)


def left_behind(pid: int, grace: float = GRACE_SECONDS) -> list[int]:
    """Live processes of the group `pid` leads, once its leader has exited (a script that
    started servers and did not stop them).

    A server's workers may still be exiting when the script that stopped it returns (seen: a
    gunicorn worker a moment after its master): they get `grace` seconds to end before they
    count. A process that ends becomes a zombie of this (subreaper) process, which `alive`
    leaves out, so nothing is reaped here that a test's own Popen still waits for."""
    deadline = time.monotonic() + grace
    while True:
        found = [p for p in alive(descendants()) if (_stat(p) or ("", 0))[1] == pid]
        if not found or time.monotonic() >= deadline:
            return found
        time.sleep(0.1)


def run_script(
    args: list[str], *, cwd: Path, timeout: float, **kwargs
) -> subprocess.CompletedProcess:
    """Run a command in a process group of its own and wait for it; then fail if anything it
    started is still running (and kill it), or kill the whole group on a timeout."""
    process = subprocess.Popen(
        args,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kwargs,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill([process.pid])
        stdout, stderr = process.communicate()
        pytest.fail(f"{' '.join(args)} ran over {timeout} s:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    leftovers = left_behind(process.pid)
    described = [f"{p} {command_line(p)}" for p in leftovers]
    kill(leftovers)
    assert not leftovers, f"{' '.join(args)} left processes running: {described}"
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


class Watch:
    """Who started which process: the first test after which each one was seen alive."""

    def __init__(self) -> None:
        self.started_by: dict[int, str] = {}

    def note(self, nodeid: str) -> None:
        for pid in alive(descendants()):
            self.started_by.setdefault(pid, nodeid)

    def report(self, pids: list[int]) -> str:
        return "\n".join(
            f"  pid {pid}: {command_line(pid)}\n"
            f"    first seen after {self.started_by.get(pid, 'the session started')}"
            for pid in pids
        )


_watch = Watch()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    try:
        return (yield)
    finally:
        _watch.note(item.nodeid)


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind():
    """Set up before any other session fixture, so torn down after all of them: what still
    runs then was started by a test and never stopped."""
    become_subreaper()
    before = set(alive(descendants()))  # e.g. what a plugin started before the session
    yield
    deadline = time.monotonic() + GRACE_SECONDS
    while True:
        reap()
        leftovers = [p for p in alive(descendants()) if p not in before]
        if not leftovers or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if leftovers:
        report = _watch.report(leftovers)
        kill(leftovers)
        reap()
        pytest.fail(f"processes left running by the tests (now killed):\n{report}", pytrace=False)
