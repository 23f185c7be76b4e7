"""What an API request costs the database: the token lookup and the inbox, statement by statement.

Issue 4: every API request authenticates, so its lookup must be one indexed query that also
brings the roles, and the inbox must not load what it never shows. Counting the statements
(not timing them) keeps these tests exact on a busy machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from itertools import takewhile

import pytest
from sqlalchemy import event, func, select, text, update
from sqlalchemy.orm import Session

from models import ApiToken, AuditEvent, BallotBox, User
from tests.support.forwarding import FORWARD
from tests.support.statements import statements
from workflows.ops.demo import DEFAULT_DEMO_PASSWORD


def _from(sql: str) -> str:
    """The first table a SELECT reads."""
    found = re.search(r"\bFROM (\w+)", sql)
    return found.group(1) if found else ""


def test_a_bearer_request_finds_token_user_and_roles_in_one_statement(app, api):
    me = api("giamdoc.tttt")
    with statements(app) as seen:
        body = me.ok("GET", "/me")
    # Before: three (api_token, then user_account, then role_assignment).
    assert len(seen) == 1, seen
    assert "api_token" in seen[0] and "role_assignment" in seen[0]
    department = {"org": "sotttt", "org_name": "Sở Thông tin và Truyền thông tỉnh Điện Biên"}
    # The Director chairs the department's council (demo data).
    assert body["roles"] == [
        {"role": "dept_council", **department},
        {"role": "director", **department},
    ]


def test_a_user_with_several_roles_gets_each_role_once(app, api, session, user_id):
    # The joined load returns one row per role: the user must still come back once, whole.
    chuyenvien = api("chuyenvien.btdkt")
    expected = session.execute(
        text(
            "SELECT r.role_code, o.code FROM role_assignment r JOIN organisation o "
            "ON o.id = r.org_id WHERE r.user_id = :u"
        ),
        {"u": user_id("chuyenvien.btdkt")},
    ).all()
    assert len(expected) >= 2  # board_officer and board (README)
    roles = chuyenvien.ok("GET", "/me")["roles"]
    assert sorted((r["role"], r["org"]) for r in roles) == sorted(tuple(e) for e in expected)


def test_revoked_expired_and_disabled_are_refused_by_the_one_statement(api, client, session):
    # No cache in the process: a change committed through another session counts at once.
    holder = api("truongphong.cntt")
    name = User.username == "truongphong.cntt"
    issued = session.scalar(select(func.min(ApiToken.created_at)))
    valid = [
        update(ApiToken).values(revoked_at=None, expires_at=issued + timedelta(hours=1)),
        update(User).where(name).values(active=True),
    ]
    cases = {
        "revoked": update(ApiToken).values(revoked_at=issued),
        "expired": update(ApiToken).values(expires_at=issued - timedelta(seconds=1)),
        "disabled": update(User).where(name).values(active=False),
    }
    for case, change in cases.items():
        for statement in valid:
            session.execute(statement)
        session.commit()
        assert holder.get("/me").status_code == 200, f"valid again before {case}"
        session.execute(change)
        session.commit()
        response = holder.get("/me")
        assert response.status_code == 401, case
        assert "invalid_token" in response.headers["WWW-Authenticate"]
    fresh = client.post(
        "/api/v1/auth/token",
        json={"username": "truongphong.cntt", "password": DEFAULT_DEMO_PASSWORD},
    )
    assert fresh.status_code == 401  # the account is disabled, so no new token either


def test_the_inbox_reads_no_nominees_and_no_author(app, api):
    vanthu, truongphong = api("vanthu.cntt"), api("truongphong.cntt")
    proposal_id = vanthu.file("LDTT")
    vanthu.ok("POST", f"/proposals/{proposal_id}/submit", json={})
    with statements(app) as seen:
        tasks = truongphong.ok("GET", f"/tasks?proposal_id={proposal_id}")
    assert [t["proposal_id"] for t in tasks] == [proposal_id]
    read = [_from(sql) for sql in seen]
    # One for the token (with the roles), one for the inbox rows; before, the nominees'
    # selectin load came after them. (Other features may add reads of their own.)
    assert read[:2] == ["user_account", "human_task"], seen
    assert "nominee" not in read and "role_assignment" not in read, seen


def test_postgresql_connections_run_without_jit(db_url, db_value):
    if not db_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL setting: run the suite with TDKT_TEST_DATABASE_URL")
    # JIT-compiling the large counts cost more than running them (bench/README.md).
    assert db_value("SHOW jit") == "off"


def test_postgresql_prepares_a_statement_at_its_first_run(app, db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL setting: run the suite with TDKT_TEST_DATABASE_URL")
    # Planned once per connection, not at each of its first five runs (models/database.py).
    with app.extensions["tdkt_engine"].connect() as conn:
        conn.execute(select(User.id).where(User.username == "giamdoc.tttt")).all()
        prepared = conn.execute(text("SELECT statement FROM pg_prepared_statements")).scalars()
        assert any("user_account.username" in sql for sql in prepared)


def test_filing_reads_its_process_version_without_the_spec_and_sources(app, api):
    vanthu = api("vanthu.cntt")
    vanthu.file("LDTT")  # the version's runtime is built (and its row checked) once
    with statements(app) as seen:
        vanthu.file("LDTT")
    read = [sql for sql in seen if "FROM process_version" in sql]
    # The row is read for its id; its ~100 KB of texts stay in the database.
    assert read and not any("spec_json" in sql or "sources_json" in sql for sql in read), read


def test_a_step_locks_first_reads_its_task_once_and_answers_without_reading(app, api):
    vanthu, truongphong = api("vanthu.cntt"), api("truongphong.cntt")
    proposal_id = vanthu.file("LDTT")
    vanthu.ok("POST", f"/proposals/{proposal_id}/submit", json={})
    task_id = truongphong.task_for(proposal_id)["id"]
    postgresql = app.extensions["tdkt_engine"].dialect.name == "postgresql"
    payload = {"action": "approve", **FORWARD}
    steps = {
        "claim": ("POST", f"/tasks/{task_id}/claim", {}),
        "release": ("POST", f"/tasks/{task_id}/release", {}),
        "complete": ("POST", f"/tasks/{task_id}/complete", {"json": payload}),
    }
    for step, (method, path, kwargs) in steps.items():
        with statements(app) as seen:
            answer = truongphong.ok(method, path, **kwargs)["task"]
        holder = None if step == "release" else "truongphong.cntt"
        assert answer["claimed_by"] == holder, step
        assert answer["completed_by"] == (holder if step == "complete" else None), step
        # Token, then the lock (the task's proposal found inside it), then task and proposal
        # in one read. Before: the task, the lock, the task again, the proposal.
        assert _from(seen[1]) == "workflow_instance" and "human_task.id" in seen[1], (step, seen)
        assert "FOR UPDATE" in seen[1] or not postgresql, (step, seen)
        assert _from(seen[2]) == "human_task" and "JOIN proposal" in seen[2], (step, seen)
        reads = [_from(sql) for sql in takewhile(lambda sql: sql.startswith("SELECT"), seen)]
        assert reads.count("human_task") == 1, (step, seen)
        # The answer names the claimer and completer from their ids: nothing is read after
        # the step's last write (before: the task again, with its claimer) but, for a
        # completion, the proposal's next steps it carries (issue 19), in one statement.
        last = seen[-2:] if step == "complete" else seen[-1:]
        if step == "complete":
            assert _from(last[1]) == "human_task" and "proposal_id" in last[1], seen
            assert "claimed_by" not in last[1].split("FROM")[1], seen
        assert not last[0].startswith("SELECT"), (step, seen)


def test_the_inbox_loads_only_what_it_shows_and_names_the_claimer_without_a_query(app, api):
    vanthu, truongphong = api("vanthu.cntt"), api("truongphong.cntt")
    proposal_id = vanthu.file("LDTT")
    vanthu.ok("POST", f"/proposals/{proposal_id}/submit", json={})
    task_id = truongphong.task_for(proposal_id)["id"]
    truongphong.ok("POST", f"/tasks/{task_id}/claim")
    for path in (f"/tasks?proposal_id={proposal_id}", "/tasks"):
        with statements(app) as seen:
            tasks = truongphong.ok("GET", path)
        [task] = [t for t in tasks if t["id"] == task_id]
        assert task["claimed_by"] == "truongphong.cntt" and task["org"], task
        # The claimer is the caller (or nobody), already loaded with the token.
        assert [_from(sql) for sql in seen].count("user_account") == 1, seen
        [listing] = [sql for sql in seen if _from(sql) == "human_task"]
        # Neither the proposal's text nor its unit, award or author: the list shows none.
        for unread in ("proposal.summary", "JOIN award", "JOIN user_account"):
            assert unread not in listing, (unread, listing)


@contextmanager
def _new_objects_flushed() -> Iterator[list[str]]:
    """The class names of the new objects every session flushes inside the block."""
    flushed: list[str] = []

    def before_flush(flushing, _context, _instances) -> None:
        flushed.extend(type(row).__name__ for row in flushing.new)

    event.listen(Session, "before_flush", before_flush)
    try:
        yield flushed
    finally:
        event.remove(Session, "before_flush", before_flush)


def test_the_trail_is_written_without_the_unit_of_work(app, api, session):
    # Issue 19: an audit event added to the session made every step's flush a unit of work
    # (mapper, identity map, its new key read back) for a row nothing reads in that request.
    vanthu, truongphong = api("vanthu.cntt"), api("truongphong.cntt")
    proposal_id = vanthu.file("LDTT")
    with _new_objects_flushed() as flushed:
        vanthu.ok("POST", f"/proposals/{proposal_id}/submit", json={})
        truongphong.act(proposal_id)
        api("thuongtruc.tttt").act(proposal_id)
    assert "AuditEvent" not in flushed, flushed
    # ... and still every step is in the trail, in order
    actions = session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.proposal_id == proposal_id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions[-3:] == ["submitted", "approved", "approved"], actions


def test_the_ballot_box_opens_without_the_unit_of_work(app, api, session):
    # Issue 19: the secretariat's step (the slowest of the path) added the box and a tally per
    # nominee to the session; nothing in that step reads them back as objects.
    vanthu = api("vanthu.cntt")
    proposal_id = vanthu.file("LDTT")
    vanthu.ok("POST", f"/proposals/{proposal_id}/submit", json={})
    api("truongphong.cntt").act(proposal_id)
    with _new_objects_flushed() as flushed:
        api("thuongtruc.tttt").act(proposal_id)
    assert not {"BallotBox", "BallotTally"} & set(flushed), flushed
    # ... and the box is open with a zero count for each nominee, the rule of its day kept
    box = session.scalars(select(BallotBox).where(BallotBox.proposal_id == proposal_id)).one()
    assert (box.status, box.round, box.stage, box.present, box.absent) == (
        "open",
        1,
        "department",
        0,
        0,
    )
    assert box.members_total == 5 and box.opened_at is not None
    assert [(t.yes, t.no, t.passed) for t in box.tallies] == [(0, 0, None)] * len(box.tallies)
    assert len(box.tallies) >= 1
    assert '"quorum_num"' in box.rules_json
