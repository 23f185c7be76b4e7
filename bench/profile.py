"""Where a completion spends its time: the LĐTT path through the Flask app, under pyinstrument.

Runs in-process (Flask test client, no network) so the profile shows the application's own
code; `--postgres` uses a throw-away PostgreSQL cluster instead of SQLite. Prints the call
tree; `--html FILE` writes pyinstrument's page instead.
"""

from __future__ import annotations

import sys

from bench.common import base_parser
from bench.dbsetup import databases
from bench.inprocess import served_app, tokens, walk


def main(argv: list[str] | None = None) -> int:
    from pyinstrument import Profiler

    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--proposals", type=int, default=40)
    parser.add_argument("--html", default=None)
    args = parser.parse_args(argv)
    with databases(postgres=args.postgres) as dbs:
        url = dbs.new("postgresql" if args.postgres else "sqlite", "profile")
        app = served_app(url)
        client = app.test_client()
        token = tokens(client)
        walk(client, token, 0)  # warm
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for n in range(1, args.proposals + 1):
            walk(client, token, n)
        profiler.stop()
        app.extensions["tdkt_engine"].dispose()
    if args.html:
        with open(args.html, "w") as fh:
            fh.write(profiler.output_html())
    else:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
