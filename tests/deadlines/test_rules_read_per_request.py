"""The province's step deadlines and calendar exceptions, read by the due dates in one statement
(issue 19), are never kept beyond a request: what /admin changes in one worker takes effect on
the very next request of another, here two app instances on one database."""

from __future__ import annotations

from datetime import datetime

from tests.support.accounts import PASSWORD
from tests.support.deadlines import VN, Api, file_and_submit, unit_head_overdue_at
from tests.support.statements import statements
from webapp import create_app

ONE_WORKING_DAY = {
    "duration": 1,
    "unit": "working",
    "remind_before": 0,
    "escalate_to": {"role": "director", "scope": "department"},
}
SOURCE = "Quyết định số 12/2026/QĐ-UBND của UBND tỉnh Điện Biên, Điều 5"


def test_an_edit_in_one_worker_counts_at_the_next_request_of_another(
    app, db_url, clock, session, login_as
):
    clock(datetime(2026, 1, 5, 9, 0, tzinfo=VN))  # a Monday
    other = create_app({"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "test-secret"})
    try:
        in_other = lambda username: Api(other, username, PASSWORD)  # noqa: E731
        # The other worker has read the rules and the calendar already (a warm process).
        shipped = file_and_submit(in_other)
        # Shipped: 3 working days from Monday 5/1, the end of Thursday 8/1 (UTC+7).
        assert unit_head_overdue_at(session, shipped) == datetime(2026, 1, 8, 16, 59, 59)

        body = {
            "kind": "step_deadline",
            "key": "unit_head_signoff",
            "value": ONE_WORKING_DAY,
            "valid_from": "2026-01-06",
            "source": SOURCE,
        }
        Api(app, "chuyenvien.btdkt", PASSWORD).ok("POST", "/province-rules", 201, json=body)
        clock(datetime(2026, 1, 6, 9, 0, tzinfo=VN))
        provincial = file_and_submit(in_other)
        # The province's: 1 working day from Tuesday 6/1, the end of Wednesday 7/1.
        assert unit_head_overdue_at(session, provincial) == datetime(2026, 1, 7, 16, 59, 59)

        admin = login_as("quantri")
        added = admin.post("/admin/calendar", data={"day": "07/01/2026", "kind": "off"})
        assert added.status_code == 302
        with statements(other) as seen:
            off = file_and_submit(in_other)
        # Wednesday 7/1 is off now: one working day from Tuesday ends on Thursday 8/1.
        assert unit_head_overdue_at(session, off) == datetime(2026, 1, 8, 16, 59, 59)
        # Rules and exceptions in one read (they were two), once per request at most.
        alone = [s for s in seen if ("calendar_exception" in s) != ("province_rule" in s)]
        assert not [s for s in alone if "FROM calendar_exception" in s], alone
        assert any("calendar_exception" in s and "province_rule" in s for s in seen)
    finally:
        other.extensions["tdkt_engine"].dispose()
