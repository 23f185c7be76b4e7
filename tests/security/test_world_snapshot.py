"""The security world tells what a request wrote and puts it back (tests/support/snapshot.py):
the matrix and the property tests rely on both, so both are checked here against writes made
by hand, where a count of rows would see nothing."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from models import AuditEvent, Nominee, Proposal, User
from tests.support.world import proposal_body

WORLD_CASES = [("sotttt", 0)]
NAME = "vanthu.cntt"


def _full_name(world) -> str:
    with world.engine.connect() as conn:
        return conn.scalar(select(User.full_name).where(User.username == NAME))


def test_a_row_changed_in_place_is_seen_and_put_back(world):
    was = _full_name(world)
    before = world.mark()
    with world.engine.begin() as conn:
        conn.execute(update(User).where(User.username == NAME).values(full_name="Tên đã đổi"))
    # No row more or less: only the log sees it.
    assert world.written(before) == {"user_account"}
    world.restore()
    assert _full_name(world) == was
    assert world.written(world.mark()) == set()


def test_rows_deleted_with_what_refers_to_them_come_back(world):
    draft = world.cases[("sotttt", 0)]

    def rows(conn):
        of_draft = select(func.count()).where(Nominee.proposal_id == draft.id)
        return conn.scalar(of_draft), conn.scalar(select(func.count(AuditEvent.id)))

    with world.engine.connect() as conn:
        kept = rows(conn)
    before = world.mark()
    with world.engine.begin() as conn:
        conn.execute(delete(Nominee).where(Nominee.proposal_id == draft.id))
        conn.execute(update(Proposal).where(Proposal.id == draft.id).values(title="Khác"))
    assert {"nominee", "proposal"} <= world.written(before)
    world.restore()
    with world.engine.connect() as conn:
        assert rows(conn) == kept
        title = conn.scalar(select(Proposal.title).where(Proposal.id == draft.id))
    assert title != "Khác"
    # The world answers as before: the nominator reads the draft with its nominees.
    detail = world.api("vanthu.cntt").ok("GET", f"/proposals/{draft.id}")
    assert [n["id"] for n in detail["nominees"]] == draft.nominee_ids


def test_a_refused_request_writes_nothing_an_accepted_one_is_seen(world):
    draft = world.cases[("sotttt", 0)]
    stranger = world.api("vanthu.yte")  # another department's nominator
    before = world.mark()
    body = proposal_body("Của Sở Y tế")
    refused = stranger.call("PUT", f"/proposals/{draft.id}", json=body)
    assert refused.status_code in (403, 404)
    assert world.written(before) == set()
    owner = world.api("vanthu.cntt")
    owner.ok("PUT", f"/proposals/{draft.id}", json=proposal_body("Tên mới của hồ sơ"))
    assert "proposal" in world.written(before)
    world.restore()
    assert owner.ok("GET", f"/proposals/{draft.id}")["title"] != "Tên mới của hồ sơ"
