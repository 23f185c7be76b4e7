"""What every request pays before and after its work: trivial requests profiled in-process.

GET /api/v1/me (token lookup and a small JSON answer), GET /api/v1/tasks (the API inbox), and a
browser page (the session's user loader, Flask-Login, the template) are sent through the Flask
test client many times. For each: SQL statements, Python calls (cProfile, load-independent),
CPU ms (time.thread_time() without the profiler) and where the calls go, grouped by package
(`--top N` also lists the N functions with the most calls of their own).
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
from bench.dbsetup import PASSWORD, databases
from bench.ldtt import NOMINATOR

#: the prefixes calls are grouped by (first match wins); the rest is "other"
GROUPS = (
    ("sqlalchemy", "/sqlalchemy/"),
    ("flask_babel/babel", "/flask_babel/"),
    ("flask_babel/babel", "/babel/"),
    ("flask_login", "/flask_login/"),
    ("flask_wtf/wtforms", "/flask_wtf/"),
    ("flask_wtf/wtforms", "/wtforms/"),
    ("jinja2", "/jinja2/"),
    ("werkzeug", "/werkzeug/"),
    ("flask", "/flask/"),
    ("json", "/json/"),
    ("webapp", "/webapp/"),
    ("workflows", "/workflows/"),
    ("models", "/models/"),
    ("sqlite3/psycopg", "sqlite3"),
    ("sqlite3/psycopg", "/psycopg"),
    ("builtins", "~"),
)


#: the steps of a request whose calls `--phases`-style tables count: (file, function or "")
PHASES = (
    ("flask/ctx.py", "push"),
    ("flask/sessions.py", "open_session"),
    ("flask/app.py", "preprocess_request"),
    ("flask_wtf/csrf.py", ""),
    ("webapp/api/auth.py", "wrapper"),
    ("workflows/directory/tokens.py", "user_for"),
    ("flask_login/login_manager.py", "_load_user"),
    ("webapp/auth/__init__.py", "_load_user"),
    ("flask_babel/__init__.py", "get_locale"),
    ("flask_babel/__init__.py", "get_translations"),
    ("flask/templating.py", "render_template"),
    ("flask/json/__init__.py", "jsonify"),
    ("flask/app.py", "process_response"),
    ("webapp/transaction.py", "_end_the_transaction"),
    ("webapp/security.py", "_headers"),
    ("flask/sessions.py", "save_session"),
    ("werkzeug/wrappers/response.py", "__call__"),
    ("flask/app.py", "do_teardown_appcontext"),
)


def _phase_calls(run) -> dict[str, int]:
    """Calls made inside each of PHASES while `run()` runs (sys.setprofile)."""
    counts: dict[str, int] = defaultdict(int)
    stack: list[str | None] = []

    def tag(code) -> str | None:
        for filename, name in PHASES:
            if code.co_filename.endswith(filename) and (not name or code.co_name == name):
                return f"{filename}:{name or '*'}"
        return None

    def hook(frame, event, _arg) -> None:
        if event in ("call", "c_call"):
            for phase in set(stack):
                if phase:
                    counts[phase] += 1
            if event == "call":
                stack.append(tag(frame.f_code))
        elif event == "return" and stack:
            stack.pop()

    sys.setprofile(hook)
    try:
        run()
    finally:
        sys.setprofile(None)
    return counts


class _Profiled:
    """The application's WSGI callable, under the profiler when one is set: the server's work
    alone, not the test client's building of the request."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self.profile: cProfile.Profile | None = None

        self.phases: dict[str, int] | None = None
        self.trace = False

    def __call__(self, environ, start_response):
        if self.trace:
            answer: list = []
            self.phases = _phase_calls(
                lambda: answer.append(self.wsgi_app(environ, start_response))
            )
            return answer[0]
        if self.profile is None:
            return self.wsgi_app(environ, start_response)
        return self.profile.runcall(self.wsgi_app, environ, start_response)


#: requests profiled together per kind: one alone is at the mercy of a collector's pause
PROFILED = 20


def _group(filename: str) -> str:
    for name, marker in GROUPS:
        if marker in filename:
            return name
    return "other"


def main(argv: list[str] | None = None) -> int:
    from webapp import create_app

    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--repeat", type=int, default=200, help="requests per kind (CPU)")
    parser.add_argument("--top", type=int, default=0, help="list the N busiest functions")
    args = parser.parse_args(argv)
    kind = "postgresql" if args.postgres else "sqlite"
    with databases(postgres=args.postgres) as dbs:
        url = dbs.new(kind, "fixedcost")
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
        api = app.test_client()
        raw = api.post("/api/v1/auth/token", json={"username": NOMINATOR, "password": PASSWORD})
        bearer = {"Authorization": f"Bearer {raw.get_json()['token']}"}
        browser = app.test_client()
        page = browser.get("/login").get_data(as_text=True)
        [csrf] = re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        login = {"username": NOMINATOR, "password": PASSWORD, "csrf_token": csrf}
        if browser.post("/login", data=login).status_code != 302:
            raise RuntimeError("the browser's login failed")
        requests = {
            "GET /api/v1/me": lambda: api.get("/api/v1/me", headers=bearer),
            "GET /api/v1/tasks": lambda: api.get("/api/v1/tasks", headers=bearer),
            "GET /notifications/ (page)": lambda: browser.get("/notifications/"),
        }
        server = _Profiled(app.wsgi_app)
        app.wsgi_app = server  # type: ignore[method-assign]
        statements: list[str] = []
        event.listen(
            app.extensions["tdkt_engine"],
            "before_cursor_execute",
            lambda *a: statements.append(a[2]),
        )
        table = Table(
            f"Fixed cost of trivial requests ({kind}, {args.repeat} each, in-process)",
            ["request", "status", "SQL", "Python calls", "CPU ms median", "calls by group"],
        )
        details = []
        for name, send in requests.items():
            for _ in range(5):  # warm: statement caches, templates, translations
                send()
            statements.clear()
            profile = cProfile.Profile()
            server.profile = profile
            for _ in range(PROFILED):
                response = send()
            server.profile = None
            profile.create_stats()
            stats = pstats.Stats(profile)
            by_group: dict[str, int] = defaultdict(int)
            for (filename, _line, _fn), (_cc, nc, *_rest) in stats.stats.items():  # type: ignore[attr-defined]
                by_group[_group(filename)] += nc // PROFILED
            count = len(statements) // PROFILED
            server.trace = True
            send()
            server.trace = False
            steps = Table(f"{name}: Python calls inside each step", ["calls", "step"])
            for phase, calls in sorted((server.phases or {}).items(), key=lambda i: -i[1]):
                steps.add(calls, phase)
            details.append(steps)
            cpu = []
            for _ in range(args.repeat):
                t0 = time.thread_time()
                send()
                cpu.append(time.thread_time() - t0)
            groups = ", ".join(
                f"{g} {n}" for g, n in sorted(by_group.items(), key=lambda item: -item[1])
            )
            table.add(
                name,
                response.status_code,
                count,
                stats.total_calls // PROFILED,  # type: ignore[attr-defined]
                f"{median(cpu) * 1000:.2f}",
                groups,
            )
            if args.top:
                detail = Table(
                    f"{name}: functions by cumulative time (under the profiler)",
                    ["share %", "calls per request", "function"],
                )
                total = max(s[3] for s in stats.stats.values())  # type: ignore[attr-defined]
                heavy = sorted(
                    stats.stats.items(),  # type: ignore[attr-defined]
                    key=lambda item: -item[1][3],
                )[: args.top]
                for (filename, line, fn), (_cc, nc, _tt, ct, _callers) in heavy:
                    short = filename.split("site-packages/")[-1].split("h-fixedcost/")[-1]
                    detail.add(f"{100 * ct / total:.0f}", nc / PROFILED, f"{short}:{line} {fn}")
                details.append(detail)
        app.extensions["tdkt_engine"].dispose()
        pg_version = dbs.pg_version
    table.notes = [
        "Python calls: cProfile of warm requests, per request (the same on a loaded machine as "
        "on a quiet one). CPU: time.thread_time() of the request without the profiler, median.",
        "Phases: the calls made inside each step of the request (a step inside another counts "
        "in both).",
    ]
    write_results(
        f"fixed-cost-{kind}",
        [table, *details],
        out_dir=args.out,
        pg_version=pg_version,
        command="python -m bench.fixed_cost " + " ".join(argv or sys.argv[1:]),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
