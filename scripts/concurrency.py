"""Many clients at once, over real HTTP, against a real gunicorn server with several workers.

Nominators file and submit proposals and resubmit the returned ones; reviewers — several
accounts per role, several clients per account — list /api/v1/tasks and claim, release and
complete the same tasks at the same time. Then every proposal is checked against its audit
trail, its instances and its inbox rows (scripts/consistency.py), and the clients' own count
of what succeeded against the rows written. 409 and 403 are the expected outcome of races;
any 5xx or dropped connection is an error.

    python -m scripts.concurrency [--clients 30] [--filings 5] [--ops 80] [--workers 3]

The database is PostgreSQL when TDKT_TEST_DATABASE_URL names a server (a database of its own
is created there and dropped), else a SQLite file in a temporary directory. Loopback only; every
loop is bounded in requests and in time.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from models import Proposal
from models.database import make_engine, make_session_factory
from scripts import consistency
from scripts.liveserver import LiveServer
from scripts.testdb import open_databases, seed
from workflows.directory.users import assign, get_or_create_user
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD as PASSWORD

API = "/api/v1"
#: second holders of the busiest roles, so different people race for one task
EXTRA_ACCOUNTS = [
    ("vanthu2.cntt", "nominator", "sotttt-cntt"),
    ("photruong.cntt", "unit_head", "sotttt-cntt"),
    ("thuongtruc2.tttt", "dept_secretariat", "sotttt"),
    ("hoidong2.tttt", "dept_council", "sotttt"),
    ("phogiamdoc.tttt", "director", "sotttt"),
]
NOMINATORS = ["vanthu.cntt", "vanthu2.cntt", "vanthu.ttcntt", "vanthu.bcvt"]
#: in order of need; past the end the list starts again (two clients of one account)
REVIEWERS = [
    "truongphong.cntt",
    "photruong.cntt",
    "thuongtruc.tttt",
    "thuongtruc2.tttt",
    "hoidong.tttt",
    "giamdoc.tttt",
    "phogiamdoc.tttt",
    "hoidong2.tttt",
    "giamdoc.ttcntt",
    "truongphong.bcvt",
    "truongkhoi.vhxh",
    "truongcum.2",
    "chuyenvien.btdkt",
    "hoidong.tinh",
    "chutich.ubnd",
    # the other members of the demo councils: each casts a ballot, or the box stays open
    "congdoan.tttt",
    "thanhtra.tttt",
    "truongphong.ttbcxb",
    "giamdoc.snv",
]
AWARDS = ["LDTT", "LDTT", "GK_CN", "BK_TINH_CN"]
FIELD_VALUES = {
    "score": 92,
    "rank": 1,
}


@dataclass
class Tally:
    """What the clients saw: (kind of request, status) → count; status 0 is a dropped request."""

    counts: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int) -> None:
        with self.lock:
            self.counts[(kind, status)] += 1

    def ok(self, *kinds: str) -> int:
        return sum(n for (k, s), n in self.counts.items() if k in kinds and 200 <= s < 300)

    def by_kind(self) -> dict[str, str]:
        """kind → "200×n 409×m …", for the table."""
        out: dict[str, Counter] = {}
        for (kind, status), n in self.counts.items():
            out.setdefault(kind, Counter())[status] += n
        return {k: " ".join(f"{s}×{n}" for s, n in sorted(c.items())) for k, c in out.items()}

    def by_status(self) -> Counter:
        out: Counter = Counter()
        for (_, status), n in self.counts.items():
            out[status] += n
        return out


@dataclass
class Report:
    clients: int
    workers: int
    database: str
    duration: float
    statuses: Counter
    kinds: dict[str, str]
    errors: int
    inconsistencies: list[str]
    proposals: Counter
    events: Counter

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def table(self) -> str:
        rows = [
            ("database", self.database),
            ("gunicorn workers", self.workers),
            ("clients", self.clients),
            ("requests", self.requests),
            *((f"  HTTP {s}" if s else "  dropped", n) for s, n in sorted(self.statuses.items())),
            *((f"  {kind}", counts) for kind, counts in sorted(self.kinds.items())),
            ("errors (5xx, dropped)", self.errors),
            ("inconsistencies", len(self.inconsistencies)),
            ("proposals by status", dict(sorted(self.proposals.items()))),
            ("steps completed", sum(self.events[a] for a in consistency.COMPLETION_EVENTS)),
            ("duration (s)", f"{self.duration:.1f}"),
        ]
        lines = [f"{name:<24} {value}" for name, value in rows]
        return "\n".join(lines + [f"  ! {problem}" for problem in self.inconsistencies[:20]])


class Client(threading.Thread):
    def __init__(self, server: LiveServer, token: str, tally: Tally, ops: int, deadline: float):
        super().__init__(daemon=True)
        self.server, self.token, self.tally = server, token, tally
        self.ops, self.deadline = ops, deadline
        self.random = random.Random()

    def call(self, kind: str, method: str, path: str, body: dict | None = None, cost: int = 1):
        self.ops -= cost
        try:
            status, answer = self.server.request(method, API + path, body, self.token, 60)
        except OSError:
            status, answer = 0, None
        self.tally.add(kind, status)
        return status, answer

    def going(self) -> bool:
        return self.ops > 0 and time.monotonic() < self.deadline

    def payload(self, task: dict, action: str) -> dict:
        if task["form"] == "ballot":
            return self.ballot(task)
        body: dict = {"action": action}
        for f in task["fields"]:
            if action not in f["required_for"] and self.random.random() < 0.5:
                continue
            if f["type"] == "integer":
                body[f["name"]] = FIELD_VALUES.get(f["name"], 1)
            elif f["type"] == "date":
                body[f["name"]] = "15/12/2025"
            else:
                body[f["name"]] = f"Lý do / số {self.random.randint(1, 999)}/QĐ"
        if action == "approve":
            # Demo nominees fail criteria of bpmn/eligibility.dmn: forwarding needs a reason.
            body["justification"] = "Đã xem xét, đề nghị chuyển tiếp"
        return body

    def ballot(self, task: dict) -> dict:
        """A council member's secret ballot: mostly yes, at times no, now and then absent."""
        if self.random.random() < 0.1:
            return {"action": "absent"}
        status, detail = self.call("read", "GET", f"/proposals/{task['proposal_id']}")
        nominees = detail["nominees"] if status == 200 else []
        choices = {
            str(n["id"]): self.random.choices(["yes", "no"], [0.85, 0.15])[0]
            for n in nominees
            if n["status"] == "active"
        }
        return {"action": "vote", "choices": choices}


class Nominator(Client):
    # Filings not yet made by any nominator: reviewers wait for them without spending requests.
    filings_left = 0
    filings_left_lock = threading.Lock()

    def __init__(self, *args, filings: int):
        super().__init__(*args)
        self.filings = filings

    def run(self) -> None:
        try:
            self.work()
        finally:
            # Filings this client never made (out of time or budget) are not awaited either.
            self.filed(self.filings)

    def filed(self, count: int) -> None:
        with self.filings_left_lock:
            Nominator.filings_left -= count

    def work(self) -> None:
        while self.going():
            if self.filings > 0:
                self.filings -= 1
                self.file_and_submit()
            status, tasks = self.call("tasks", "GET", "/tasks")
            tasks = tasks if status == 200 and tasks else []
            for task in tasks:
                if not self.going():
                    break
                if self.random.random() < 0.5:
                    self.call("submit", "POST", f"/proposals/{task['proposal_id']}/submit", {})
                else:
                    path = f"/tasks/{task['id']}/complete"
                    self.call("complete", "POST", path, {"action": "submit"})
            if self.filings == 0 and not tasks:
                time.sleep(0.1)

    def file_and_submit(self) -> None:
        body = {
            "award_code": self.random.choice(AWARDS),
            "year": 2025,
            "title": f"Đề nghị khen thưởng số {self.random.randint(1, 10**6)}",
            "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
            "nominees": [{"name": "Nguyễn Văn An", "job_title": "Chuyên viên"}],
            # Outside any movement: the demo movement's deadline (15/01/2026) has passed.
            "movement": None,
        }
        status, created = self.call("file", "POST", "/proposals", body)
        if status == 201:
            self.server.complete_dossier(created["id"], self.token)
            self.call("submit", "POST", f"/proposals/{created['id']}/submit", {})
        self.filed(1)


class Reviewer(Client):
    IDLE_SECONDS = 3.0

    def run(self) -> None:
        # An empty inbox costs no request budget (on a slow machine the filings come late, and
        # reviewers that spent their budget polling left every proposal unreviewed); once every
        # filing is in, a reviewer that finds nothing for a few seconds is done.
        idle_since = time.monotonic()
        while self.going():
            status, tasks = self.call("tasks", "GET", "/tasks", cost=0)
            if status != 200 or not tasks:
                if Nominator.filings_left > 0:
                    idle_since = time.monotonic()
                elif time.monotonic() - idle_since > self.IDLE_SECONDS:
                    return
                time.sleep(0.1)
                continue
            self.ops -= 1
            idle_since = time.monotonic()
            # Mostly the oldest task, so that clients collide on it.
            task = tasks[0] if self.random.random() < 0.6 else self.random.choice(tasks)
            roll = self.random.random()
            if roll < 0.25:
                if self.call("claim", "POST", f"/tasks/{task['id']}/claim")[0] == 200:
                    self.complete(task)
            elif roll < 0.4:
                self.call("claim", "POST", f"/tasks/{task['id']}/claim")
                self.call("release", "POST", f"/tasks/{task['id']}/release")
            elif roll < 0.45:
                self.call("release", "POST", f"/tasks/{task['id']}/release")
            else:
                self.complete(task)

    def complete(self, task: dict) -> None:
        offered = [a["action"] for a in task["actions"]]
        action = self.random.choices(["approve", "return", "reject"], [0.8, 0.12, 0.08])[0]
        action = action if action in offered else offered[0]
        self.call("complete", "POST", f"/tasks/{task['id']}/complete", self.payload(task, action))


def add_extra_accounts(url: str) -> None:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            for username, role, org in EXTRA_ACCOUNTS:
                user = get_or_create_user(session, username, username, PASSWORD)
                assign(session, user, role, org)
            session.commit()
    finally:
        engine.dispose()


def run(
    url: str,
    data_dir: Path,
    *,
    clients: int = 30,
    filings: int = 5,
    ops: int = 80,
    workers: int = 3,
    seconds: float = 240,
) -> Report:
    """Run the clients against a server on the seeded database at `url`; then check it."""
    add_extra_accounts(url)
    tally = Tally()
    nominators = max(2, clients // 5)
    started = time.monotonic()
    Nominator.filings_left = nominators * filings
    with LiveServer(url, data_dir, workers=workers, threads=4) as server:
        tokens = {u: server.token(u, PASSWORD) for u in {*NOMINATORS, *REVIEWERS}}
        deadline = time.monotonic() + seconds
        crowd: list[Client] = [
            Nominator(server, tokens[NOMINATORS[i % 4]], tally, ops, deadline, filings=filings)
            for i in range(nominators)
        ]
        crowd += [
            Reviewer(server, tokens[REVIEWERS[i % len(REVIEWERS)]], tally, ops, deadline)
            for i in range(clients - nominators)
        ]
        for client in crowd:
            client.start()
        for client in crowd:
            client.join(timeout=seconds + 120)
        server_log = server.log_tail(200)
    duration = time.monotonic() - started

    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            problems = consistency.check(session)
            events = consistency.count_events(session)
            proposals = Counter(session.scalars(select(Proposal.status)))
    finally:
        engine.dispose()
    problems += _lost_or_doubled(tally, events, proposals)
    statuses = tally.by_status()
    errors = sum(n for status, n in statuses.items() if status == 0 or status >= 500)
    if errors:
        problems.append(f"server log tail:\n{server_log}")
    backend = url.split(":", 1)[0].split("+", 1)[0]
    kinds = tally.by_kind()
    return Report(
        clients, workers, backend, duration, statuses, kinds, errors, problems, proposals, events
    )


def _lost_or_doubled(tally: Tally, events: Counter, proposals: Counter) -> list[str]:
    """What the clients were told succeeded must be exactly what the database holds."""
    problems = []
    filed, completed = tally.ok("file"), tally.ok("submit", "complete")
    if filed != sum(proposals.values()):
        problems.append(f"{filed} proposals acknowledged, {sum(proposals.values())} stored")
    logged = sum(events[a] for a in consistency.COMPLETION_EVENTS)
    if completed != logged:
        problems.append(f"{completed} completions acknowledged, {logged} completion events")
    if tally.ok("release") != events["released"]:
        problems.append(f"{tally.ok('release')} releases acknowledged, {events['released']} events")
    if events["claimed"] > tally.ok("claim"):
        problems.append(f"{events['claimed']} claim events for {tally.ok('claim')} claims")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--filings", type=int, default=5, help="proposals per nominator client")
    parser.add_argument("--ops", type=int, default=80, help="requests per client at most")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--seconds", type=float, default=240, help="time limit of the run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tdkt-concurrency-") as tmp:
        databases = open_databases(Path(tmp) / "db")
        try:
            url = databases.create()
            seed(url, PASSWORD)
            report = run(
                url,
                Path(tmp) / "server",
                clients=args.clients,
                filings=args.filings,
                ops=args.ops,
                workers=args.workers,
                seconds=args.seconds,
            )
        finally:
            databases.close()
    print(report.table())
    return 0 if report.errors == 0 and not report.inconsistencies else 1


if __name__ == "__main__":
    raise SystemExit(main())
