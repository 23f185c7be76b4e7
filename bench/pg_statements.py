"""What PostgreSQL does per completed task: statements, execution and planning, by statement.

The LĐTT path over HTTP (gunicorn, two workers, as `engine_ratio` serves it) on a throw-away
cluster with pg_stat_statements, planning tracked. After a warm-up (every worker and pooled
connection used once), the counters are reset and one client walks `--proposals` proposals;
then per completed task: statements, execution ms, planning ms and plans, and the statements
that cost the server most. Counts, not wall time, are the comparable figures on a busy machine.
"""

from __future__ import annotations

import re
import sys

import psycopg

from bench import pg
from bench.client import drive, tokens
from bench.common import Table, base_parser, write_results
from bench.dbsetup import databases
from bench.server import Server

_OURS = "dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"


def main(argv: list[str] | None = None) -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--proposals", type=int, default=13)
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--top", type=int, default=12, help="statements listed")
    args = parser.parse_args(argv)
    if args.no_postgres:
        parser.error("this benchmark is PostgreSQL's alone")
    if args.tiny:
        args.proposals = 1
    pg.SETTINGS["shared_preload_libraries"] = "pg_stat_statements"
    pg.SETTINGS["pg_stat_statements.track_planning"] = "on"
    with databases(postgres=True) as dbs:
        url = dbs.new("postgresql", "statements")
        dsn = url.replace("postgresql+psycopg", "postgresql")
        with (
            psycopg.connect(dsn, autocommit=True) as conn,
            Server(url, 2, 4, dbs.tmp) as server,
        ):
            conn.execute("CREATE EXTENSION pg_stat_statements")
            token = tokens(server.port)
            drive(server.port, token, 4, 1)  # warm every worker and pooled connection
            conn.execute("SELECT pg_stat_statements_reset()")
            tally, _wall = drive(server.port, token, args.clients, args.proposals)
            total = conn.execute(
                "SELECT sum(calls), sum(total_exec_time), sum(total_plan_time), sum(plans) "
                f"FROM pg_stat_statements WHERE {_OURS}"
            ).fetchone()
            top = conn.execute(
                "SELECT calls, plans, total_exec_time, total_plan_time, query "
                f"FROM pg_stat_statements WHERE {_OURS} "
                "ORDER BY total_exec_time + total_plan_time DESC LIMIT %s",
                (args.top,),
            ).fetchall()
        pg_version = dbs.pg_version
    tasks = len(tally.completion)
    calls, exec_ms, plan_ms, plans = (float(v or 0) for v in total or (0, 0, 0, 0))
    summary = Table(
        f"PostgreSQL's work per completed task ({tasks} tasks, {args.clients} client(s))",
        ["statements", "execution ms", "planning ms", "plans"],
    )
    summary.add(
        f"{calls / tasks:.1f}",
        f"{exec_ms / tasks:.2f}",
        f"{plan_ms / tasks:.2f}",
        f"{plans / tasks:.1f}",
    )
    summary.notes = [
        "filing, uploads and submit included, divided by the completed tasks (as engine_ratio)."
    ]
    statements = Table(
        "The statements that cost the server most (execution + planning)",
        ["calls", "plans", "execution ms", "planning ms", "statement"],
    )
    for row_calls, row_plans, row_exec, row_plan, query in top:
        text = re.sub(r"\s+", " ", query)
        statements.add(
            row_calls, row_plans, f"{row_exec:.1f}", f"{row_plan:.1f}", text[:90].replace("|", "/")
        )
    write_results(
        "pg-statements",
        [summary, statements],
        out_dir=args.out,
        pg_version=pg_version,
        command="python -m bench.pg_statements " + " ".join(argv or sys.argv[1:]),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
