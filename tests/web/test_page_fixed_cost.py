"""What every page pays before its own work (issue 19): counted, not timed."""

from __future__ import annotations

from tests.support.statements import selects, statements


def test_a_page_reads_its_signed_in_user_and_their_roles_in_one_statement(app, login_as):
    browser = login_as("giamdoc.tttt")
    with statements(app) as seen:
        page = browser.get("/notifications/")
    assert page.status_code == 200
    # Before: the user, then their assignments at the menu's first role check.
    [user] = selects(seen, "user_account")
    assert "role_assignment" in user and "organisation" in user, user
    assert selects(seen, "role_assignment") == [], seen
    # The menu still shows every assignment with its organisation, in the order they were
    # given on every database (a joined load has no order of its own).
    assert "Giám đốc Sở – Sở TT&amp;TT; Hội đồng TĐKT Sở – Sở TT&amp;TT" in page.get_data(
        as_text=True
    )


def test_the_notifications_page_counts_the_unread_once(app, login_as):
    # The bell in the menu and the page's own "mark all read" both show the count.
    browser = login_as("giamdoc.tttt")
    with statements(app) as seen:
        page = browser.get("/notifications/")
    assert page.status_code == 200
    unread = [s for s in selects(seen, "notification") if "read_at IS NULL" in s]
    assert len(unread) == 1, seen
