"""Which inbox rows a fired reminder or deadline timer concerns.

A review step has one row, found by its task guid. A council's ballot is a multi-instance
task: its timers hang on the multi-instance task, while the rows are its instances, one per
member; only the ballots not yet cast are still "ready", so only those members are reminded.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import HumanTask, TaskState, WorkflowInstance
from workflows.process.runtime import FiredTimer


def rows_for(session: Session, instance: WorkflowInstance, fired: FiredTimer) -> list[HumanTask]:
    if not fired.step_guid:
        return []
    own = session.scalar(
        select(HumanTask).where(
            HumanTask.instance_id == instance.id, HumanTask.task_guid == fired.step_guid
        )
    )
    if own is not None:
        return [own]
    if not fired.step_children:
        return []
    return list(
        session.scalars(
            select(HumanTask)
            .where(
                HumanTask.instance_id == instance.id,
                HumanTask.task_guid.in_(fired.step_children),
                HumanTask.state == TaskState.READY,
            )
            .order_by(HumanTask.id)
        )
    )
