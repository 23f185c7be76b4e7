"""Peak memory of each web worker under a small concurrent run (issue 19, target "Memory").

`tdkt serve --workers 2 --no-worker` on a fresh database, driven by `bench.client.drive`, then
per worker: VmHWM (the peak resident set, the figure of the target) and, from
/proc/<pid>/smaps_rollup, what of the present resident set is the worker's own (private) and
its proportional share (PSS): RSS also counts the pages of shared libraries and the ones a
fork left shared with the master.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
from pathlib import Path

from bench.client import drive, tokens
from bench.common import peak_rss_kb
from bench.dbsetup import databases
from bench.server import REPO, Server


def rollup_kb(pid: int) -> dict[str, int]:
    """Rss, Pss and Private (clean + dirty) of a process now, in kB (empty when it is gone)."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return {}
    fields = {}
    for line in lines[1:]:
        name, _, rest = line.partition(":")
        fields[name] = int(rest.split()[0])
    return {
        "rss": fields.get("Rss", 0),
        "pss": fields.get("Pss", 0),
        "private": fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0),
    }


#: `tdkt worker --once`, printing its own VmHWM last: a child's ru_maxrss would count the pages of
#: this benchmark it was forked from (the maximum survives the exec), VmHWM starts afresh with it
_WORKER = (
    "import atexit, sys; from bench.common import peak_rss_kb; from webapp.cli import main; "
    "atexit.register(lambda: print('VmHWM', peak_rss_kb())); "
    "sys.argv = ['tdkt', 'worker', '--once']; main()"
)


def background_peak_kb(url: str, data_dir: Path) -> int:
    """The peak resident set of one pass of `tdkt worker` (timers, the mail outbox) on `url`."""
    env = dict(
        os.environ,
        TDKT_DATABASE_URL=url,
        TDKT_SECRET_KEY=secrets.token_hex(16),
        TDKT_DATA_DIR=str(data_dir),
    )
    done = subprocess.run(
        [sys.executable, "-c", _WORKER], cwd=REPO, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"tdkt worker --once failed: {done.stderr[-2000:]}")
    return int(done.stdout.split()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=2, help="concurrent client processes")
    parser.add_argument("--proposals", type=int, default=3, help="proposals per client")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="first drive 2 clients per worker × 1 proposal, as bench.engine_ratio does before "
        "its run (its load: --warm --clients 8 --proposals 13)",
    )
    parser.add_argument("--port", type=int, default=0, help="the server's port (0: any free)")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    args = parser.parse_args(argv)
    with databases(postgres=args.postgres) as dbs:
        kind = "postgresql" if args.postgres else "sqlite"
        server = Server(dbs.new(kind, "memory"), args.workers, 4, dbs.tmp)
        if args.port:
            server.port = args.port
        with server:
            pids = server.worker_pids()
            started = {pid: (peak_rss_kb(pid), rollup_kb(pid)) for pid in pids}
            token = tokens(server.port)
            # Which phase raised the peak: the logins (Argon2's 12 MiB each), the warm drive or
            # the run itself.
            phases = {pid: [peak_rss_kb(pid)] for pid in pids}
            if args.warm:
                drive(server.port, token, max(2, args.workers * 2), 1)  # as bench.engine_ratio
                for pid in pids:
                    phases[pid].append(peak_rss_kb(pid))
            tally, wall = drive(server.port, token, args.clients, args.proposals)
            print(f"{kind}: {len(tally.completion)} completions in {wall:.1f} s")
            for pid in server.worker_pids():
                now, (start_peak, start) = rollup_kb(pid), started.get(pid, (0, {}))
                steps = " → ".join(f"{kb / 1024:.1f}" for kb in phases.get(pid, []))
                print(
                    f"worker {pid}: after start-up VmHWM {start_peak / 1024:.1f} MB, RSS "
                    f"{start.get('rss', 0) / 1024:.1f} MB, "
                    f"private {start.get('private', 0) / 1024:.1f} MB; "
                    f"VmHWM after the logins{' → the warm drive' if args.warm else ''} {steps} MB; "
                    f"peak VmHWM {peak_rss_kb(pid) / 1024:.1f} MB; now RSS "
                    f"{now.get('rss', 0) / 1024:.1f} MB, PSS {now.get('pss', 0) / 1024:.1f} MB, "
                    f"private {now.get('private', 0) / 1024:.1f} MB"
                )
        # After the run: the notifications it wrote are the outbox the pass sends.
        peak = background_peak_kb(server.url, dbs.tmp)
        print(f"background worker (tdkt worker --once): peak VmHWM {peak / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
