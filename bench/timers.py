"""Timers: the cost of a due date, and how fast `tdkt worker` fires reminders.

N LĐTT proposals are filed and submitted under a frozen clock (Wednesday 11/2/2026 10:00,
Việt Nam time): each unit-head step gets a reminder for Friday 13/2 08:00. The clock moves to
Friday 09:00 and `workers` workers each run one pass (`tdkt worker --once`) at the same time;
the table gives the wall time of the pass, per instance, and checks that every reminder fired
exactly once. Also: one due_at(...) evaluation (25 working days across Tết).

    python -m bench.timers [--n 200] [--workers 2] [--url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import time_machine
from sqlalchemy import func, select

from bench.ldtt import NOMINATOR, proposal_body
from models import AuditEvent, Notification, NotificationKind, User
from models.database import begin_write, make_engine, make_session_factory
from scripts.testdb import seed
from workflows.deadlines.calendar import Calendar
from workflows.deadlines.due_dates import DeadlineContext
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD
from workflows.process import worker
from workflows.process.registry import ProcessRegistry
from workflows.proposals import filing as proposals
from workflows.reference import role_codes

VN = timezone(timedelta(hours=7))


def due_at_cost(repeat: int = 2000) -> float:
    context = DeadlineContext(
        calendar=Calendar(), clock=lambda: datetime(2026, 2, 2, 10, tzinfo=VN)
    )
    context.due_at("board_appraise", "deadline")  # the year's holidays, computed once
    t0 = time.perf_counter()
    for _ in range(repeat):
        context.due_at("board_appraise", "deadline")
    return (time.perf_counter() - t0) / repeat


def run(url: str, n: int, workers: int) -> dict:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    registry = ProcessRegistry.load(role_codes())
    with time_machine.travel(datetime(2026, 2, 11, 10, 0, tzinfo=VN), tick=False) as clock:
        t0 = time.perf_counter()
        for i in range(n):
            with factory() as s:
                begin_write(s)
                me = s.scalar(select(User).where(User.username == NOMINATOR))
                body = {**proposal_body(i), "movement": None}
                p = proposals.create_proposal(s, registry, me, body)
                proposals.submit_proposal(s, registry, me, p.id)
                s.commit()
        filing = (time.perf_counter() - t0) / n
        clock.move_to(datetime(2026, 2, 13, 9, 0, tzinfo=VN))
        start = threading.Barrier(workers)
        reports: list = []

        def one() -> None:
            start.wait()
            reports.append(worker.run_once(factory, None))

        threads = [threading.Thread(target=one) for _ in range(workers)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - t0
    with factory() as s:
        events = s.scalar(select(func.count()).where(AuditEvent.action == "reminded"))
        # (submitting also told the unit head of the step: only the reminders are counted)
        notes = s.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.kind == NotificationKind.REMINDER)
        )
    engine.dispose()
    fired = sum(r.reminders for r in reports)
    if not (fired == events == notes == n):
        raise SystemExit(
            f"expected {n} reminders, got {fired} fired, {events} events, {notes} notes"
        )
    return {"filing": filing, "seconds": seconds, "fired": fired}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--url", default=None, help="an empty database (default: SQLite file)")
    args = parser.parse_args(argv)
    print(f"due_at (25 working days across Tết): {due_at_cost() * 1e6:.0f} µs")
    with tempfile.TemporaryDirectory(prefix="tdkt-timers-") as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'timers.sqlite'}"
        seed(url, DEFAULT_DEMO_PASSWORD)
        result = run(url, args.n, args.workers)
    kind = url.split(":", 1)[0]
    print(f"{kind}: filing + submit {result['filing'] * 1000:.1f} ms per proposal (with timers)")
    print(
        f"{kind}: {args.workers} workers fired {result['fired']} reminders in "
        f"{result['seconds']:.2f} s ({result['seconds'] / result['fired'] * 1000:.1f} ms each)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
