"""JSON of cases other than proposals (workflows.cases): an inbox row, a case with its steps and
trail. An inbox row has the proposal's row's keys where they mean the same (`proposal_id` is
null) and `kind`, `case_id`, `case_title` of its own."""

from __future__ import annotations

from models import CaseEvent, CaseInstance, CaseTask
from webapp.api.serialize import _actions, iso
from workflows.cases import kinds


def case_task(task: CaseTask) -> dict:
    kind = kinds.get(task.kind)
    return {
        "id": task.id,
        "kind": task.kind,
        "kind_label": kind.label,
        "case_id": task.case_id,
        "case_title": task.case.title,
        "subject": {"table": task.case.subject_table, "id": task.case.subject_id},
        "proposal_id": None,
        "name": task.name,
        "element": task.bpmn_id,
        "stage": task.stage,
        "role": task.role_code,
        "org": task.org.code,
        "org_name": task.org.name,
        "created_at": iso(task.created_at),
        "instructions": task.instructions,
        "form": task.form,
        "actions": _actions(task.action_list),
        "fields": [f.as_dict() for f in kind.fields(task)],
        "due_at": iso(task.due_at),
        "state": task.state,
    }


def case(row: CaseInstance, steps: list[CaseTask], events: list[CaseEvent]) -> dict:
    return {
        "id": row.id,
        "kind": row.kind,
        "title": row.title,
        "subject": {"table": row.subject_table, "id": row.subject_id},
        "org": row.org.code,
        "status": row.status,
        "state": row.state,
        "end_event": row.end_event,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
        "steps": [case_task(t) for t in steps],
        "events": [
            {
                "at": iso(e.at),
                "action": e.action,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "element": e.element_id,
                "step": e.task_name,
                "step_action": e.step_action,
                "comment": e.comment,
            }
            for e in events
        ],
    }
