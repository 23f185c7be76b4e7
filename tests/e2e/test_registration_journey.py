"""The 2025 registration in a real browser against a gunicorn server of its own: Sở TT&TT's
Director opens the registrations of the seed's movement from its targets page; Phòng CNTT's
nominator opens its registration from the inbox, reads tdkt's suggestions and their
reasons, registers the unit and its people (keeping the suggestions but one), sends it; the
department's secretariat finds it in the inbox and returns it with a reason; the unit corrects
and sends again; the secretariat approves (docs/screenshots/90-registration-*.png with
TDKT_SCREENSHOTS=docs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from models import Movement, Organisation, Registration, RegistrationStatus
from models.database import make_engine, make_session_factory
from scripts.liveserver import LiveServer

REASON = "Đề nghị rà soát lại danh hiệu đăng ký của cá nhân thứ nhất"


@pytest.fixture(scope="module")
def registration_db(databases, template_db) -> Iterator[str]:
    """A copy of the template: the seed's 2025 movement of Sở TT&TT, no registration open."""
    url = databases.create(template=template_db)
    yield url
    databases.drop(url)


@pytest.fixture(scope="module")
def live_server(registration_db, tmp_path_factory) -> Iterator[LiveServer]:
    """The server `visit` logs in to, over that database."""
    data_dir = tmp_path_factory.mktemp("registration-server")
    server = LiveServer(registration_db, data_dir, workers=1, threads=4)
    server.start()
    yield server
    server.stop()


def _open_from_inbox(page: Page) -> None:
    page.goto("/")
    assert page.locator("#case-tasks a").count(), page.locator("main").inner_text()[:1500]
    page.locator("#case-tasks a").first.click()
    page.wait_for_url("**/cases/tasks/*")


def _act(page: Page, action: str) -> None:
    choice = page.locator(f'[name="action"][value="{action}"]')
    if choice.count():
        choice.check()
    else:
        page.locator('[name="action"]').select_option(action)


def _status(url: str) -> tuple[str, dict]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            row = session.scalar(
                select(Registration)
                .join(Organisation, Organisation.id == Registration.org_id)
                .where(Organisation.code == "sotttt-cntt")
            )
            assert row is not None
            return row.status, {line.person_id: line.award_code for line in row.lines}
    finally:
        engine.dispose()


def _movement_id(url: str) -> int:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            found = session.scalar(select(Movement.id).where(Movement.code == "sotttt-2025"))
            assert found is not None
            return found
    finally:
        engine.dispose()


def test_a_unit_registers_is_returned_corrects_and_is_approved(registration_db, visit):
    url = registration_db
    # The Director opens the movement's registrations from its targets page.
    director = visit("giamdoc.tttt")
    director.goto(f"/dashboard/movements/{_movement_id(url)}/targets")
    opening = director.page.locator("#open-registrations")
    expect(opening).to_contain_text("Phòng Công nghệ thông tin")
    opening.get_by_role("button", name="Mở đăng ký thi đua").click()
    expect(director.page.locator(".alert-success")).to_contain_text("Đã mở đăng ký thi đua cho")
    expect(director.page.locator("#open-registrations")).to_have_count(0)

    unit = visit("vanthu.cntt")
    page = unit.page
    _open_from_inbox(page)
    suggestions = page.locator("#suggestions tbody tr")
    expect(suggestions.first).to_be_visible()
    people = suggestions.count()
    assert people >= 10
    # Each suggestion says why, in words.
    assert all(
        cell.strip() for cell in page.locator("#suggestions tbody td.small").all_inner_texts()
    )
    unit.check("90-registration-suggestions")
    first = suggestions.first.get_attribute("data-person")
    page.locator("#award-unit").select_option("TTLDXS")
    page.locator(f"#award-{first}").select_option("CSTDCS")  # one suggestion changed
    _act(page, "submit")
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    page.wait_for_url(lambda u: "/cases/tasks/" not in u)
    status, lines = _status(url)
    assert status == RegistrationStatus.SUBMITTED and lines[None] == "TTLDXS"
    assert lines[int(first)] == "CSTDCS" and len(lines) == people + 1

    secretariat = visit("thuongtruc.tttt")
    page = secretariat.page
    _open_from_inbox(page)
    expect(page.locator("#suggestions")).to_contain_text("CSTDCS")
    _act(page, "return")
    page.locator('[name="reason"]').fill(REASON)
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    page.wait_for_url(lambda u: "/cases/tasks/" not in u)
    assert _status(url)[0] == RegistrationStatus.RETURNED

    page = unit.page
    _open_from_inbox(page)
    expect(page.get_by_role("status").filter(has_text=REASON)).to_be_visible()
    page.locator(f"#award-{first}").select_option("LDTT")
    _act(page, "submit")
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    page.wait_for_url(lambda u: "/cases/tasks/" not in u)

    page = secretariat.page
    _open_from_inbox(page)
    review = page.url
    _act(page, "approve")
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    page.wait_for_url(lambda u: "/cases/tasks/" not in u)
    status, lines = _status(url)
    assert status == RegistrationStatus.APPROVED and lines[int(first)] == "LDTT"
    # The approved registration, as the secretariat reads it again: what was registered.
    secretariat.goto(review)
    expect(page.locator("#suggestions")).to_contain_text("LDTT")
    secretariat.check("90-registration-approved")
    # The unit finds its approved registration again among what it did.
    unit.goto("/?tab=done")
    done = unit.page.locator("#case-tasks-done")
    expect(done).to_contain_text("Đăng ký thi đua năm 2025")
    expect(done).to_contain_text("Đã duyệt")
