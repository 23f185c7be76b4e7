"""Acting on a task reads it only once its proposal's instance is locked (workflows.process.review).

The instance to lock is found from the task id inside the locking statement, and the task is
read after it: a step waiting for another one's lock must see what that one committed, never
the task as it stood before (PostgreSQL, READ COMMITTED; on SQLite the second writer waits at
BEGIN IMMEDIATE, which gives the same guarantee).
"""

from __future__ import annotations

import pytest
from sqlalchemy import update

from models import HumanTask, User
from tests.support.locks import race_behind_lock
from workflows.errors import NotFound
from workflows.process import review


def _submitted(api) -> tuple[int, int]:
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    return pid, api("truongphong.cntt").task_for(pid)["id"]


def test_a_step_waiting_for_the_lock_sees_the_task_as_the_holder_left_it(app, api, user_id):
    pid, task_id = _submitted(api)
    head = user_id("truongphong.cntt")

    def hold(holder) -> None:
        # What a completion does to the row while it holds the lock.
        holder.execute(update(HumanTask).where(HumanTask.id == task_id).values(state="completed"))

    def attempt(waiter) -> str:
        review.locked_task(waiter, waiter.get_one(User, head), task_id)
        return "still ready"

    # A read of the task before the lock would have found it ready, and completed it again.
    assert race_behind_lock(app, pid, hold, attempt) == "conflict"


def test_a_task_of_a_closed_proposal_is_not_found_by_an_outsider_and_409_for_a_holder(
    app, api, user_id
):
    pid, task_id = _submitted(api)
    head = api("truongphong.cntt")
    head.ok("POST", f"/tasks/{task_id}/complete", json={"action": "reject", "comment": "Thiếu"})
    path = f"/tasks/{task_id}/complete"
    # No running instance any more: the holder is told it was handled, nobody else learns of it.
    assert head.post(path, json={"action": "approve"}).status_code == 409
    assert api("truongphong.yte").post(path, json={"action": "approve"}).status_code == 404
    factory = app.extensions["tdkt_sessions"]
    with factory() as session:
        outsider = session.get_one(User, user_id("truongphong.yte"))
        with pytest.raises(NotFound):
            review.locked_task(session, outsider, task_id)
        with pytest.raises(NotFound):
            review.locked_task(session, outsider, 987654)
