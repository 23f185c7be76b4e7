"""Benchmark 1 and 4: the full stack over HTTP against the bare engine, and peak memory.

(a) the LĐTT path (submit, 3 approvals, one ballot per council member) on SpiffWorkflow
alone, serialised at each wait;
(b) the same path through gunicorn + Flask + SQLAlchemy + the database, several client
threads over real HTTP, one and two workers, SQLite and PostgreSQL.
Figures: completed tasks per second, completion latency p50/p95/p99, the ratio (b)/(a);
peak RSS (VmHWM) of each gunicorn worker and of this benchmark process.
"""

from __future__ import annotations

import sys

from bench import bare
from bench.client import drive, tokens
from bench.common import (
    Table,
    base_parser,
    cpu_seconds,
    ms,
    peak_rss_kb,
    percentile,
    write_results,
)
from bench.dbsetup import databases
from bench.server import Server

THREADS_PER_WORKER = 4  # `tdkt serve`'s default


def main(argv: list[str] | None = None) -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--proposals", type=int, default=25, help="proposals per client thread")
    parser.add_argument("--instances", type=int, default=300, help="bare-engine instances")
    parser.add_argument("--workers", default="1,2", help="gunicorn worker counts to run")
    parser.add_argument(
        "--threads", type=int, default=THREADS_PER_WORKER, help="gunicorn threads per worker"
    )
    parser.add_argument(
        "--single-proposals",
        type=int,
        default=None,
        help="proposals of the 1-client row (default: --proposals; 0: no such row)",
    )
    parser.add_argument(
        "--read-inbox",
        action="store_true",
        help="clients read the inbox (and a ballot's proposal) before each completion, as "
        "before completions answered with the next steps (issue 19)",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="the HTTP rows on PostgreSQL only")
    args = parser.parse_args(argv)
    if args.tiny:
        args.no_postgres = True
        args.clients, args.proposals, args.instances, args.workers = 2, 2, 5, "1"
        args.single_proposals = 1
    single = args.proposals if args.single_proposals is None else args.single_proposals
    workers = [int(w) for w in args.workers.split(",")]

    speed = Table(
        "Completed tasks per second and completion latency "
        "(LĐTT: submit, 3 approvals, one ballot per council member)",
        [
            "run",
            "tasks",
            "tasks/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "ratio (b)/(a) tasks/s",
            "client CPU ms/request",
            "workers CPU ms/task (user+sys)",
            "PostgreSQL CPU ms/task (user+sys)",
            "each worker's CPU, cores",
        ],
    )
    steps = Table(
        "Completion latency by step with one client (what its p95 is made of)",
        ["run", "step", "completions", "p50 ms", "p95 ms", "max ms"],
    )
    memory = Table(
        "Peak resident memory (VmHWM) under the concurrent run",
        ["run", "worker peak RSS MB (each)", "benchmark process peak RSS MB"],
    )

    stock = bare.Stock()
    bare.run(stock, 3)  # warm: first calls compile scripts and fill caches
    reference = bare.run(stock, args.instances)
    app_storage = bare.AppStorage()
    bare.run(app_storage, 3)
    for result in (reference, bare.run(app_storage, args.instances)):
        speed.add(
            f"(a) {result.label}",
            result.completions,
            f"{result.per_second:.0f}",
            ms(percentile(result.latencies, 50)),
            ms(percentile(result.latencies, 95)),
            ms(percentile(result.latencies, 99)),
            f"{result.per_second / reference.per_second:.2f}",
            "",
            "",
            "",
            "",
        )

    with databases(postgres=not args.no_postgres) as dbs:
        for kind in [k for k in dbs.kinds if not (args.no_sqlite and k == "sqlite")]:
            for n_workers in workers:
                url = dbs.new(kind, f"http-{n_workers}w")
                with Server(url, n_workers, args.threads, dbs.tmp) as server:
                    token = tokens(server.port)
                    drive(server.port, token, max(2, n_workers * 2), 1)  # warm every worker
                    runs = [(args.clients, args.proposals)] + ([(1, single)] if single else [])
                    measured = []
                    for clients, proposals in runs:
                        db_pids = dbs.cluster.pids() if kind == "postgresql" and dbs.cluster else []
                        pids = server.worker_pids()
                        before = [cpu_seconds([pid]) for pid in pids], cpu_seconds(db_pids)
                        tally, wall = drive(server.port, token, clients, proposals, args.read_inbox)
                        each = _spent([cpu_seconds([pid]) for pid in pids], before[0])
                        worker_cpu = (sum(u for u, _ in each), sum(s for _, s in each))
                        db_cpu = _spent([cpu_seconds(db_pids)], [before[1]])[0]
                        shares = [(user + system) / wall for user, system in each]
                        measured.append((clients, tally, wall, (worker_cpu, db_cpu), shares))
                        if len(measured) == 1:
                            # Memory under the concurrent run, before the quiet one.
                            rss = server.worker_peak_rss_kb()
                for clients, tally, wall, (worker_cpu, db_cpu), shares in measured:
                    rate = len(tally.completion) / wall
                    per_task = 1000 / len(tally.completion)
                    label = f"(b) HTTP, gunicorn {n_workers} worker(s) × {args.threads} threads"
                    label += f", {kind}, {clients} client{'s' if clients > 1 else ''}"
                    speed.add(
                        label,
                        len(tally.completion),
                        f"{rate:.0f}",
                        ms(percentile(tally.completion, 50)),
                        ms(percentile(tally.completion, 95)),
                        ms(percentile(tally.completion, 99)),
                        f"{rate / reference.per_second:.2f}",
                        f"{tally.client_cpu / tally.requests * 1000:.2f}",
                        _user_system(worker_cpu, per_task),
                        _user_system(db_cpu, per_task) if kind == "postgresql" else "",
                        ", ".join(f"{share:.2f}" for share in shares),
                    )
                    if clients == 1:
                        for step, seconds in tally.by_step.items():
                            steps.add(
                                f"{kind}, {n_workers} worker(s), 1 client",
                                step,
                                len(seconds),
                                ms(percentile(seconds, 50)),
                                ms(percentile(seconds, 95)),
                                ms(max(seconds)),
                            )
                memory.add(
                    f"{kind}, {n_workers} worker(s)",
                    ", ".join(f"{kb / 1024:.0f}" for kb in rss),
                    f"{peak_rss_kb() / 1024:.0f}",
                )
        pg_version = dbs.pg_version
    speed.notes = [
        "tasks/s: completions divided by the wall time of the whole run, which also files each "
        "proposal (and uploads its dossier); each completion takes its step from the previous "
        "answer's next steps"
        + (
            ", after reading the reviewer's inbox (GET /tasks) and, for a ballot, the proposal "
            "(--read-inbox: the path before issue 19)."
            if args.read_inbox
            else " (issue 19), with no inbox read."
        ),
        "1 client: the same server after the concurrent run, one client process walking "
        f"{single} proposals alone.",
        "latency: (a) deserialise → complete → run to the next wait → serialise; (b) one "
        "POST …/submit or …/complete as the client sees it.",
        "ratio: tasks/s of the row over tasks/s of the stock bare engine (first row).",
        "clients: separate processes (not threads of this one), each one keep-alive connection; "
        "client CPU is their user + system time per request, to show the load generator is not "
        "the limit.",
        "workers / PostgreSQL CPU: user + system time of the gunicorn workers / of the cluster's "
        "processes during the row's run, per completed task (filing and uploads included); "
        "each worker's CPU: its CPU seconds over the run's wall time (a worker runs Python on "
        "one core at most: its threads share one interpreter lock).",
    ]
    memory.notes = [
        "worker: VmHWM of each gunicorn worker at the end of its run; benchmark process: this "
        "process's VmHWM, which holds the bare-engine runs (the clients are processes of "
        "their own).",
    ]
    write_results(
        "engine-ratio",
        [speed, steps, memory],
        out_dir=args.out,
        pg_version=pg_version,
        command="python -m bench.engine_ratio " + " ".join(argv or sys.argv[1:]),
    )
    return 0


def _spent(
    after: list[tuple[float, float]], before: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """(user, system) seconds each process spent between two readings of `cpu_seconds`."""
    return [(a[0] - b[0], a[1] - b[1]) for a, b in zip(after, before, strict=True)]


def _user_system(cpu: tuple[float, float], scale: float) -> str:
    user, system = cpu[0] * scale, cpu[1] * scale
    return f"{user + system:.1f} ({user:.1f}+{system:.1f})"


if __name__ == "__main__":
    sys.exit(main())
