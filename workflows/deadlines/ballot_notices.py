"""Which inbox rows a fired reminder or deadline timer concerns.

A review step has one row, found by its task guid. A council's ballot is a multi-instance
task: its timers hang on the multi-instance task, while the rows are its instances, one per
member; only the ballots not yet cast are still "ready", so only those members are reminded.
"""

from __future__ import annotations

from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.exceptions import TaskNotFoundException
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import HumanTask, TaskState, WorkflowInstance


def rows_for(
    session: Session, instance: WorkflowInstance, workflow: BpmnWorkflow, step_guid: str | None
) -> list[HumanTask]:
    if not step_guid:
        return []
    own = session.scalar(
        select(HumanTask).where(
            HumanTask.instance_id == instance.id, HumanTask.task_guid == step_guid
        )
    )
    if own is not None:
        return [own]
    try:
        step = workflow.get_task_from_id(UUID(step_guid))
    except TaskNotFoundException:
        return []
    children = [str(child.id) for child in step.children]
    if not children:
        return []
    return list(
        session.scalars(
            select(HumanTask)
            .where(
                HumanTask.instance_id == instance.id,
                HumanTask.task_guid.in_(children),
                HumanTask.state == TaskState.READY,
            )
            .order_by(HumanTask.id)
        )
    )
