"""The price of the web worker's heap settings (`webapp/heap.py`) in CPU and page faults.

For each variant of the settings (`bench.heap_wsgi`), on a fresh database: `--workers`
gunicorn workers × 4 threads, a warm drive (2 clients per worker × 1 proposal), then
`--clients` × `--proposals` over HTTP. Read from /proc/<pid>/stat of each worker before and
after that drive: its CPU (utime + stime) and its minor page faults, summed over the workers
and divided by the completed tasks; and each worker's peak resident set (VmHWM). CPU time and
fault counts, not wall time: on a loaded machine they barely move with the other processes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bench.client import drive, tokens
from bench.common import peak_rss_kb
from bench.dbsetup import databases
from bench.server import Server

#: name → TDKT_BENCH_HEAP (bench/heap_wsgi.py); "production" is what webapp/heap.py sets
VARIANTS = {
    "glibc": "",
    "production": "arenas,mmap=128,trim",
    # each setting left out in turn
    "no-arenas": "mmap=128,trim",
    "no-mmap": "arenas,trim",
    "no-trim": "arenas,mmap=128",
    # a higher fixed threshold: still keeps a login's 12 MiB Argon2 block out of the heaps
    "mmap1m": "arenas,mmap=1024,trim",
    "mmap4m": "arenas,mmap=4096,trim",
}
_TICK = os.sysconf("SC_CLK_TCK")


def counters(pid: int) -> tuple[float, float, int]:
    """CPU seconds (user + system), of them the system's (the kernel's side of mmap, munmap,
    madvise and the faults), and minor page faults of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # after the command's name: state is field 3, minflt 10, utime 14, stime 15 (proc(5))
    return (int(fields[11]) + int(fields[12])) / _TICK, int(fields[12]) / _TICK, int(fields[7])


def run(kind: str, dbs, variant: str, args: argparse.Namespace) -> str:
    os.environ["TDKT_BENCH_HEAP"] = VARIANTS[variant]
    server = Server(dbs.new(kind, "heap"), args.workers, 4, dbs.tmp, app="bench.heap_wsgi:app")
    with server:
        token = tokens(server.port)
        drive(server.port, token, max(2, args.workers * 2), 1)
        pids = server.worker_pids()
        before = {pid: counters(pid) for pid in pids}
        tally, _wall = drive(server.port, token, args.clients, args.proposals)
        after = {pid: counters(pid) for pid in pids}
        peaks = sorted((peak_rss_kb(pid) / 1024 for pid in pids), reverse=True)
    tasks = len(tally.completion)
    cpu, system, faults = (sum(after[p][i] - before[p][i] for p in pids) for i in range(3))
    return (
        f"| {kind} | {variant} | {tasks} | {cpu / tasks * 1000:.2f} | "
        f"{system / tasks * 1000:.2f} | {faults / tasks:.0f} | "
        f"{' / '.join(f'{p:.0f}' for p in peaks)} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--proposals", type=int, default=13, help="proposals per client")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help=f"among {', '.join(VARIANTS)}"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each variant, interleaved")
    args = parser.parse_args(argv)
    kind = "postgresql" if args.postgres else "sqlite"
    print(
        "| database | variant | tasks | worker CPU ms / task | of it system | "
        "minor faults / task | peak MB |"
    )
    print("|---|---|---|---|---|---|---|")
    with databases(postgres=args.postgres) as dbs:
        for _ in range(args.repeat):
            for variant in args.variants.split(","):
                print(run(kind, dbs, variant, args), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
