"""What filing, submitting and reading a proposal cost the database (issue 4), and the
guarantees the cheaper paths keep: statements are counted, not timed."""

from __future__ import annotations

import pytest
from sqlalchemy import exists, select, update

from models import Nominee, Person, Proposal, User
from tests.support.api import BALLOT_STEPS
from tests.support.statements import selects, statements
from workflows.errors import Conflict
from workflows.proposals import filing


def _nominees(count: int) -> list[dict]:
    return [{"name": f"Người Thứ {n}", "job_title": "Chuyên viên"} for n in range(count)]


def test_filing_reads_the_registry_once_whatever_the_number_of_nominees(app, api, session):
    nominator = api("vanthu.cntt")
    reads = {}
    for count in (1, 6):
        with statements(app) as seen:
            pid = nominator.file("LDTT", dossier=False, nominees=_nominees(count))
        reads[count] = [s for s in seen if s.startswith("SELECT")]
        linked = session.scalars(select(Nominee.person_id).where(Nominee.proposal_id == pid))
        assert None not in set(linked)
    # Before: a SELECT of person (and of the nominee rows) per nominee.
    assert len(reads[6]) == len(reads[1]), reads
    assert len(selects(reads[6], "person")) == 1


def test_nominees_of_one_proposal_share_their_new_person_and_account(app, api, session):
    nominator = api("vanthu.cntt")
    # An account the registry does not know yet.
    account_id, username = session.execute(
        select(User.id, User.username)
        .where(~exists().where(Person.user_id == User.id))
        .order_by(User.id)
    ).first()
    session.rollback()  # a fresh read below sees the filing
    pid = nominator.file(
        "LDTT",
        nominees=[
            {"name": "Đỗ Văn Mới"},
            {"name": "do van moi", "username": username},
            {"name": "Tên Khác Hẳn", "username": username},
        ],
    )
    person_ids = list(
        session.scalars(
            select(Nominee.person_id).where(Nominee.proposal_id == pid).order_by(Nominee.position)
        )
    )
    # One new person for the three, as when they were linked one by one: the second finds the
    # first by name and gives it the account, the third finds it by the account.
    assert len(set(person_ids)) == 1 and None not in person_ids
    person = session.get(Person, person_ids[0])
    assert (person.full_name, person.user_id) == ("Đỗ Văn Mới", account_id)


def test_reading_a_proposal_under_ballot_reads_the_members_at_once(app, api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    reader = api("giamdoc.tttt")
    with statements(app) as seen:
        detail = reader.ok("GET", f"/proposals/{pid}")
    ballots = [t for t in detail["current_tasks"] if t["element"] in BALLOT_STEPS]
    assert len(ballots) >= 3 and all(len(t["candidates"]) == 1 for t in ballots)
    # Before: one SELECT of user_account per ballot (besides the token's own).
    assert len(selects(seen, "user_account")) <= 2, seen
    assert not selects(seen, "role\\b")


def test_editing_reads_the_proposal_again_once_the_instance_is_locked(app, api, session):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    user = session.scalar(select(User).where(User.username == "vanthu.cntt"))
    loaded = session.get_one(Proposal, pid)
    assert loaded.status == "draft"
    # Changed behind the session's back, as another worker's commit would before our lock.
    session.execute(
        update(Proposal)
        .where(Proposal.id == pid)
        .values(status="in_review")
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(Conflict):
        filing.editable_task(session, user, pid)
    assert loaded.status == "in_review"
    session.rollback()
