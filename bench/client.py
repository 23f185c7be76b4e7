"""A small keep-alive JSON client over http.client, and the LĐTT path driven through the API."""

from __future__ import annotations

import http.client
import itertools
import json
import multiprocessing
import queue
import time
from dataclasses import dataclass, field

from bench.dbsetup import PASSWORD
from bench.ldtt import NOMINATOR, REVIEW, USERS, ballot_body, ballot_choices, proposal_body
from scripts import dossier_files


class HttpError(RuntimeError):
    pass


class Connection:
    """One persistent connection; the caller says which token each request carries."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(
        self,
        method: str,
        path: str,
        token: str | None = None,
        body=None,
        expect=200,
        raw: tuple[bytes, str] | None = None,
    ):
        """`raw`: a body already encoded and its Content-Type (a multipart upload)."""
        headers = {"Content-Type": raw[1] if raw else "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        payload = raw[0] if raw else json.dumps(body).encode() if body is not None else None
        for attempt in (1, 2):
            try:
                self.conn.request(method, "/api/v1" + path, body=payload, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2:
                    raise
        if response.status != expect:
            raise HttpError(f"{method} {path}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else None

    def close(self) -> None:
        self.conn.close()


def tokens(port: int) -> dict[str, str]:
    conn = Connection(port)
    try:
        return {
            user: conn.call(
                "POST", "/auth/token", body={"username": user, "password": PASSWORD}, expect=201
            )["token"]
            for user in USERS
        }
    finally:
        conn.close()


@dataclass
class Tally:
    completion: list[float] = field(default_factory=list)
    #: the same latencies by step (the submit, then each element of the path)
    by_step: dict[str, list[float]] = field(default_factory=dict)
    inbox: list[float] = field(default_factory=list)
    proposals: int = 0
    #: CPU seconds the client processes spent (user + system), to show they are not the limit
    client_cpu: float = 0.0
    requests: int = 0

    def merge(self, part: dict) -> None:
        for step, seconds in part["steps"]:
            self.completion.append(seconds)
            self.by_step.setdefault(step, []).append(seconds)
        self.inbox += part["inbox"]
        self.proposals += part["proposals"]
        self.client_cpu += part["cpu"]
        self.requests += part["requests"]


def walk(conn: Connection, token: dict[str, str], n: int, part: dict, inbox_first: bool) -> None:
    """File one proposal, submit it, and approve it through the four review steps.

    Each step is taken from the previous answer's next steps (issue 19); `inbox_first`: the
    path as clients went before it, reading the new proposal back for its dossier, and the
    reviewer's inbox (and, for a ballot, the proposal) before each completion."""
    steps, inbox = part["steps"], part["inbox"]
    filed = conn.call("POST", "/proposals", token[NOMINATOR], proposal_body(n), expect=201)
    pid = filed["id"]
    # The dossier's required documents, before submitting (scripts/dossier_files.py): from the
    # filing's answer (issue 19), or, on the path before it, from the proposal read back.
    if inbox_first:
        filed = conn.call("GET", f"/proposals/{pid}", token[NOMINATOR])
        part["requests"] += 1
    for kind in dossier_files.missing(filed):
        upload = dossier_files.multipart(kind)
        conn.call("POST", f"/proposals/{pid}/attachments", token[NOMINATOR], raw=upload, expect=201)
    t0 = time.perf_counter()
    done = conn.call("POST", f"/proposals/{pid}/submit", token[NOMINATOR], {})
    steps.append(("submit", time.perf_counter() - t0))
    if done["status"] != "in_review":
        raise HttpError(f"proposal {pid} not in review after submit: {done}")
    for who, element, fields in REVIEW:
        if inbox_first:
            t0 = time.perf_counter()
            tasks = conn.call("GET", f"/tasks?proposal_id={pid}", token[who])
            inbox.append(time.perf_counter() - t0)
            part["requests"] += 1
        else:
            tasks = [s for s in done["next_steps"] if s["assignee"] in (None, who)]
        if len(tasks) != 1 or tasks[0]["element"] != element:
            raise HttpError(f"{who} expected one task {element} of {pid}, got {tasks}")
        body = {"action": "approve", **fields}
        if tasks[0].get("form") == "ballot":
            # A council member's secret ballot names each nominee.
            if inbox_first:
                body = ballot_body(conn.call("GET", f"/proposals/{pid}", token[who]))
                part["requests"] += 1
            else:
                body = ballot_choices(tasks[0]["nominees"])
        t0 = time.perf_counter()
        done = conn.call("POST", f"/tasks/{tasks[0]['id']}/complete", token[who], body)
        steps.append((element, time.perf_counter() - t0))
    if done["proposal"]["status"] != "approved":
        raise HttpError(f"proposal {pid} not approved at the end: {done['proposal']}")
    part["proposals"] += 1
    part["requests"] += 2 + len(REVIEW)


def _client(
    port: int, token: dict[str, str], k: int, per_client: int, inbox_first: bool, start, results
) -> None:
    """One client process: its own interpreter, so clients never share a GIL with each other."""
    part = {"steps": [], "inbox": [], "proposals": 0, "requests": 0, "cpu": 0.0}
    conn = Connection(port)
    try:
        start.wait()
        cpu0 = time.process_time()
        for i in range(per_client):
            walk(conn, token, k * 100_000 + i, part, inbox_first)
        part["cpu"] = time.process_time() - cpu0
        results.put(part)
    except BaseException as exc:  # reported by the parent
        results.put({"error": f"client {k}: {exc!r}"})
    finally:
        conn.close()


_DRIVES = itertools.count()


def drive(
    port: int, token: dict[str, str], clients: int, per_client: int, inbox_first: bool = False
) -> tuple[Tally, float]:
    """`clients` processes, each walking `per_client` proposals; returns the tally and wall time.

    Processes, not threads: client threads in this process would share one GIL (and one core)
    with each other, so the load generator could become the limit it is meant to measure.
    """
    ctx = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
    start = ctx.Barrier(clients + 1)
    results = ctx.Queue()
    # Each call files other people (a person gets an award once a year): a warm-up and the
    # measured run number their clients apart.
    first = next(_DRIVES) * 1000
    procs = [
        ctx.Process(
            target=_client,
            args=(port, token, first + k, per_client, inbox_first, start, results),
        )
        for k in range(clients)
    ]
    for proc in procs:
        proc.start()
    start.wait(timeout=120)
    t0 = time.perf_counter()
    parts = []
    while len(parts) < len(procs):
        try:
            parts.append(results.get(timeout=1))
        except queue.Empty:
            # A client that died without a word (killed, out of memory) must not hang the run.
            if sum(p.exitcode not in (None, 0) for p in procs):
                raise HttpError("a client process died without reporting") from None
    wall = time.perf_counter() - t0
    for proc in procs:
        proc.join(timeout=30)
    tally = Tally()
    for part in parts:
        if "error" in part:
            raise HttpError(part["error"])
        tally.merge(part)
    return tally, wall
