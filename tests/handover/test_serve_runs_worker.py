"""The app as the README starts it: `tdkt init`, `tdkt demo --if-empty`, `tdkt serve` in a fresh
working directory with the default data directory (instance/), which also runs the background
worker. A return reaches the nominator's bell; the worker, started by `tdkt serve` alone, sends
its mail from the outbox; the worker stops with the server (Ctrl-C, or the server killed), and
`--no-worker` (TDKT_SERVE_WORKER=0) runs none."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from scripts import dossier_files
from tests.deadlines.test_mail import Inbox, free_port
from tests.support.readme_served import clean_env, free_ports
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD

#: tdkt on an SQLite file of its own, as the README starts it: the SQLite run runs it
pytestmark = pytest.mark.embedded

TDKT = str(Path(sys.executable).parent / "tdkt")
ROOT = Path(__file__).resolve().parents[2]
#: ports given to this feature's servers (one machine, several people's servers)
PORTS = range(5131, 5140)
REASON = "Thiếu biên bản họp bình xét có chữ ký của Chủ tịch Công đoàn"
ADDRESS = "lan@cntt.example"


def a_port() -> int:
    return next(iter(free_ports(PORTS)), None) or free_port()


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(check, seconds: float = 20.0, what: str = ""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"waited {seconds}s for {what or check}")


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> Path:
    """The default data directory (instance/) as `make run`'s first two commands leave it in a
    fresh working directory: built once for the module, copied into each test's directory, so
    that `tdkt init` migrating an empty database and `tdkt demo` loading the whole demo (most of
    a test's time) happen once; each test's `make run` still runs all three commands, on
    the data they left, as a second `make run` in that directory does."""
    workdir = tmp_path_factory.mktemp("first-run")
    for command in (["init"], ["demo", "--if-empty"]):
        subprocess.run(
            [TDKT, *command], cwd=workdir, env=clean_env(), check=True, capture_output=True
        )
    return workdir / "instance"


def after_first_run(first_run: Path, workdir: Path) -> Path:
    """`workdir` with a copy of the first run's instance/; its database."""
    shutil.copytree(first_run, workdir / "instance")
    return workdir / "instance" / "tdkt.sqlite"


@contextmanager
def served(workdir: Path, env: dict[str, str]) -> Iterator[tuple[subprocess.Popen, str]]:
    """`make run`'s three commands in `workdir`; the server in a session of its own."""
    for command in (["init"], ["demo", "--if-empty"]):
        subprocess.run([TDKT, *command], cwd=workdir, env=env, check=True, capture_output=True)
    port = a_port()
    server = subprocess.Popen(
        [TDKT, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        cwd=workdir,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            with urllib.request.urlopen(f"{base}/login", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False

    try:
        wait_for(up, 60, "the server")
        yield server, base
    finally:
        # The whole group, whatever is left of it (the master may be gone already).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=90)


def the_worker(server: subprocess.Popen) -> int:
    return wait_for(
        lambda: next((p for p in children(server.pid) if "--parent-pid" in cmdline(p)), None),
        20,
        "the background worker",
    )


def call(base: str, method: str, path: str, token: str | None = None, body=None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}/api/v1{path}", data, headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def complete_dossier(base: str, pid: int, token: str) -> None:
    """The checklist's required documents, so that the proposal may be submitted."""
    for kind in dossier_files.missing(call(base, "GET", f"/proposals/{pid}", token)):
        data, content_type = dossier_files.multipart(kind)
        headers = {"Content-Type": content_type, "Authorization": f"Bearer {token}"}
        url = f"{base}/api/v1/proposals/{pid}/attachments"
        request = urllib.request.Request(url, data, headers, method="POST")
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 201


def token(base: str, username: str) -> str:
    body = {"username": username, "password": DEFAULT_DEMO_PASSWORD}
    return call(base, "POST", "/auth/token", body=body)["token"]


def bell_page(base: str, username: str) -> str:
    """The bell as the nominator sees it, after a login through the form (with its CSRF token)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    login = opener.open(f"{base}/login", timeout=30).read().decode()
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login)
    assert csrf, "no CSRF token on the login page"
    form = urllib.parse.urlencode(
        {"csrf_token": csrf.group(1), "username": username, "password": DEFAULT_DEMO_PASSWORD}
    )
    opener.open(f"{base}/login", form.encode(), timeout=30).read()
    return opener.open(f"{base}/notifications/", timeout=30).read().decode()


def test_make_run_tells_the_nominator_of_a_return_and_its_worker_sends_the_mail(
    first_run, tmp_path
):
    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = clean_env(
        TDKT_SMTP_HOST="127.0.0.1",
        TDKT_SMTP_PORT=str(smtp_port),
        TDKT_SMTP_FROM="tdkt@dienbien.gov.vn",
        TDKT_WORKER_INTERVAL="1",
    )
    try:
        database = after_first_run(first_run, tmp_path)  # the default data directory
        with sqlite3.connect(database) as db:
            db.execute(
                "UPDATE user_account SET email = ? WHERE username = 'vanthu.cntt'", (ADDRESS,)
            )
        with served(tmp_path, env) as (server, base):
            worker = the_worker(server)
            nominator, head = token(base, "vanthu.cntt"), token(base, "truongphong.cntt")
            body = {
                "award_code": "LDTT",
                "year": 2025,
                "title": "Đề nghị LĐTT năm 2025",
                "summary": "Hoàn thành xuất sắc nhiệm vụ",
                "nominees": [{"name": "Nguyễn Văn An", "job_title": "Chuyên viên"}],
            }
            pid = call(base, "POST", "/proposals", nominator, body)["id"]
            complete_dossier(base, pid, nominator)
            call(base, "POST", f"/proposals/{pid}/submit", nominator, {})
            [task] = [t for t in call(base, "GET", "/tasks", head) if t["proposal_id"] == pid]
            returned = {"action": "return", "comment": REASON}
            call(base, "POST", f"/tasks/{task['id']}/complete", head, returned)

            page = bell_page(base, "vanthu.cntt")
            assert "Chưa có thông báo nào" not in page
            assert f"Hồ sơ #{pid}" in page and "bị trả lại" in page and REASON in page

            # No second command: the worker `tdkt serve` started sends the queued mail.
            def delivered():
                return [
                    message_from_bytes(e.content, policy=policy.default)
                    for e in inbox.envelopes
                    if ADDRESS in e.rcpt_tos
                ]

            [mail] = wait_for(delivered, 30, "the mail of the return")
            assert mail["Subject"] == f"[TĐKT] Hồ sơ #{pid} bị trả lại"
            assert REASON in mail.get_content()

            # The worker marks the row after the server took the mail: wait for its commit.
            def marked_sent():
                with sqlite3.connect(database) as db:
                    rows = db.execute("SELECT status FROM outbox_message").fetchall()
                return rows == [("sent",)]

            wait_for(marked_sent, 30, "the outbox row marked sent")

            # Ctrl-C at the terminal: the whole foreground group gets SIGINT; both stop.
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=90)
            wait_for(lambda: not alive(worker), 15, "the worker to stop with the server")
    finally:
        controller.stop()


def test_the_worker_stops_when_the_server_dies(first_run, tmp_path):
    after_first_run(first_run, tmp_path)
    with served(tmp_path, clean_env(TDKT_WORKER_INTERVAL="30")) as (server, _):
        worker = the_worker(server)
        os.kill(server.pid, signal.SIGKILL)  # the master only, with no chance to clean up
        server.wait(timeout=90)
        wait_for(lambda: not alive(worker), 15, "the orphaned worker to stop")


def test_no_worker_when_turned_off(first_run, tmp_path):
    after_first_run(first_run, tmp_path)
    with served(tmp_path, clean_env(TDKT_SERVE_WORKER="0")) as (server, _):
        time.sleep(2)
        assert not [p for p in children(server.pid) if "--parent-pid" in cmdline(p)]
        assert children(server.pid)  # the gunicorn worker
