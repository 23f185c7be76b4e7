"""Due dates in working days, computed by hand from the calendar and written as literals.

The official days off come from the `holidays` package (country VN); for 2026 it gives Tết
as Mon 16 – Fri 20 February (with the weekends around it: nine days off, Sat 14 – Sun 22),
and Sat 22 August 2026 as a Saturday worked in exchange for Mon 31 August. A period starts
the day after the step became ready (Civil Code Art. 147).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from lxml import etree

from tests.support.deadlines import VN
from workflows.deadlines.calendar import Calendar, official_days
from workflows.deadlines.due_dates import (
    NEVER,
    DeadlineContext,
    Rules,
    StepRule,
    compute,
    load_rules,
)
from workflows.engine.diagrams import DEFAULT_BPMN_DIR


def rule(duration: int, unit: str = "working", remind_before: int = 1) -> StepRule:
    return StepRule("step", duration, unit, remind_before, "director", "department", "kiểm thử")


def started(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def test_the_package_knows_tet_2026_and_the_worked_saturday():
    days_off, worked = official_days(2026)
    tet = {date(2026, 2, d) for d in (16, 17, 18, 19, 20)}
    assert tet <= days_off
    assert date(2026, 8, 22) in worked  # Saturday worked for Monday 31 August
    assert date(2026, 8, 31) in days_off


@pytest.mark.parametrize(
    ("start", "duration", "unit", "exceptions", "due", "remind"),
    [
        # Fri 6/3/2026 + 3 working days: Mon 9 (1), Tue 10 (2), Wed 11 (3); reminded the
        # working day before, Tue 10.
        (date(2026, 3, 6), 3, "working", {}, date(2026, 3, 11), date(2026, 3, 10)),
        # Wed 11/2/2026 + 3: Thu 12 (1), Fri 13 (2), then Sat 14 – Sun 22 off (weekend, Tết
        # Mon 16 – Fri 20, weekend), Mon 23 (3); reminded Fri 13.
        (date(2026, 2, 11), 3, "working", {}, date(2026, 2, 23), date(2026, 2, 13)),
        # The board's 25 working days from Mon 2/2/2026: 3–6 Feb (4), 9–13 Feb (9), Tết and
        # weekends to 22 Feb, 23–27 Feb (14), 2–6 Mar (19), 9–13 Mar (24), Mon 16 Mar (25).
        (date(2026, 2, 2), 25, "working", {}, date(2026, 3, 16), date(2026, 3, 13)),
        # An extra day off on Tue 10/3/2026: Mon 9 (1), Wed 11 (2), Thu 12 (3); reminded
        # Wed 11 (the working day before Thu 12).
        (
            date(2026, 3, 6),
            3,
            "working",
            {date(2026, 3, 10): "off"},
            date(2026, 3, 12),
            date(2026, 3, 11),
        ),
        # A make-up working Saturday 7/3/2026: Sat 7 (1), Mon 9 (2), Tue 10 (3); reminded Mon 9.
        (
            date(2026, 3, 6),
            3,
            "working",
            {date(2026, 3, 7): "work"},
            date(2026, 3, 10),
            date(2026, 3, 9),
        ),
        # The package's own worked Saturday 22/8/2026: from Thu 20 Aug, Fri 21 (1), Sat 22 (2),
        # Mon 24 (3).
        (date(2026, 8, 20), 3, "working", {}, date(2026, 8, 24), date(2026, 8, 22)),
        # 5 calendar days from Fri 13/2/2026 end on Wed 18 Feb, in Tết: the period ends on
        # the next working day, Mon 23 (Civil Code Art. 148); reminded one day before, Sun 22.
        (date(2026, 2, 13), 5, "calendar", {}, date(2026, 2, 23), date(2026, 2, 22)),
    ],
)
def test_due_dates(start, duration, unit, exceptions, due, remind):
    result = compute(rule(duration, unit), Calendar(exceptions), started(start), time(8, 0))
    assert (result.due_date, result.remind_date) == (due, remind)
    # Overdue once the due day has ended, reminded at 08:00, both in Việt Nam time.
    assert result.deadline_at == datetime(due.year, due.month, due.day, 23, 59, 59, tzinfo=VN)
    assert result.remind_at == datetime(remind.year, remind.month, remind.day, 8, tzinfo=VN)


def test_late_in_the_evening_is_still_that_day_in_viet_nam():
    # 23:30 on Friday 6/3/2026 in Hà Nội is 16:30 UTC the same day: the period starts Monday.
    evening = datetime(2026, 3, 6, 16, 30, tzinfo=UTC)
    result = compute(rule(1), Calendar(), evening, time(8, 0))
    assert result.due_date == date(2026, 3, 9)
    # A lead longer than the period would remind before the step began: at once instead.
    assert result.remind_at == evening


def test_rules_are_dated_and_the_first_round_of_filing_has_no_deadline():
    rules = Rules(
        (
            StepRule(
                "council_vote",
                10,
                "working",
                2,
                "director",
                "department",
                "cũ",
                valid_to=date(2025, 12, 31),
            ),
            StepRule(
                "council_vote",
                7,
                "working",
                1,
                "director",
                "department",
                "mới",
                valid_from=date(2026, 1, 1),
            ),
        )
    )
    at = datetime(2026, 3, 6, 10, tzinfo=VN)
    context = DeadlineContext(rules, Calendar(), clock=lambda: at)
    # 7 working days from Fri 6/3/2026 (the rule of 2026): 9–13 Mar (5), 16, 17 → Tue 17.
    assert context.due_at("council_vote", "deadline") == "2026-03-17T16:59:59+00:00"
    before = DeadlineContext(rules, Calendar(), clock=lambda: datetime(2025, 12, 31, 10, tzinfo=VN))
    # 10 working days from Wed 31/12/2025, skipping New Year's Day: 2 Jan (1), 5–9 (6), 12–15
    # (10) → Thu 15 Jan 2026.
    assert before.due_at("council_vote", "deadline") == "2026-01-15T16:59:59+00:00"
    shipped = DeadlineContext(load_rules(), Calendar(), clock=lambda: at)
    assert shipped.due_at("file_proposal", "deadline", 1) == NEVER
    assert shipped.due_at("file_proposal", "deadline", 2) != NEVER
    with pytest.raises(ValueError, match="which"):
        shipped.due_at("council_vote", "tomorrow")


def test_every_step_of_the_diagrams_has_a_rule_and_both_timers():
    # Every diagram the engine runs: the proposal's and the cases' (workflows.cases: the
    # registration, the bloc's year and a member's score, the revocation) have their steps'
    # deadlines.
    ns = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
    drawn_only: set[str] = set()
    paths = sorted(DEFAULT_BPMN_DIR.glob("*.bpmn"))
    assert drawn_only <= {path.name for path in paths}
    trees = [etree.parse(str(path)) for path in paths if path.name not in drawn_only]
    user_tasks = {t.get("id") for tree in trees for t in tree.iterfind(".//bpmn:userTask", ns)}
    timers: dict[str, set[str]] = {}
    events = [e for tree in trees for e in tree.iterfind(".//bpmn:boundaryEvent", ns)]
    for event in events:
        assert event.get("cancelActivity") == "false", event.get("id")
        expression = event.findtext(".//bpmn:timeDate", namespaces=ns)
        step, which = expression.split('"')[1], expression.split('"')[3]
        assert step == event.get("attachedToRef"), event.get("id")
        timers.setdefault(step, set()).add(which)
    assert timers == dict.fromkeys(user_tasks, {"reminder", "deadline"})
    assert load_rules().step_ids == user_tasks
