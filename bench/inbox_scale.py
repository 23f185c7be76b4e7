"""Benchmark 2: the inbox, the board's filtered list and dashboard counts at 10k, 100k, 1M tasks.

A generator (bench/generate.py) fills a fresh database by bulk SQL; then each query runs
the way a request runs it (a new session, the service's own query) many times, and the
p50/p95 are printed per size, so growth with size shows. EXPLAIN shows the plans used.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from bench.bulkload import fill
from bench.common import Table, base_parser, ms, percentile, write_results
from bench.dbsetup import databases
from models import Organisation, Proposal, RoleAssignment, User, utcnow
from models.database import make_engine, make_session_factory
from workflows.process import inbox_view
from workflows.process.inbox import inbox, inbox_query, listing
from workflows.process.inbox_view import InboxFilter
from workflows.proposals import queries as proposal_queries

PER_PAGE = 50  # webapp/board


def users_of(session: Session, rng: random.Random) -> dict[str, User]:
    """A typical reviewer of each kind, picked at random among those with the role."""

    def pick(role: str) -> User:
        ids = list(
            session.scalars(
                select(RoleAssignment.user_id)
                .where(RoleAssignment.role_code == role)
                .order_by(RoleAssignment.user_id)
            )
        )
        return session.get_one(User, rng.choice(ids))

    return {
        "secretariat": pick("dept_secretariat"),
        "unit head": pick("unit_head"),
        "board officer": pick("board_officer"),
        "director": pick("director"),
        "board": pick("board"),
    }


def board_page(session: Session, user: User, **filters) -> int:
    """What webapp/board does: the filtered query, its count, its first page."""
    query = proposal_queries.search(user, **filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = list(session.scalars(query.limit(PER_PAGE)))
    if total and not rows:
        raise RuntimeError("count and page disagree")
    return total or 0


def dashboard(session: Session) -> int:
    rows = session.execute(
        select(Proposal.status, Proposal.stage, func.count()).group_by(
            Proposal.status, Proposal.stage
        )
    ).all()
    return sum(n for _, _, n in rows)


def queries(session: Session, rng: random.Random) -> dict[str, Callable[[Session], int]]:
    who = users_of(session, rng)
    ids = {k: u.id for k, u in who.items()}
    department = session.scalar(
        select(Organisation.id).where(Organisation.kind == "department").order_by(Organisation.id)
    )

    def as_user(key: str) -> Callable[[Session], User]:
        return lambda s: s.get_one(User, ids[key])

    secretariat, unit_head, officer = (
        as_user("secretariat"),
        as_user("unit head"),
        as_user("board officer"),
    )
    board, director = as_user("board"), as_user("director")
    return {
        "inbox: department secretariat": lambda s: len(inbox(s, secretariat(s))),
        "inbox: unit head": lambda s: len(inbox(s, unit_head(s))),
        "inbox: provincial board officer": lambda s: len(inbox(s, officer(s))),
        # The API's listing (GET /api/v1/tasks): the same rule from a statement built once.
        "API inbox: department secretariat": lambda s: len(listing(s, secretariat(s))),
        # The inbox page as it runs now: a page of 50, its total and the filter's choices.
        "inbox page: department secretariat (+count, choices)": lambda s: len(
            inbox_view.waiting(s, secretariat(s), InboxFilter(), utcnow()).rows
        ),
        "inbox page: unit head searching (+count)": lambda s: len(
            inbox_view.waiting(s, unit_head(s), InboxFilter(q="nguyen van"), utcnow()).rows
        ),
        # "Đã xử lý": what one user completed, newest first (ix_human_task_completed).
        "done tab: unit head (+count)": lambda s: len(
            inbox_view.done(s, unit_head(s), InboxFilter(), utcnow()).rows
        ),
        "board list: in review, 2025 (+count)": lambda s: board_page(
            s, board(s), status="in_review", year=2025
        ),
        "board list: one department (+count)": lambda s: board_page(s, board(s), org_id=department),
        "board list: unfiltered (+count)": lambda s: board_page(s, board(s)),
        "director's list: in review (+count)": lambda s: board_page(
            s, director(s), status="in_review"
        ),
        "dashboard: count by status × stage": dashboard,
    }


def measure(factory, fn: Callable[[Session], int], repeat: int) -> tuple[list[float], int]:
    times, result = [], 0
    for _ in range(repeat):
        with factory() as session:
            t0 = time.perf_counter()
            result = fn(session)
            times.append(time.perf_counter() - t0)
    return times, result


def explain(engine: Engine, session: Session, rng: random.Random) -> list[str]:
    """Plans of the inbox and the filtered list, to see indexes used rather than scans."""
    who = users_of(session, rng)
    listed = proposal_queries.search(who["board"], status="in_review", year=2025)
    statements = {
        "inbox (department secretariat)": inbox_query(who["secretariat"]).limit(500),
        "done tab (unit head)": inbox_view.done_query(who["unit head"]).limit(50),
        "board list, in review 2025": listed.limit(PER_PAGE),
        "its count": select(func.count()).select_from(listed.order_by(None).subquery()),
    }
    out = []
    for label, stmt in statements.items():
        compiled = stmt.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
        prefix = "EXPLAIN " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
        params = compiled.params
        if compiled.positional:
            params = tuple(params[name] for name in compiled.positiontup)
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(prefix + str(compiled), params).all()
        lines = [str(r[0]) if len(r) == 1 else str(r[-1]) for r in rows]
        out.append(f"{label} ({engine.dialect.name}):")
        out += ["    " + line for line in lines]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="human-task rows")
    parser.add_argument("--sqlite-max", type=int, default=100_000, help="largest SQLite size")
    parser.add_argument("--repeat", type=int, default=60, help="runs of each query per size")
    args = parser.parse_args(argv)
    if args.tiny:
        args.no_postgres, args.sizes, args.repeat = True, "300", 3
    sizes = [int(s) for s in args.sizes.split(",")]

    timing = Table(
        "Query time by size (p50/p95 over repeated runs, each in a new session)",
        ["query", "database", "human_task rows", "p50 ms", "p95 ms", "result rows"],
    )
    data = Table(
        "Generated data",
        ["database", "human_task rows", "ready tasks", "proposals", "users", "organisations",
         "audit events", "generation s"],
    )  # fmt: skip
    plans: list[str] = []
    results: dict[tuple[str, str, int], tuple[list[float], int]] = {}
    with databases(postgres=not args.no_postgres) as dbs:
        for kind in dbs.kinds:
            for size in sizes:
                if kind == "sqlite" and size > args.sqlite_max:
                    continue
                print(f"{kind}: generating {size:,} human-task rows …", flush=True)
                url = dbs.new(kind, f"inbox-{size}", demo=False)
                engine = make_engine(url)
                try:
                    made = fill(engine, size)
                    data.add(
                        kind,
                        int(made["human_task rows"]),
                        int(made["ready tasks"]),
                        int(made["proposal rows"]),
                        int(made["user_account rows"]),
                        int(made["organisation rows"]),
                        int(made["audit_event rows"]),
                        f"{made['seconds']:.1f}",
                    )
                    factory = make_session_factory(engine)
                    with factory() as session:
                        fns = queries(session, random.Random(size))
                    for label, fn in fns.items():
                        measure(factory, fn, 2)  # warm caches and the connection pool
                        results[(label, kind, size)] = measure(factory, fn, args.repeat)
                    if size == max(s for s in sizes if kind != "sqlite" or s <= args.sqlite_max):
                        with factory() as session:
                            plans += explain(engine, session, random.Random(size))
                finally:
                    engine.dispose()
        pg_version = dbs.pg_version
    for (label, kind, size), (times, rows) in sorted(
        results.items(), key=lambda kv: (list(fns).index(kv[0][0]), kv[0][1], kv[0][2])
    ):
        timing.add(
            label,
            kind,
            f"{size:,}",
            ms(percentile(times, 50)),
            ms(percentile(times, 95)),
            rows,
        )
    timing.notes = [
        "inbox: workflows.process.inbox.inbox (the inbox page's query, limit 500), "
        "with the user loaded.",
        "API inbox: workflows.process.inbox.listing (GET /api/v1/tasks, no limit), "
        "with the user loaded.",
        "board list: workflows.proposals.queries.search as webapp/board runs it: count(*) of the "
        f"filtered query and its first page of {PER_PAGE}.",
        "dashboard: SELECT status, stage, count(*) FROM proposal GROUP BY status, stage.",
    ]
    plan_table = Table("Query plans at the largest size", ["plan"], [[f"`{p}`"] for p in plans])
    write_results(
        "inbox-scale",
        [timing, data, plan_table],
        out_dir=args.out,
        pg_version=pg_version,
        command="python -m bench.inbox_scale " + " ".join(argv or sys.argv[1:]),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
