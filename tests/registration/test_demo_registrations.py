"""The demo's 2025 registrations (workflows/data/demo_registrations.json) went through their
cases on their own days: loaded up to 12/03/2025 the story stops there, loading the rest takes
the remaining steps (approved, returned and registered again, waiting for the secretariat, one
unit late and refused), and loading again changes nothing."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from models import (
    CaseEvent,
    CaseInstance,
    CaseTask,
    Organisation,
    Registration,
    RegistrationStatus,
    User,
)
from models.database import make_session_factory
from scripts.testdb import seed
from tests.support.accounts import PASSWORD
from workflows.ops.demo import load_demo
from workflows.ops.demo_registrations import DATA_FILE

HALFWAY = date(2025, 3, 12)


@pytest.fixture(scope="module")
def halfway_db(databases) -> str:
    url = databases.create()
    seed(url, PASSWORD, until=HALFWAY)
    return url


@pytest.fixture
def db_url(databases, halfway_db):
    """Each test's copy of the story as recorded by 12/03/2025 (overrides the template)."""
    url = databases.create(template=halfway_db)
    yield url
    databases.drop(url)


def _by_unit(session) -> dict[str, Registration]:
    rows = session.execute(
        select(Organisation.code, Registration).join(
            Organisation, Organisation.id == Registration.org_id
        )
    )
    return {code: registration for code, registration in rows}


def _cases(session, registration: Registration) -> list[CaseInstance]:
    return list(
        session.scalars(
            select(CaseInstance)
            .where(
                CaseInstance.subject_table == "registration",
                CaseInstance.subject_id == registration.id,
            )
            .order_by(CaseInstance.id)
        )
    )


def _events(session, registration: Registration) -> list[tuple[str, str | None, datetime]]:
    ids = [c.id for c in _cases(session, registration)]
    rows = session.execute(
        select(CaseEvent.action, User.username, CaseEvent.at)
        .outerjoin(User, User.id == CaseEvent.actor_id)
        .where(CaseEvent.case_id.in_(ids))
        .order_by(CaseEvent.id)
    )
    return [tuple(r) for r in rows]


def test_the_data_says_it_is_plausible():
    assert "plausible" in json.loads(DATA_FILE.read_text(encoding="utf-8"))["source_note"]


def test_the_story_stops_at_the_day_it_was_loaded_until(session):
    got = _by_unit(session)
    assert set(got) == {
        "sotttt-cntt",
        "sotttt-ttcntt",
        "sokhcn-thanhtra",
        "sokhcn-vp",
        "sotttt-ttbcxb",
        "sotttt-bcvt",
    }
    # Phòng CNTT sent on 10/03 and was returned on 11/03: its second round waits.
    cntt = got["sotttt-cntt"]
    assert (cntt.status, cntt.reason[:22]) == (
        RegistrationStatus.RETURNED,
        "Đồng chí Lò Văn Minh c",
    )
    assert [(c.status, c.state) for c in _cases(session, cntt)] == [
        ("completed", "end_registration_returned"),
        ("running", "register_unit"),
    ]
    # The day itself is in (Trung tâm CNTT sends on 12/03), the next is not (its approval).
    assert got["sotttt-ttcntt"].status == RegistrationStatus.SUBMITTED
    latest = session.scalar(select(func.max(CaseEvent.at)))
    assert latest < datetime(2025, 3, 12, 17, 0)  # nothing recorded after the day (UTC)
    assert ("overdue", None) not in [e[:2] for e in _events(session, got["sotttt-bcvt"])]


def test_the_rest_of_the_story_goes_through_the_cases_and_again_changes_nothing(app, session, api):
    with make_session_factory(app.extensions["tdkt_engine"])() as other:
        load_demo(other, PASSWORD)
        other.commit()
    got = _by_unit(session)
    cntt = got["sotttt-cntt"]
    assert cntt.status == RegistrationStatus.APPROVED
    assert [e[:2] for e in _events(session, cntt)] == [
        ("started", "thuongtruc.khcn"),
        ("completed", "vanthu.cntt"),
        ("completed", "thuongtruc.khcn"),
        ("ended", "thuongtruc.khcn"),
        ("started", "thuongtruc.khcn"),
        ("completed", "vanthu.cntt"),
        ("completed", "thuongtruc.khcn"),
        ("ended", "thuongtruc.khcn"),
    ]
    # The unit's own changed line after the return: Lò Văn Minh registers LĐTT.
    body = api("vanthu.cntt").ok("GET", f"/registrations/{cntt.id}")
    assert body["status"] == "approved" and len(body["lines"]) == 13
    # The unit that moved is approved by its new department's secretariat.
    press = _events(session, got["sotttt-ttbcxb"])
    assert ("completed", "thuongtruc.vhttdl") in [e[:2] for e in press]
    # Late: reminded, overdue, and its registration refused (nothing registered).
    late = got["sotttt-bcvt"]
    assert (late.status, late.lines) == (RegistrationStatus.OPEN, [])
    assert [e[0] for e in _events(session, late)] == ["started", "reminded", "overdue"]
    # Every step of the registrations happened in 2025, on the data's days.
    last = select(func.max(CaseEvent.at)).join(CaseInstance, CaseInstance.id == CaseEvent.case_id)
    assert session.scalar(last.where(CaseInstance.kind == "registration")) < datetime(2026, 1, 1)
    # Văn phòng waits for the secretariat, on the first page of its paged inbox.
    office = got["sokhcn-vp"]
    assert office.status == RegistrationStatus.SUBMITTED
    page = api("thuongtruc.khcn").ok("GET", "/tasks?limit=5")
    assert [t["subject"]["id"] for t in page["items"] if t.get("kind") == "registration"] == [
        office.id
    ]

    def counts():
        tables = (Registration, CaseInstance, CaseTask, CaseEvent)
        return [session.scalar(select(func.count()).select_from(t)) for t in tables]

    before = counts()
    with make_session_factory(app.extensions["tdkt_engine"])() as other:
        load_demo(other, PASSWORD)
        other.commit()
    session.expire_all()
    assert counts() == before
