"""A small keep-alive JSON client over http.client, and the LĐTT path driven through the API."""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field

from .dbsetup import PASSWORD
from .ldtt import NOMINATOR, REVIEW, USERS, proposal_body


class HttpError(RuntimeError):
    pass


class Connection:
    """One persistent connection; the caller says which token each request carries."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method: str, path: str, token: str | None = None, body=None, expect=200):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        payload = json.dumps(body).encode() if body is not None else None
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
    inbox: list[float] = field(default_factory=list)
    proposals: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def merge(self, completion: list[float], inbox: list[float], proposals: int) -> None:
        with self.lock:
            self.completion += completion
            self.inbox += inbox
            self.proposals += proposals


def walk(conn: Connection, token: dict[str, str], n: int, tally: Tally) -> None:
    """File one proposal, submit it, and approve it through the four review steps."""
    completion, inbox = [], []
    pid = conn.call("POST", "/proposals", token[NOMINATOR], proposal_body(n), expect=201)["id"]
    t0 = time.perf_counter()
    state = conn.call("POST", f"/proposals/{pid}/submit", token[NOMINATOR], {})
    completion.append(time.perf_counter() - t0)
    if state["status"] != "in_review":
        raise HttpError(f"proposal {pid} not in review after submit: {state}")
    for who, element, fields in REVIEW:
        t0 = time.perf_counter()
        tasks = conn.call("GET", f"/tasks?proposal_id={pid}", token[who])
        inbox.append(time.perf_counter() - t0)
        if len(tasks) != 1 or tasks[0]["element"] != element:
            raise HttpError(f"{who} expected one task {element} of {pid}, got {tasks}")
        t0 = time.perf_counter()
        done = conn.call(
            "POST", f"/tasks/{tasks[0]['id']}/complete", token[who], {"action": "approve", **fields}
        )
        completion.append(time.perf_counter() - t0)
    if done["proposal"]["status"] != "approved":
        raise HttpError(f"proposal {pid} not approved at the end: {done['proposal']}")
    tally.merge(completion, inbox, 1)


def drive(port: int, token: dict[str, str], clients: int, per_client: int) -> tuple[Tally, float]:
    """`clients` threads, each walking `per_client` proposals; returns the tally and wall time."""
    tally = Tally()
    errors: list[BaseException] = []
    start = threading.Barrier(clients + 1)

    def one(k: int) -> None:
        conn = Connection(port)
        try:
            start.wait()
            for i in range(per_client):
                walk(conn, token, k * 100_000 + i, tally)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=one, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if errors:
        raise errors[0]
    return tally, wall
