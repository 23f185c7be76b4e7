"""A completion racing a merge, on a real database with two threads: whichever takes the
proposal's instance lock first wins, and the other sees its result whole — the merge that
waited moves the step the completion created; the completion that waited is refused 409
(step_moved), never half of each."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models import HumanTask, Organisation, OrgEventKind, TaskState, User
from tests.support.forwarding import FORWARD
from tests.support.locks import race_behind_lock
from workflows.process import review
from workflows.reorg import events
from workflows.reorg.plan import EventPlan


def _plan(session) -> EventPlan:
    def org_id(code: str) -> int:
        return session.scalar(select(Organisation.id).where(Organisation.code == code))

    return EventPlan(
        kind=OrgEventKind.MERGE,
        effective_on=date(2025, 3, 1),
        decision_no="215/QĐ-UBND",
        org_ids=(org_id("t-so-a-vp"),),
        successor_id=org_id("t-so-b-vp"),
    )


def _user(session, username: str) -> User:
    return session.scalar(select(User).where(User.username == username))


def _filed(api) -> tuple[int, int]:
    nominator = api("nm.a")
    proposal_id = nominator.file("LDTT", nominees=[{"name": "Cán bộ thử 0", "job_title": "CV"}])
    nominator.ok("POST", f"/proposals/{proposal_id}/submit")
    return proposal_id, api("head.a").task_for(proposal_id)["id"]


def test_a_completion_that_waited_for_the_merge_is_refused_409(app, api, world):
    proposal_id, task_id = _filed(api)
    registry = app.extensions["tdkt_registry"]

    def merge(session):
        events.apply(session, _plan(session), _user(session, "quantri"))

    def complete(session):
        review.complete_step(
            session, registry, _user(session, "head.a"), task_id, {"action": "approve", **FORWARD}
        )
        return "completed"

    assert race_behind_lock(app, proposal_id, merge, complete) == "conflict"
    factory = app.extensions["tdkt_sessions"]
    with factory() as s:
        ready = s.scalars(
            select(HumanTask).where(
                HumanTask.proposal_id == proposal_id, HumanTask.state == TaskState.READY
            )
        ).all()
        assert [t.org.code for t in ready] == ["t-so-b-vp"]


def test_a_merge_that_waited_for_the_completion_moves_the_new_step(app, api, world):
    proposal_id, task_id = _filed(api)
    registry = app.extensions["tdkt_registry"]

    def complete(session):
        review.complete_step(
            session, registry, _user(session, "head.a"), task_id, {"action": "approve", **FORWARD}
        )

    def merge(session):
        event = events.apply(session, _plan(session), _user(session, "quantri"))
        session.flush()
        moved = session.scalars(
            select(HumanTask).where(
                HumanTask.proposal_id == proposal_id, HumanTask.state == TaskState.READY
            )
        ).all()
        return event.summary["counts"]["tasks"], [(t.role_code, t.org.code) for t in moved]

    moved, ready = race_behind_lock(app, proposal_id, complete, merge)
    # The secretariat's step the completion created at Sở A went with the unit to Sở B.
    assert moved == 1
    assert ready == [("dept_secretariat", "t-so-b")]
