"""Where the server's Python calls go, per kind of request: cProfile of the LĐTT path in-process.

Unlike `bench.profile` (a sampling profiler: wall time, moved by the machine's load), this counts
function calls, which a loaded shared machine does not change: a cut shows as fewer calls in the
same place. Prints the top functions by cumulative calls-and-time for each request kind
(`--kinds submit,complete` to pick by prefix).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
from collections import defaultdict

from bench.common import base_parser
from bench.dbsetup import databases
from bench.inprocess import served_app, tokens, walk


def main(argv: list[str] | None = None) -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--proposals", type=int, default=3)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key")
    parser.add_argument("--kinds", default="", help="comma-separated prefixes of request kinds")
    parser.add_argument(
        "--callees",
        default="",
        help="also print what functions matching this pstats pattern call (e.g. complete_step)",
    )
    args = parser.parse_args(argv)
    profiles: dict[str, cProfile.Profile] = defaultdict(cProfile.Profile)
    requests: dict[str, int] = defaultdict(int)

    def measure(kind, send):
        requests[kind] += 1
        return profiles[kind].runcall(send)

    with databases(postgres=args.postgres) as dbs:
        url = dbs.new("postgresql" if args.postgres else "sqlite", "cprofile")
        app = served_app(url)
        client = app.test_client()
        token = tokens(client)
        walk(client, token, 0)  # warm: runtimes and statement caches
        for n in range(1, args.proposals + 1):
            walk(client, token, n, measure)
        app.extensions["tdkt_engine"].dispose()
    wanted = [k for k in args.kinds.split(",") if k]
    for kind, profile in profiles.items():
        if wanted and not any(kind.startswith(w) for w in wanted):
            continue
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        per = stats.total_calls / requests[kind]  # type: ignore[attr-defined]
        print(f"\n=== {kind}: {requests[kind]} requests, {per:.0f} calls per request ===")
        stats.sort_stats(args.sort).print_stats(args.top)
        if args.callees:
            stats.print_callees(args.callees)
        print("\n".join(out.getvalue().splitlines()[6:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
