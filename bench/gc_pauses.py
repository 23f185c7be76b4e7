"""What the garbage collector costs the server, per generation, over the LĐTT path in-process.

Collections, their CPU time and the objects they walk, with and without `gc.freeze()` after
start-up (what webapp/wsgi.py does in a served worker; issue 19).

A full (generation 2) collection walks every tracked object; without the freeze that is the
~170,000 objects start-up built, and the request that triggers it pays for all of them.
"""

from __future__ import annotations

import gc
import sys
import time

from bench.common import base_parser
from bench.dbsetup import databases
from bench.inprocess import tokens, walk


def main(argv: list[str] | None = None) -> int:
    from webapp import create_app

    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--proposals", type=int, default=15)
    parser.add_argument("--no-freeze", action="store_true", help="leave start-up's objects in")
    parser.add_argument(
        "--threshold",
        default=None,
        help="gc.set_threshold before the walk, e.g. 10000,10,10",
    )
    args = parser.parse_args(argv)
    #: per generation: collections, longest CPU time, most objects walked by one, total CPU
    spent = {generation: [0, 0.0, 0, 0.0] for generation in range(3)}
    started: list[tuple[float, int]] = []
    requests = [0]

    def counted(kind, send):
        requests[0] += 1
        return send()

    def watch(phase: str, info: dict) -> None:
        generation = info["generation"]
        if phase == "start":
            # what a collection of this generation walks: it and the younger ones (not frozen)
            walked = sum(len(gc.get_objects(g)) for g in range(generation + 1))
            started.append((time.thread_time(), walked))
        elif started:
            t0, walked = started.pop()
            entry = spent[generation]
            took = time.thread_time() - t0
            entry[0] += 1
            entry[1] = max(entry[1], took)
            entry[2] = max(entry[2], walked)
            entry[3] += took

    with databases(postgres=False) as dbs:
        app = create_app({"DATABASE_URL": dbs.new("sqlite", "gc"), "SECRET_KEY": "bench"})
        if not args.no_freeze:
            gc.freeze()
        if args.threshold:
            gc.set_threshold(*(int(n) for n in args.threshold.split(",")))
        print(f"thresholds: {gc.get_threshold()}")
        print(f"frozen after create_app: {gc.get_freeze_count()} objects")
        client = app.test_client()
        token = tokens(client)
        gc.callbacks.append(watch)
        try:
            for n in range(args.proposals + 1):
                walk(client, token, n, counted)
        finally:
            gc.callbacks.remove(watch)
        app.extensions["tdkt_engine"].dispose()
    for generation, (count, longest, walked, total) in spent.items():
        print(
            f"generation {generation}: {count} collections, longest {longest * 1000:.1f} ms CPU, "
            f"at most {walked} objects walked, {total * 1000:.1f} ms CPU in all"
        )
    total = sum(entry[3] for entry in spent.values())
    per_request = total * 1000 / requests[0]
    print(f"all collections: {total * 1000:.1f} ms CPU, {per_request:.2f} ms a request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
