"""What one API request costs the server: SQL statements and CPU time, per kind of request.

The LĐTT path (file, submit, 4 × read inbox + complete) runs in-process through the Flask test
client, so there is no network and no client in the measurement; each request is timed with
`time.thread_time()` (CPU of this thread, not wall clock) and its statements are counted with a
SQLAlchemy cursor event. PostgreSQL unless --no-postgres (--tiny: SQLite). `--statements` also
lists the statements of one Director's decision (`--statements all`, or kinds named: of those
requests), to see what each one is for.
"""

from __future__ import annotations

import cProfile
import pstats
import re
import sys
import time
from collections import defaultdict

from sqlalchemy import event

from bench.common import Table, base_parser, median, write_results
from bench.dbsetup import databases
from bench.inprocess import served_app, tokens, walk


class Meter:
    """Counts statements of the engine and CPU time per request kind."""

    def __init__(self, engine, calls: bool = False) -> None:
        self.statements: list[str] = []
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.count: dict[str, list[int]] = defaultdict(list)
        self.samples: dict[str, list[str]] = {}
        #: Python function calls per request (--calls): the same on a loaded machine as on a
        #: quiet one, where CPU time moves with what else runs (and under the profiler, is void)
        self.calls: dict[str, list[int]] | None = defaultdict(list) if calls else None
        event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, _conn, _cursor, statement, *_args) -> None:
        self.statements.append(statement)

    def request(self, kind: str, fn):
        self.statements.clear()
        profile = cProfile.Profile() if self.calls is not None else None
        t0 = time.thread_time()
        result = profile.runcall(fn) if profile is not None else fn()
        self.cpu[kind].append(time.thread_time() - t0)
        if profile is not None and self.calls is not None:
            profile.create_stats()
            self.calls[kind].append(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]
        self.count[kind].append(len(self.statements))
        self.samples[kind] = list(self.statements)
        return result


def _short(sql: str) -> str:
    """One line per statement: verb and tables, without the column lists."""
    sql = " ".join(sql.split())
    sql = re.sub(r"SELECT .*? FROM", "SELECT … FROM", sql, count=1)
    sql = re.sub(r"\((?:[^()]|\([^()]*\))*\) VALUES .*", "(…) VALUES …", sql)
    return sql[:160]


def _kinds(asked: list[str], measured: list[str]) -> list[str]:
    """The request kinds whose statements --statements lists, in the path's order."""
    if not asked:
        return ["complete director_decide"]
    if "all" in asked:
        return measured
    return [k for k in measured if k in asked or k.removeprefix("complete ") in asked]


def main(argv: list[str] | None = None) -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--proposals", type=int, default=40)
    parser.add_argument(
        "--statements",
        nargs="*",
        metavar="KIND",
        help="list the SQL of one request of each KIND (file, submit, an element such as "
        "unit_head_signoff, or all); none named: a Director's decision",
    )
    parser.add_argument(
        "--calls",
        action="store_true",
        help="count the Python function calls of each request (load-independent; the CPU "
        "column is then the profiler's, not comparable with a run without --calls)",
    )
    parser.add_argument(
        "--read-inbox",
        action="store_true",
        help="read the inbox (and a ballot's proposal) before each completion: the path before "
        "completions answered with the next steps (issue 19)",
    )
    args = parser.parse_args(argv)
    if args.tiny:
        args.proposals = 2
    postgres = not (args.no_postgres or args.tiny)  # one database per run, like the profile
    with databases(postgres=postgres) as dbs:
        kind = "postgresql" if postgres else "sqlite"
        url = dbs.new(kind, "cost")
        app = served_app(url)
        client = app.test_client()
        token = tokens(client)
        meter = Meter(app.extensions["tdkt_engine"], calls=args.calls)
        walk(
            client, token, 0, meter.request, args.read_inbox
        )  # warm: first calls build runtimes and caches
        meter.cpu.clear()
        meter.count.clear()
        if meter.calls is not None:
            meter.calls.clear()
        for n in range(1, args.proposals + 1):
            walk(client, token, n, meter.request, args.read_inbox)
        app.extensions["tdkt_engine"].dispose()
        pg_version = dbs.pg_version
    columns = ["request", "requests", "SQL statements", "CPU ms median", "CPU ms mean"]
    if meter.calls is not None:
        columns.append("Python calls median")
    table = Table(
        f"Server cost per request ({kind}, {args.proposals} proposals, in-process)", columns
    )
    completions = [k for k in meter.cpu if k.startswith("complete") or k == "submit"]
    for name, values in meter.cpu.items():
        counts = sorted(set(meter.count[name]))
        row = [
            name,
            len(values),
            "/".join(str(c) for c in counts),
            f"{median(values) * 1000:.1f}",
            f"{sum(values) / len(values) * 1000:.1f}",
        ]
        if meter.calls is not None:
            row.append(f"{median(meter.calls[name]):.0f}")
        table.add(*row)
    tasks = sum(len(meter.cpu[k]) for k in completions)
    per_task = sum(sum(values) for values in meter.cpu.values()) / tasks
    table.notes = [
        "CPU: time.thread_time() of the request in the Flask test client (no network, no client "
        "work); on a busy shared machine it still moves by ±10 %: compare runs made alternately.",
        "All requests of the path (the filing and its uploads included; uploads since round "
        "eleven) divided by the completed tasks (submit, approvals, ballots): "
        f"{per_task * 1000:.1f} ms CPU per completed task, i.e. at most "
        f"{1 / per_task:.0f} tasks/s per core for the application alone.",
    ]
    tables = [table]
    if args.statements is not None:
        for name in _kinds(args.statements, list(meter.samples)):
            detail = Table(f"Statements of one request: {name}", ["#", "statement"])
            for i, sql in enumerate(meter.samples[name], 1):
                detail.add(i, _short(sql).replace("|", "\\|"))
            tables.append(detail)
    write_results(
        f"request-cost-{kind}",
        tables,
        out_dir=args.out,
        pg_version=pg_version,
        command="python -m bench.request_cost " + " ".join(argv or sys.argv[1:]),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
