"""The timers an instance waits on, as rows: written whenever the instance is saved.

The engine lists the timers (workflows.engine.timers); here they get their meaning — which
moment of which step a `due_at(step, which)` expression waits for — and their rows, which the
worker polls (workflows.process.worker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, cast

from sqlalchemy import (
    BindParameter,
    DateTime,
    Table,
    Update,
    bindparam,
    case,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from models import InstanceTimer, WorkflowInstance, utcnow
from workflows.deadlines.due_dates import WHICH, parse_fire_time
from workflows.engine import timers as engine_timers
from workflows.engine.timers import EngineTimer

if TYPE_CHECKING:
    # the type only: the engine package is the one to run SpiffWorkflow
    from SpiffWorkflow.bpmn import BpmnWorkflow

#: due_at("board_appraise", "deadline"): the step and which of its moments a timer waits for
_DUE_AT = re.compile(r"""due_at\(\s*["'](?P<step>\w+)["']\s*,\s*["'](?P<which>\w+)["']""")

#: {bpmn id: fire time} of an instance's unfired timer rows
Rows = dict[str, datetime]


@dataclass(frozen=True)
class Timer:
    bpmn_id: str
    #: naive UTC; None for a timer that never fires (no rule applies)
    fire_at: datetime | None
    #: the engine id of the step the timer is attached to, if it is a boundary event
    step_guid: str | None
    #: "reminder" or "deadline" when its expression is due_at(...), else None
    which: str | None


def which_of(expression: str) -> str | None:
    match = _DUE_AT.search(expression)
    return match["which"] if match and match["which"] in WHICH else None


def _timer(found: EngineTimer) -> Timer:
    return Timer(
        bpmn_id=found.bpmn_id,
        fire_at=parse_fire_time(found.value) if found.value is not None else None,
        step_guid=found.step_guid,
        which=which_of(found.expression),
    )


def waiting(workflow: BpmnWorkflow) -> list[Timer]:
    """The timers the workflow waits on, with their meaning."""
    return [_timer(found) for found in engine_timers.waiting(workflow)]


def step_dues(workflow: BpmnWorkflow) -> dict[str, dict[str, datetime]]:
    """step guid → {"reminder": …, "deadline": …} from the timers attached to it."""
    dues: dict[str, dict[str, datetime]] = {}
    for timer in waiting(workflow):
        if timer.step_guid and timer.which and timer.fire_at is not None:
            dues.setdefault(timer.step_guid, {})[timer.which] = timer.fire_at
    return dues


def wanted(workflow: BpmnWorkflow, finished: bool | None = None) -> Rows:
    """{bpmn id: fire time} of the timers the instance's rows hold while it is in this state.

    `finished`: workflow.is_completed(), when the caller has asked it in this state."""
    if workflow.is_completed() if finished is None else finished:
        return {}
    return {t.bpmn_id: t.fire_at for t in waiting(workflow) if t.fire_at is not None}


def sync(
    session: Session,
    instance: WorkflowInstance,
    target: Rows,
    fired_ids: set[str],
    stored: Rows | None,
) -> Rows:
    """Make the instance's unfired timer rows match `target` (what the engine waits on now).

    A row whose timer fired (`fired_ids`) is kept with fired_at set; one whose timer went away
    with its step (completed, the round ended) is deleted, or rewritten as one newly armed;
    rows that still match are left alone, so a worker holding one of them sees the same row.
    `stored`: what the rows hold, when the caller knows it from this transaction
    (workflows.process.runtime); None: read them.
    Returns what the rows hold now.
    """
    now = utcnow()
    want = dict(target)
    if stored is None:
        stored = read(session, instance.id)
    fire, drop = [], []
    for bpmn_id, fire_at in stored.items():
        if want.get(bpmn_id) == fire_at:
            want.pop(bpmn_id)
        elif bpmn_id in fired_ids:
            fire.append(bpmn_id)
        else:
            drop.append(bpmn_id)
    params = {"of_instance": instance.id}
    # On the connection: Core statements over the table, with no ORM execution path and no
    # autoflush (issue 19).
    connection = session.connection()
    if fire:
        connection.execute(_FIRE, {**params, "of_timers": fire, "fired_now": now})
    # A step that hands over to the next one drops its timers and arms the next one's: the
    # dropped rows are rewritten as the armed ones in one UPDATE rather than a DELETE and an
    # INSERT (issue 19); nothing refers to a timer row but its instance, so a row rewritten
    # under the instance lock is, to every reader, the one deleted and the one inserted.
    armed = list(want.items())
    pairs, drop, armed = (
        list(zip(drop, armed, strict=False)),
        drop[len(armed) :],
        armed[len(drop) :],
    )
    if pairs:
        rewrite: dict[str, object] = dict(params)
        for n, (old, (bpmn_id, fire_at)) in enumerate(pairs):
            rewrite.update({f"old_{n}": old, f"new_{n}": bpmn_id, f"at_{n}": fire_at})
        connection.execute(_rewrite(len(pairs)), rewrite)
    if drop:
        connection.execute(_DROP, {**params, "of_timers": drop})
    if armed:
        # Nothing reads these rows back in the transaction: one INSERT for all of them
        # (the ORM would need their ids, which SQLite gives one INSERT at a time).
        connection.execute(
            _INSERT,
            [
                {"instance_id": instance.id, "bpmn_id": bpmn_id, "fire_at": fire_at}
                for bpmn_id, fire_at in armed
            ],
        )
    return dict(target)


#: sync's statements, built once with the instance and the timers bound per call: a step's
#: completion runs one or two of them, and building and keying each cost more CPU than
#: running it (issue 19)
_UNFIRED = (
    InstanceTimer.instance_id == bindparam("of_instance"),
    InstanceTimer.fired_at.is_(None),
    InstanceTimer.bpmn_id.in_(bindparam("of_timers", expanding=True)),
)
#: Core statements over the table: nothing loads timer rows as objects, so there is nothing in
#: the session to synchronise, and nothing to flush first
_TIMERS = cast(Table, InstanceTimer.__table__)
_FIRE = update(_TIMERS).where(*_UNFIRED).values(fired_at=bindparam("fired_now"))
_DROP = delete(_TIMERS).where(*_UNFIRED)
_INSERT = insert(_TIMERS)


@cache
def _rewrite(pairs: int) -> Update:
    """UPDATE of `pairs` dropped rows into armed ones, built once per number of pairs: the
    row of timer :old_n becomes timer :new_n firing at :at_n (both CASEs read the old id)."""
    column = _TIMERS.c.bpmn_id
    olds: list[BindParameter[str]] = [bindparam(f"old_{n}") for n in range(pairs)]
    return (
        update(_TIMERS)
        .where(
            _TIMERS.c.instance_id == bindparam("of_instance"),
            _TIMERS.c.fired_at.is_(None),
            column.in_(olds),
        )
        .values(
            bpmn_id=case(*((column == olds[n], bindparam(f"new_{n}")) for n in range(pairs))),
            fire_at=case(
                *((column == olds[n], bindparam(f"at_{n}", type_=DateTime())) for n in range(pairs))
            ),
        )
    )


def read(session: Session, instance_id: int) -> Rows:
    """What an instance's unfired timer rows hold, as stored."""
    with session.no_autoflush:
        return dict(
            session.execute(
                select(InstanceTimer.bpmn_id, InstanceTimer.fire_at).where(
                    InstanceTimer.instance_id == instance_id, InstanceTimer.fired_at.is_(None)
                )
            ).all()
        )
