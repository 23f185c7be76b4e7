"""Due dates of the process steps: rules from workflows/data/deadlines.json overlaid by the
province's own versions (table province_rule, kind step_deadline; read on the day the step
starts waiting), days from the calendar (workflows.deadlines.calendar) and the province's
exceptions (table calendar_exception).

The diagrams ask for them through one function, `due_at(step, which)`, in the timer
expressions of their boundary events. The script engine gets a DeadlineContext built before
the engine runs; the province's exceptions are read once, when the first timer needs them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CalendarException, RuleKind, utcnow
from workflows.deadlines.calendar import OFF, WORK, Calendar, local_date, local_moment
from workflows.errors import N_, NotFound, ValidationFailed
from workflows.reference import DATA_DIR
from workflows.rulebook import store

log = logging.getLogger(__name__)

RULES_FILE = DATA_DIR / "deadlines.json"
WHICH = ("reminder", "deadline")
UNITS = ("working", "calendar")
#: what due_at answers when no rule applies: a timer that never fires
NEVER = "9999-12-31T00:00:00+00:00"
NEVER_YEAR = 9000
#: a step is overdue once its due day has ended (Việt Nam time)
END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class StepRule:
    step: str
    duration: int
    unit: str
    remind_before: int
    #: who is told when the step is overdue: a role, at an organisation of the proposal
    escalate_role: str
    escalate_scope: str
    legal_basis: str
    valid_from: date | None = None
    valid_to: date | None = None
    #: the nominator's step has a deadline only once a proposal was returned (round 2 on)
    from_round: int = 1

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Rules:
    steps: tuple[StepRule, ...]
    remind_time: time = time(8, 0)

    def for_step(self, step: str, on: date) -> StepRule | None:
        for rule in self.steps:
            if rule.step == step and rule.valid_on(on):
                return rule
        return None

    @property
    def step_ids(self) -> set[str]:
        return {rule.step for rule in self.steps}


@dataclass(frozen=True)
class Due:
    start: date
    #: the last day to act
    due_date: date
    remind_date: date
    #: aware UTC moments: when the reminder goes out, when the step becomes overdue
    remind_at: datetime
    deadline_at: datetime


def parse_rules(data: dict) -> Rules:
    steps = []
    for row in data["steps"]:
        if row["unit"] not in UNITS:
            raise ValueError(f"deadlines: step {row['step']}: unit must be one of {UNITS}")
        if row["duration"] < 1 or row["remind_before"] < 0:
            raise ValueError(f"deadlines: step {row['step']}: bad duration or remind_before")
        steps.append(
            StepRule(
                step=row["step"],
                duration=int(row["duration"]),
                unit=row["unit"],
                remind_before=int(row["remind_before"]),
                escalate_role=row["escalate_to"]["role"],
                escalate_scope=row["escalate_to"]["scope"],
                legal_basis=row.get("legal_basis", ""),
                valid_from=_date(row.get("valid_from")),
                valid_to=_date(row.get("valid_to")),
                from_round=int(row.get("from_round", 1)),
            )
        )
    return Rules(tuple(steps), time.fromisoformat(data.get("remind_time", "08:00")))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> Rules:
    return parse_rules(json.loads(path.read_text(encoding="utf-8")))


def _province_step(version: store.Version) -> StepRule:
    value = version.value
    return StepRule(
        step=version.key,
        duration=value["duration"],
        unit=value["unit"],
        remind_before=value["remind_before"],
        escalate_role=value["escalate_to"]["role"],
        escalate_scope=value["escalate_to"]["scope"],
        legal_basis=version.source,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        from_round=value.get("from_round", 1),
    )


class ProvinceRules:
    """The shipped rules with the province's versions before them, read from the session the
    first time a due date needs them (most steps set no timer; no autoflush, as for the
    calendar: the read happens while the engine evaluates a timer)."""

    def __init__(self, session: Session, shipped: Rules) -> None:
        self._session = session
        self._shipped = shipped
        self._rules: Rules | None = None

    def _load(self) -> Rules:
        if self._rules is None:
            with self._session.no_autoflush:
                versions = store.all_versions(self._session, RuleKind.STEP_DEADLINE)
            # First match wins in Rules.for_step: a province version covering the day
            # comes before the shipped rule of the same step.
            steps = (*(_province_step(v) for v in versions), *self._shipped.steps)
            self._rules = Rules(steps, self._shipped.remind_time)
        return self._rules

    def for_step(self, step: str, on: date) -> StepRule | None:
        return self._load().for_step(step, on)

    @property
    def step_ids(self) -> set[str]:
        return self._shipped.step_ids

    @property
    def remind_time(self) -> time:
        return self._shipped.remind_time


def rules_for(session: Session) -> ProvinceRules:
    return ProvinceRules(session, load_rules())


def compute(rule: StepRule, calendar: Calendar, started: datetime, remind_time: time) -> Due:
    """The due date of a step that became ready at `started` (aware, or naive UTC)."""
    start = local_date(started)
    if rule.unit == "working":
        due = calendar.add_working_days(start, rule.duration)
        remind = calendar.working_days_before(due, rule.remind_before)
    else:
        due = calendar.on_or_after(start + timedelta(days=rule.duration))
        remind = due - timedelta(days=rule.remind_before)
    deadline_at = local_moment(due, END_OF_DAY.hour, END_OF_DAY.minute).replace(
        second=END_OF_DAY.second
    )
    remind_at = local_moment(remind, remind_time.hour, remind_time.minute)
    # A lead longer than the period would remind before the step existed: remind at once.
    started_aware = started if started.tzinfo else started.replace(tzinfo=UTC)
    remind_at = min(max(remind_at, started_aware), deadline_at)
    return Due(start, due, remind, remind_at.astimezone(UTC), deadline_at.astimezone(UTC))


def _now() -> datetime:
    # models.utcnow: the real clock, or the day a recorded history is replayed at.
    return utcnow().replace(tzinfo=UTC)


@dataclass(frozen=True)
class DeadlineContext:
    """What a timer expression may know: the rules, the calendar and the clock."""

    rules: Rules | ProvinceRules = field(default_factory=load_rules)
    calendar: Calendar = field(default_factory=Calendar)
    clock: Callable[[], datetime] = _now

    def due(self, step: str, round_: int = 1) -> Due | None:
        started = self.clock()
        rule = self.rules.for_step(step, local_date(started))
        if rule is None:
            if step not in self.rules.step_ids:
                log.warning("no deadline rule for step %s in %s", step, RULES_FILE.name)
            return None
        # A workflow started without its round (the diagram alone, in tests) has only the
        # builtin `round` under that name: it is a first round.
        if not isinstance(round_, int) or isinstance(round_, bool):
            round_ = 1
        if round_ < rule.from_round:
            return None
        return compute(rule, self.calendar, started, self.rules.remind_time)

    def due_at(self, step: str, which: str, round_: int = 1) -> str:
        """The ISO 8601 moment (UTC) of a step's reminder or deadline; NEVER when none."""
        if which not in WHICH:
            raise ValueError(f"due_at: 'which' must be one of {WHICH}, not {which!r}")
        due = self.due(step, round_)
        if due is None:
            return NEVER
        return (due.remind_at if which == "reminder" else due.deadline_at).isoformat()


def parse_fire_time(value: str | None) -> datetime | None:
    """A timer's stored ISO value as naive UTC, or None for NEVER or nothing."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if moment.year >= NEVER_YEAR:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


# --- the province's exceptions ----------------------------------------------------------------


def exceptions(session: Session) -> dict[date, str]:
    return dict(session.execute(select(CalendarException.day, CalendarException.kind)).all())


class LazyExceptions(Mapping[date, str]):
    """The province's exceptions, read from the session the first time a due date is computed.

    Most steps set no timer (a ballot cast, a decision): they need no calendar, and the
    table is read at most once per request. It can change at run time (admin page, CLI), so
    it is never kept beyond the request. No autoflush: the read happens while the engine
    evaluates a timer, where a flush of the caller's pending rows must not be triggered.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._days: dict[date, str] | None = None

    def _load(self) -> dict[date, str]:
        if self._days is None:
            # With the province's rules, in their statement (issue 19), unless already read.
            self._days = store.calendar_days(self._session)
        return self._days

    def __getitem__(self, day: date) -> str:
        return self._load()[day]

    def __iter__(self) -> Iterator[date]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def context(session: Session) -> DeadlineContext:
    """The context the engine runs with; the calendar is read when a timer first needs it."""
    return DeadlineContext(rules_for(session), Calendar(LazyExceptions(session)))


def list_exceptions(session: Session, year: int | None = None) -> list[CalendarException]:
    query = select(CalendarException).order_by(CalendarException.day)
    if year is not None:
        query = query.where(
            CalendarException.day >= date(year, 1, 1), CalendarException.day <= date(year, 12, 31)
        )
    return list(session.scalars(query))


def add_exception(session: Session, day: date, kind: str, note: str = "") -> CalendarException:
    """Declare a day off or a working day; a day already declared is changed."""
    errors = {}
    if kind not in (OFF, WORK):
        errors["kind"] = N_("phải là 'off' (ngày nghỉ) hoặc 'work' (ngày làm việc bù)")
    note = (note or "").strip()
    if len(note) > 255:
        errors["note"] = N_("dài quá %(max)s ký tự (%(length)s)", max=255, length=len(note))
    if errors:
        raise ValidationFailed("invalid_calendar_day", errors)
    row = session.scalar(select(CalendarException).where(CalendarException.day == day))
    if row is None:
        row = CalendarException(day=day)
        session.add(row)
    row.kind, row.note = kind, note
    session.flush()
    store.forget(session)
    return row


def remove_exception(session: Session, day: date) -> None:
    row = session.scalar(select(CalendarException).where(CalendarException.day == day))
    if row is None:
        raise NotFound(
            "calendar_day_not_found",
            N_("Không có ngày ngoại lệ %(day)s", day=day.strftime("%d/%m/%Y")),
        )
    session.delete(row)
    session.flush()
    store.forget(session)
