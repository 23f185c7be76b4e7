"""Tasks: the caller's inbox, one task with what it is checked against, and claim / release /
complete one step."""

from __future__ import annotations

from flask import current_app, g, jsonify, request
from sqlalchemy import select

from models import HumanTask, Organisation, Proposal, User, utcnow
from webapp.api import bp, serialize, serialize_cases
from webapp.api.auth import token_required
from webapp.api.idempotency import idempotent
from webapp.api.inputs import json_body, query_choice, query_int, query_str
from webapp.api.openapi_types import STAGES
from webapp.extensions import db
from webapp.numbers import ID_MAX
from workflows.awards import quota_display
from workflows.cases import inbox as case_inbox
from workflows.directory.access import get_visible_proposal
from workflows.eligibility import checks
from workflows.errors import N_, NotFound, ValidationFailed
from workflows.process import inbox, inbox_view, lowering, review
from workflows.process.next_steps import of as next_steps_of

#: the query parameters that ask for a page (an object with items and total), not the list
PAGING = ("limit", "offset", "award", "unit", "stage", "due", "q", "sort", "dir")


@bp.get("/tasks")
@token_required
def list_tasks():
    """The caller's inbox. Without paging or filter parameters: the whole list (as before
    paging came, for old clients) with its length in X-Total-Count; with any of them: a page,
    `{items, total, limit, offset}`."""
    proposal_id = query_int("proposal_id", None, 1, ID_MAX)
    if not any(name in request.args for name in PAGING):
        rows = inbox.listing(db.session, g.api_user, proposal_id)
        checked = checks.latest(db.session, list({p.id for _, p in rows}))
        listed = [serialize.inbox_task(t, p, checked.get(p.id)) for t, p in rows]
        # The steps of cases other than proposals follow, told apart by their `kind`.
        if proposal_id is None:
            listed += [
                serialize_cases.case_task(t) for t in case_inbox.waiting(db.session, g.api_user)
            ]
        answer = jsonify(listed)
        answer.headers["X-Total-Count"] = str(len(listed))
        return answer
    asked = inbox_view.InboxFilter(
        award=query_str("award"),
        unit=_unit_id(query_str("unit")),
        stage=query_choice("stage", STAGES),
        due=query_choice("due", list(inbox_view.DueState)),
        q=query_str("q", 100),
        sort=query_choice("sort", list(inbox_view.SORTS)),
        desc=query_choice("dir", ["asc", "desc"]) == "desc",
        limit=query_int("limit", inbox_view.DEFAULT_LIMIT, 1, inbox_view.MAX_LIMIT),
        offset=query_int("offset", 0, 0, 2**31 - 1),
        proposal_id=proposal_id,
    )
    # The cases' steps (a registration …) take their place in the same order, told apart by
    # their `kind`.
    page = case_inbox.waiting_page(db.session, g.api_user, asked, utcnow())
    proposals = [row for row in page.rows if isinstance(row, tuple)]
    checked = checks.latest(db.session, list({p.id for _, p in proposals}))
    return jsonify(
        {
            "items": [
                serialize.inbox_task(row[0], row[1], checked.get(row[1].id))
                if isinstance(row, tuple)
                else serialize_cases.case_task(row)
                for row in page.rows
            ],
            "total": page.total,
            "limit": asked.limit,
            "offset": asked.offset,
        }
    )


def _unit_id(code: str | None) -> int | None:
    if code is None:
        return None
    found = db.session.scalar(select(Organisation.id).where(Organisation.code == code))
    if found is None:
        raise ValidationFailed(
            "invalid_query_parameter", {"unit": N_("không có đơn vị mã %(code)s", code=code)}
        )
    return found


@bp.get("/tasks/<id:task_id>")
@token_required
def get_task(task_id: int):
    """One task with what the step is checked against: criteria and caps
    (workflows.awards.quotas)."""
    task = db.session.get(HumanTask, task_id)
    # Another member's ballot is not disclosed, nor a task of a proposal the caller may not
    # read: both are "not found", as an unknown task is.
    missing = NotFound("task_not_found", N_("Không tìm thấy bước xử lý số %(id)s", id=task_id))
    if task is None or task.assignee_id not in (None, g.api_user.id):
        raise missing
    try:
        proposal = get_visible_proposal(db.session, g.api_user, task.proposal_id)
    except NotFound:
        raise missing from None
    checked = checks.latest(db.session, [proposal.id]).get(proposal.id)
    body = serialize.inbox_task(task, proposal, checked)
    body["state"] = task.state
    body["quotas"] = serialize.quota_lines(*quota_display.live(db.session, proposal))
    return jsonify(body)


def _answer(task: HumanTask, proposal: Proposal, next_steps: bool = False):
    names = _usernames(task.claimed_by_id, task.completed_by_id)
    body: dict[str, object] = {
        "task": serialize.task_state(task, names),
        "proposal": serialize.proposal_state(proposal),
    }
    if next_steps:
        # What the client would read next (GET /tasks?proposal_id=): issue 19.
        steps = next_steps_of(db.session, g.api_user, proposal)
        body["next_steps"] = [serialize.next_step(step) for step in steps]
    return jsonify(body)


def _usernames(*user_ids: int | None) -> dict[int, str]:
    """Usernames of the people a task names, from their ids.

    The service set the task's foreign keys, not its relationships; the caller is nearly always
    the one named, and is known without a query.
    """
    names = {g.api_user.id: g.api_user.username}
    others = {i for i in user_ids if i is not None and i not in names}
    if others:
        names.update(db.session.execute(select(User.id, User.username).where(User.id.in_(others))))
    return names


@bp.post("/tasks/<id:task_id>/claim")
@token_required
def claim_task(task_id: int):
    return _answer(*review.claim(db.session, g.api_user, task_id))


@bp.post("/tasks/<id:task_id>/release")
@token_required
def release_task(task_id: int):
    return _answer(*review.release(db.session, g.api_user, task_id))


@bp.post("/tasks/<id:task_id>/complete")
@token_required
@idempotent
def complete_task(task_id: int):
    payload = json_body()
    registry = current_app.extensions["tdkt_registry"]
    done = review.complete_step(db.session, registry, g.api_user, task_id, payload)
    return _answer(*done, next_steps=True)


@bp.post("/tasks/<id:task_id>/lower")
@token_required
@idempotent
def lower_nominees(task_id: int):
    """A lower award instead of a refusal (workflows.process.lowering): the nominees go on
    along the new award's route, in a new proposal when the others stay."""
    payload = json_body()
    registry = current_app.extensions["tdkt_registry"]
    done = lowering.lower(db.session, registry, g.api_user, task_id, payload)
    return jsonify(
        {
            "proposal": _lowered_state(done.proposal),
            "continued_in": _lowered_state(done.continued_in),
            "split": done.split,
            "eligibility": done.results,
        }
    )


def _lowered_state(p: Proposal) -> dict:
    return {
        **serialize.proposal_state(p),
        "award_code": p.award_code,
        "split_from": p.split_from_id,
    }
