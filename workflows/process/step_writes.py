"""A completion's own writes — its inbox row closed, its instance's state stored — as Core
UPDATEs on the session's connection, not through the ORM's unit of work (issue 19).

Both rows are loaded objects of the session, and the request reads them afterwards (the answer,
the audit trail, the notices): each written value is set on its object as committed, so the
object shows it and the next flush has nothing of it to write. A flush diffing the objects'
attributes costs several times the statement it ends in, and buys nothing here: the instance is
locked and its values are all known.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from models import HumanTask, TaskState, WorkflowInstance, utcnow
from workflows.errors import N_, Conflict

_TASKS = cast(Table, HumanTask.__table__)
_INSTANCES = cast(Table, WorkflowInstance.__table__)

#: built once, the ids bound per call: building and keying a statement per completion costs
#: more CPU than running it
_CLOSE_TASK = update(_TASKS).where(_TASKS.c.id == bindparam("of_task"))
#: the optimistic lock stays in the WHERE, as the ORM's version_id_col put it: a writer that
#: did not hold the row lock as it should finds no row and the step is refused
_STORE = update(_INSTANCES).where(
    _INSTANCES.c.id == bindparam("of_instance"),
    _INSTANCES.c.lock_version == bindparam("of_version"),
)


def close_task(session: Session, task: HumanTask, action: str, user_id: int) -> None:
    """Mark `task` completed by `user_id` with `action`.

    Its claimer goes with it: the completion claims an unclaimed step for its user
    (workflows.process.review) just before."""
    values = {
        "state": TaskState.COMPLETED,
        "action": action,
        "completed_at": utcnow(),
        "completed_by_id": user_id,
        "claimed_by_id": task.claimed_by_id,
    }
    session.connection().execute(_CLOSE_TASK, {"of_task": task.id, **values})
    _committed(task, values)


def store_instance(session: Session, instance: WorkflowInstance, values: dict[str, Any]) -> None:
    """Write `values` (state, path, status, end event) to the locked `instance`, with its
    updated_at and its lock_version moved on.

    Conflict when the row is not at the version read with the lock: another writer stored it
    since (the ORM's StaleDataError, answered the same way)."""
    version = instance.lock_version
    values = {**values, "updated_at": utcnow(), "lock_version": version + 1}
    params = {"of_instance": instance.id, "of_version": version, **values}
    if session.connection().execute(_STORE, params).rowcount != 1:
        raise Conflict(
            "stale_proposal", N_("Hồ sơ vừa được người khác cập nhật; hãy tải lại trang")
        )
    _committed(instance, values)


def _committed(obj: object, values: dict[str, Any]) -> None:
    # As loaded: no history, so no flush writes them again.
    for key, value in values.items():
        set_committed_value(obj, key, value)
