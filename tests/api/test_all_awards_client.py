"""The held-back check: scripts/all_awards_client.py, which knows only API v1 and the demo's
accounts, runs all 17 awards to their decision on a server started as the README starts one
from a fresh clone (`tdkt init && tdkt demo && tdkt serve`, the whole demo story, in a data
directory of its own), not on the test template."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts import all_awards_client
from scripts.liveserver import free_port

pytestmark = pytest.mark.slow  # the demo's story and 17 proposals walked: over a minute

ROOT = Path(__file__).resolve().parents[2]
TDKT = Path(sys.executable).with_name("tdkt")


def _environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TDKT_")}
    return {**env, "TDKT_DATA_DIR": str(data_dir), "TDKT_SERVE_WORKER": "0"}


def _wait_ready(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"tdkt serve ended: {log.read_text()[-2000:]}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        with contextlib.suppress(OSError):
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                conn.close()
                return
        conn.close()
        time.sleep(0.3)
    raise AssertionError(f"tdkt serve not ready: {log.read_text()[-2000:]}")


def test_the_outside_client_runs_every_award_on_the_demo(tmp_path, capsys):
    env = _environment(tmp_path / "data")
    for command in (["init"], ["demo"]):
        subprocess.run([TDKT, *command], cwd=tmp_path, env=env, check=True, capture_output=True)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [TDKT, "serve", "--port", str(port), "--workers", "1", "--no-access-log"],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_ready(port, server, log)
        base = f"http://127.0.0.1:{port}"
        money_before = _bonuses(base)
        status = all_awards_client.main([base])
        money_after = _bonuses(base)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    table = capsys.readouterr().out
    assert status == 0, table + log.read_text()[-3000:]
    rows = [line for line in table.splitlines() if "⇒" in line]
    assert len(rows) == 17, table
    # the upward awards went through the Chairman's submission to the higher decision
    assert sum("chairman_submit → await_decision" in row for row in rows) == 7, table
    assert table.rstrip().endswith("17 awards decided, 0 not")

    # The money page of `make run` is not empty before any decision: the demo's 2023–2024
    # history with its estimated amounts; the decisions just made count beside it.
    sources = {year: {(x["source"], x["estimated"]) for x in lines} for year, lines in money_before}
    assert sources[2023] == sources[2024] == {("import", True)}, money_before
    after = dict(money_after)
    this_year = max(after)
    assert ("decision", False) in {(x["source"], x["estimated"]) for x in after[this_year]}


def _bonuses(base: str) -> list[tuple[int, list[dict]]]:
    demo = all_awards_client.Demo(base, all_awards_client.DEMO_PASSWORD)
    body = demo.as_user("chuyenvien.btdkt").call("GET", "/reports/bonuses?rollup=0")
    return [(y["year"], y["lines"]) for y in body["years"]]
