"""Objects to JSON-ready dicts. Organisations are named by code, people by username."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Award, HumanTask, Movement, Nominee, Proposal, User
from webapp.labels import in_reader_language
from workflows.awards import dossier, quota_display
from workflows.council import ballots
from workflows.directory import access
from workflows.eligibility import checks
from workflows.errors import render
from workflows.process import audit, forms
from workflows.process.next_steps import NextStep
from workflows.registration import requirement


def iso(value: date | datetime | None) -> str | None:
    """ISO 8601; stored datetimes are naive UTC and are given their offset."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def username(user: User | None) -> str | None:
    return user.username if user is not None else None


def me(user: User) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "roles": [
            {"role": a.role_code, "org": a.org.code, "org_name": a.org.name}
            for a in sorted(user.held_assignments(), key=lambda a: (a.role_code, a.org.code))
        ],
    }


def award(row: Award, route: dict) -> dict:
    return {
        "code": row.code,
        "name": row.name_vi,
        "name_en": row.name_en,
        "target": row.target,
        "kind": row.kind,
        "level": row.level,
        "legal_basis": row.legal_basis,
        "valid_from": iso(row.valid_from),
        "valid_to": iso(row.valid_to),
        "route": {
            "decider": route.get("decider"),
            "endorsement": route.get("endorsement"),
            "province_council": route.get("province_council"),
        },
        "decided_by": row.decided_by_vi,
        "fileable": row.fileable,
        "prerequisites": row.prerequisites_vi,
        "allows_simplified": row.allows_simplified,
    }


def proposal_state(p: Proposal) -> dict:
    return {"id": p.id, "status": p.status, "stage": p.stage}


def actions(task: HumanTask) -> list[dict]:
    return _actions(task.action_list)


def _actions(names: Iterable[str]) -> list[dict]:
    return [
        {
            "action": a,
            "label": forms.ACTION_LABELS.get(a, a),
            "comment_required": a in forms.REASON_REQUIRED,
        }
        for a in names
    ]


def next_step(step: NextStep) -> dict:
    """A ready step of the proposal in the answer of a submission or a completion: enough to
    complete it without reading the inbox (its id, form, actions; a ballot's choices)."""
    body = {
        "id": step.id,
        "name": step.name,
        "element": step.element,
        "stage": step.stage,
        "role": step.role,
        "org": step.org,
        "form": step.form,
        "actions": _actions(step.actions),
        "due_at": iso(step.due_at),
        "claimed": step.claimed,
        "assignee": step.assignee,
        "for_me": step.for_me,
    }
    if step.nominees is not None:
        body["nominees"] = [{"id": i, "name": name} for i, name in step.nominees]
    return body


def task_state(task: HumanTask, names: dict[int, str] | None = None) -> dict:
    """A task as it stands, whether ready or done (the answer of claim/release/complete).

    `names`: usernames by user id when the caller has them; the claimer and the completer are
    then named from the task's ids, without loading (or reloading) their users.
    """
    if names is None:
        claimed_by, completed_by = username(task.claimed_by), username(task.completed_by)
    else:
        claimer, completer = task.claimed_by_id, task.completed_by_id
        claimed_by = names.get(claimer) if claimer is not None else None
        completed_by = names.get(completer) if completer is not None else None
    return {
        "id": task.id,
        "proposal_id": task.proposal_id,
        "name": task.name,
        "element": task.bpmn_id,
        "stage": task.stage,
        "role": task.role_code,
        "org": task.org.code,
        "state": task.state,
        "claimed_by": claimed_by,
        "completed_by": completed_by,
        "action": task.action,
        "created_at": iso(task.created_at),
        "completed_at": iso(task.completed_at),
    }


def inbox_task(task: HumanTask, proposal: Proposal, checked: dict | None = None) -> dict:
    return {
        "id": task.id,
        "kind": "proposal",
        "proposal_id": proposal.id,
        "proposal_title": proposal.title,
        "award_code": proposal.award_code,
        "name": task.name,
        "element": task.bpmn_id,
        "stage": task.stage,
        "role": task.role_code,
        "org": task.org.code,
        "org_name": task.org.name,
        "claimed_by": username(task.claimed_by),
        "created_at": iso(task.created_at),
        "instructions": task.instructions,
        "form": task.form,
        "actions": actions(task),
        "fields": [f.as_dict() for f in forms.fields_for(task.form)],
        "eligibility": eligibility_check(checked),
        "due_at": iso(task.due_at),
        # why it came back, while the proposal is back with its nominator
        "return_reason": proposal.last_reason if proposal.status == "returned" else None,
    }


def eligibility_check(checked: dict | None) -> dict | None:
    """The last check of the award's criteria (workflows.eligibility.checks.latest)."""
    return None if checked is None else {**checked, "checked_at": iso(checked["checked_at"])}


def registration_check(found: requirement.Check | None) -> dict | None:
    """Where the province requires registration: the rule and the nominees not registered."""
    if found is None:
        return None
    return {
        "award_code": found.award_code,
        "year": found.year,
        "action": found.rule.action,
        "legal_basis": found.rule.legal_basis,
        "rule_valid_from": found.rule.valid_from.isoformat(),
        "flags": [
            {"nominee_id": f.nominee_id, "name": f.name, "message": render(f.message, gettext)}
            for f in found.flags
        ],
    }


def quota_lines(on_date: date, lines: list) -> list[dict]:
    """The caps concerning the proposal's award, counted on `on_date` (workflows.awards.quotas)."""
    return [quota_display.as_dict(line, on_date) for line in lines]


def current_task(
    session: Session, task: HumanTask, proposal: Proposal, candidates: list[str] | None = None
) -> dict:
    """`candidates`: the usernames of access.candidates when already read (candidate_names)."""
    if candidates is None:
        candidates = [u.username for u in access.candidates(session, task, proposal)]
    return {
        "id": task.id,
        "name": task.name,
        "element": task.bpmn_id,
        "role": task.role_code,
        "org": task.org.code,
        "stage": task.stage,
        "claimed_by": username(task.claimed_by),
        "candidates": candidates,
    }


def nominees(session: Session, rows: Iterable[Nominee]) -> list[dict]:
    rows = list(rows)
    ids = {n.user_id for n in rows if n.user_id is not None}
    names = (
        dict(session.execute(select(User.id, User.username).where(User.id.in_(ids))).all())
        if ids
        else {}
    )
    return [
        {
            "id": n.id,
            "status": n.status,
            "name": n.name,
            "kind": n.kind,
            "job_title": n.job_title,
            "unit_name": n.unit_name,
            "gender": n.gender,
            "achievements": n.achievements,
            "username": names.get(n.user_id) if n.user_id is not None else None,
            "is_leader": n.is_leader,
            "lowered_to": n.lowered_to_id,
        }
        for n in rows
    ]


def split_into(session: Session, p: Proposal) -> list[int]:
    """The proposals split from `p` by lowerings: read only when one of its nominees was
    lowered (no statement otherwise)."""
    moved = [n.lowered_to_id for n in p.nominees if n.lowered_to_id is not None]
    if not moved:
        return []
    query = select(Nominee.proposal_id).where(Nominee.id.in_(moved)).distinct()
    return sorted(session.scalars(query))


def history_event(event: AuditEvent) -> dict:
    return _history_entry(event, username(event.actor))


def history_row(row) -> dict:
    """An event of workflows.process.audit.history_rows (its actor already a username)."""
    return _history_entry(row, row.actor)


def _history_entry(event, actor: str | None) -> dict:
    return {
        "at": iso(event.at),
        "actor": actor,
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "comment": event.comment,
        "stage": event.stage,
        "round": event.round,
        "task": event.task_name,
        "element": event.element_id,
        "data": json.loads(event.data_json) if event.data_json else {},
    }


def rounds_window(rounds: audit.Rounds) -> dict:
    """Which rounds of the trail an answer holds, and how many there are."""
    return {
        "total": rounds.total,
        "offset": rounds.offset,
        "limit": rounds.limit,
        "rounds": rounds.shown,
        "older_offset": rounds.older,
    }


def decision(p: Proposal) -> dict | None:
    if not p.decision_no:
        return None
    return {"number": p.decision_no, "date": iso(p.decision_date), "signer": p.decision_signer}


def proposal_detail(
    session: Session,
    p: Proposal,
    tasks: list[HumanTask],
    events: list,
    members: dict[int, str] | None = None,
) -> dict:
    """`events`: AuditEvent objects or rows of workflows.process.audit.history_rows; `members`: the
    usernames of the ballots' members when already read (access.candidate_names)."""
    names = access.candidate_names(session, tasks, p, members)
    return {
        "id": p.id,
        "status": p.status,
        "stage": p.stage,
        "round": p.round,
        "award_code": p.award_code,
        "award_name": p.award.name_vi,
        "year": p.year,
        "title": p.title,
        "summary": p.summary,
        "org": p.org.code,
        "org_name": p.org.name,
        "department": p.department.code,
        "movement": movement_code(p),
        "created_by": username(p.created_by),
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
        "submitted_at": iso(p.submitted_at),
        "closed_at": iso(p.closed_at),
        "decision": decision(p),
        "last_reason": p.last_reason,
        "nominees": nominees(session, p.nominees),
        "split_from": p.split_from_id,
        "split_into": split_into(session, p),
        "current_tasks": [current_task(session, t, p, names[t.id]) for t in tasks],
        "history": [
            history_event(e) if isinstance(e, AuditEvent) else history_row(e) for e in events
        ],
        "eligibility": eligibility_check(checks.latest(session, [p.id]).get(p.id)),
        "registration_check": registration_check(requirement.check(session, p)),
        # the councils' secret ballots: counts per nominee only (workflows.council.ballots)
        "ballots": ballots.tallies_for(session, p),
        "checklist": checklist(session, p),
    }


def checklist(session: Session, p: Proposal) -> list[dict]:
    """The dossier's documents (workflows.awards.dossier), each ticked by an attachment of its
    kind; the list in force on its first submission (today for a draft)."""
    return [
        {
            "code": item.code,
            "label": in_reader_language(item.label_vi, item.label_en),
            "required": item.required,
            "satisfied": item.satisfied,
        }
        for item in dossier.checklist(session, p, dossier.reading_day(p))
    ]


def list_item(p: Proposal, waiting: list[HumanTask]) -> dict:
    return {
        "id": p.id,
        "status": p.status,
        "stage": p.stage,
        "round": p.round,
        "title": p.title,
        "award_code": p.award_code,
        "year": p.year,
        "org": p.org.code,
        "movement": movement_code(p),
        "updated_at": iso(p.updated_at),
        "waiting_for": [{"role": t.role_code, "org": t.org.code} for t in waiting],
    }


def movement_code(p: Proposal) -> str | None:
    return p.movement.code if p.movement is not None else None


def movement(m: Movement) -> dict:
    return {
        "id": m.id,
        "code": m.code,
        "title": m.title,
        "theme": m.theme,
        "organiser": m.organiser.code,
        "period_start": iso(m.period_start),
        "period_end": iso(m.period_end),
        "review_at": m.review_at,
        "source_ref": m.source_ref,
        "submission_deadline": iso(m.submission_deadline),
        "status": m.status,
        "participants": [p.org.code for p in m.participants],
        "contents": [{"number": c.number, "text": c.text} for c in m.contents],
        "targets": [
            {
                "code": t.code,
                "text": t.text,
                "subject": t.subject,
                "metric": t.metric,
                "comparator": t.comparator,
                # A percent as a JSON number; Decimal keeps it exact until here.
                "value": float(t.value) if t.value is not None else None,
                "base": t.base,
                "note": t.note,
            }
            for t in m.targets
        ],
    }
