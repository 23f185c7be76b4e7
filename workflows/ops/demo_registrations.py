"""The demo's 2025 registrations (workflows/data/demo_registrations.json): the seed's movement
registered by the units Sở KH&CN took over on 1/3/2025 (and the one that moved to Sở VH-TT&DL),
driven through the registration case (workflows.registration) as the people named would have
done it, each step on its own day (models.recorded_at): some approved, one returned with a
reason and registered again, one waiting for the secretariat, one unit late and refused.

Never written as rows: the cases, their inbox rows, trails, timers and notices are what the
runtime leaves. `until` keeps the steps taken by that day (none in the test template, which
stops at 31/12/2024). Idempotent: a unit's steps already taken (its completed case steps) are
not taken again; a refusal changes nothing, so trying it again is harmless.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    CaseInstance,
    CaseTask,
    CaseTimer,
    Movement,
    Organisation,
    Person,
    Registration,
    TaskState,
    User,
    recorded_at,
    utcnow,
)
from workflows.cases import kinds, worker
from workflows.cases import service as cases
from workflows.cases.runtime import CaseProcess
from workflows.deadlines.calendar import local_moment
from workflows.engine.clock import replayed_at
from workflows.errors import Conflict
from workflows.process.registry import ProcessRegistry
from workflows.reference import DATA_DIR, role_codes
from workflows.registration import service as registrations
from workflows.registration import suggestions
from workflows.registration.kind import KIND

DATA_FILE = DATA_DIR / "demo_registrations.json"


@contextmanager
def _on(text: str) -> Iterator[None]:
    """As of a Việt Nam wall-clock time of the data: the rows, the deadlines and the engine's
    timers all read that moment."""
    local = datetime.fromisoformat(text)
    moment = local_moment(local.date(), local.hour, local.minute).astimezone(UTC)
    with recorded_at(moment.replace(tzinfo=None)), replayed_at(moment):
        yield


def load_registrations(session: Session, until: date | None) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    opened = data["opened"]
    if until is not None and datetime.fromisoformat(opened["at"]).date() > until:
        return
    movement = session.scalar(select(Movement).where(Movement.code == data["movement"]))
    if movement is None:
        return
    # The application registers its kinds when it starts; `tdkt demo` runs without it.
    kinds.register(KIND)
    registry = ProcessRegistry.load(role_codes())
    users = {u.username: u for u in session.scalars(select(User))}
    orgs = {o.code: o for o in session.scalars(select(Organisation))}
    for unit in data["units"]:
        org = orgs[unit["org"]]
        registration = session.scalar(
            select(Registration).where(
                Registration.movement_id == movement.id, Registration.org_id == org.id
            )
        )
        if registration is None:
            with _on(opened["at"]):
                registration = registrations.open_for(
                    session, registry, movement, org, users[opened["by"]], data["year"]
                )
                session.flush()  # the rows' defaults read the clock when they are written
        taken = _steps_taken(session, registration.id)
        for step in unit["steps"][taken:]:
            if until is not None and datetime.fromisoformat(step["at"]).date() > until:
                break
            with _on(step["at"]):
                _take(session, registry, registration, users[step["by"]], step)
                session.flush()
    session.flush()


def _steps_taken(session: Session, registration_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(CaseTask)
            .join(CaseInstance, CaseInstance.id == CaseTask.case_id)
            .where(
                CaseInstance.subject_table == "registration",
                CaseInstance.subject_id == registration_id,
                CaseTask.state == TaskState.COMPLETED,
            )
        )
        or 0
    )


def _take(
    session: Session,
    registry: ProcessRegistry,
    registration: Registration,
    user: User,
    step: dict[str, Any],
) -> None:
    task = session.scalar(
        select(CaseTask)
        .join(CaseInstance, CaseInstance.id == CaseTask.case_id)
        .where(
            CaseInstance.subject_table == "registration",
            CaseInstance.subject_id == registration.id,
            CaseTask.state == TaskState.READY,
        )
        .order_by(CaseTask.id)
    )
    if task is None:
        raise ValueError(f"demo_registrations.json: nothing waits for {step}")
    _fire_timers_before(session, task.case_id, utcnow())
    payload: dict[str, Any] = {"action": step["action"]}
    if "reason" in step:
        payload["reason"] = step["reason"]
    if step["action"] == "submit":
        payload["lines"] = _lines(session, registration, step)
    refused = step.get("refused")
    if refused is None:
        cases.complete(session, registry, user, task.id, payload)
        return
    try:
        with session.begin_nested():
            cases.complete(session, registry, user, task.id, payload)
    except Conflict as exc:
        if exc.code != refused:
            raise
    else:
        raise ValueError(
            f"demo_registrations.json: {step} was expected to be refused (due {task.due_at})"
        )


def _fire_timers_before(session: Session, case_id: int, now: datetime) -> None:
    """What the worker would have done by `now`: each timer fired at its own moment (the
    reminder, the deadline passing), with its event and notices."""
    while True:
        fire_at = session.scalar(
            select(func.min(CaseTimer.fire_at)).where(
                CaseTimer.case_id == case_id,
                CaseTimer.fired_at.is_(None),
                CaseTimer.fire_at < now,
            )
        )
        if fire_at is None:
            return
        moment = fire_at.replace(tzinfo=UTC) + timedelta(seconds=1)
        with recorded_at(moment.replace(tzinfo=None)), replayed_at(moment):
            worker.advance(session, CaseProcess.lock(session, case_id), worker.CasePass())
            session.flush()


def _lines(session: Session, registration: Registration, step: dict[str, Any]) -> list[dict]:
    """The unit's own title, then each person's: tdkt's suggestion, unless the step names
    another title for that person (by staff code)."""
    people = dict(
        session.execute(
            select(Person.staff_code, Person.id).where(Person.org_id == registration.org_id)
        ).all()
    )
    chosen = {people[code]: award for code, award in step["people"].items()}
    suggested = suggestions.for_unit(session, registration.org_id, registration.year)
    return [{"person_id": None, "award_code": step["unit"]}] + [
        {"person_id": s.person_id, "award_code": chosen.get(s.person_id, s.award_code)}
        for s in suggested
    ]
