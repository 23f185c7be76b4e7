"""Simultaneous wrong guesses at one account get no more passwords checked than the limit.

The check and the count are one locked step (workflows.directory.throttle.reserve), so guesses
arriving together queue on the account's row instead of all reading "not locked yet". Run on
SQLite and, with TDKT_TEST_DATABASE_URL, on PostgreSQL, where counting rows raced (60 guesses
had 16 passwords checked against a limit of 5). Once in the app with the check counted, once
through a real gunicorn server with several workers, counting the answers.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from scripts.liveserver import LiveServer
from tests.support.world import PASSWORD
from workflows.directory import tokens

GUESSES = 60
LIMIT = 5


def _together(count: int, guess) -> list[int]:
    """`count` calls of guess(i) released at the same moment from as many threads."""
    start = threading.Barrier(count)

    def run(i: int) -> int:
        start.wait()
        return guess(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_sixty_simultaneous_guesses_check_at_most_the_limit(app, monkeypatch, db_value):
    checked = []
    lock = threading.Lock()
    real = tokens.verify_password

    def counted(user, password):
        with lock:
            checked.append(password)
        time.sleep(0.02)  # a slower hash widens the window a racing count would slip through
        return real(user, password)

    monkeypatch.setattr(tokens, "verify_password", counted)

    def guess(i: int) -> int:
        response = app.test_client().post(
            "/api/v1/auth/token",
            json={"username": "vanthu.cntt", "password": f"sai-mat-khau-{i}"},
            environ_base={"REMOTE_ADDR": "192.0.2.50"},
        )
        return response.status_code

    statuses = _together(GUESSES, guess)
    assert len(checked) == LIMIT
    assert sorted(set(statuses)) == [401, 429] and statuses.count(401) == LIMIT
    assert db_value("SELECT count(*) FROM login_attempt WHERE username = 'vanthu.cntt'") == LIMIT
    # The right password of the attacked account is refused from there, unchecked.
    assert guess_right(app, "vanthu.cntt", "192.0.2.50") == 429
    assert len(checked) == LIMIT
    # Another account from the same address is not.
    assert guess_right(app, "truongphong.cntt", "192.0.2.50") == 201


def guess_right(app, username: str, ip: str) -> int:
    response = app.test_client().post(
        "/api/v1/auth/token",
        json={"username": username, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": ip},
    )
    return response.status_code


@pytest.mark.slow
def test_sixty_simultaneous_guesses_at_a_real_server(db_url, tmp_path):
    """Through gunicorn as the README starts it: 3 workers × 4 threads, one address for all."""
    server = LiveServer(db_url, tmp_path / "server", workers=3, threads=4).start()
    try:

        def guess(i: int) -> int:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
            try:
                body = json.dumps({"username": "giamdoc.tttt", "password": f"sai-{i}"})
                conn.request(
                    "POST", "/api/v1/auth/token", body, {"Content-Type": "application/json"}
                )
                return conn.getresponse().status
            finally:
                conn.close()

        statuses = _together(GUESSES, guess)
        # Every 401 is a password that was checked; every other guess was refused unchecked.
        assert statuses.count(401) == LIMIT, statuses
        assert statuses.count(429) == GUESSES - LIMIT, statuses
        status, body = server.request(
            "POST", "/api/v1/auth/token", {"username": "giamdoc.tttt", "password": PASSWORD}
        )
        assert status == 429 and "Hãy thử lại sau" in body["message"]
        # Everyone shares the server's address here: another account still logs in.
        assert server.token("chutich.ubnd", PASSWORD)
    finally:
        server.stop()
