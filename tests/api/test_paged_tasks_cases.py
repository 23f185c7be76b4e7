"""The paged inbox of the API (GET /api/v1/tasks?limit=…) holds the cases' steps too (a
registration …), in the inbox's order and on the page their due date puts them, for the people
who may act on them only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from models import CaseTask, HumanTask, Movement, Organisation, TaskState, User, utcnow
from tests.support.pages import file_proposal
from workflows.registration import service


def _setup(app, session, login_as) -> tuple[list[int], int]:
    """Three proposals the unit's nominator is composing and its registration, due in between."""
    nominator = login_as("vanthu.cntt")
    pids = [
        file_proposal(nominator, title=f"Hồ sơ {n}", nominees=(f"Người {n}",), submit=False)
        for n in range(3)
    ]
    movement = session.scalar(select(Movement).where(Movement.code == "sotttt-2025"))
    unit = session.scalar(select(Organisation).where(Organisation.code == "sotttt-cntt"))
    actor = session.scalar(select(User).where(User.username == "thuongtruc.tttt"))
    registration = service.open_for(
        session, app.extensions["tdkt_registry"], movement, unit, actor, 2025
    )
    session.flush()
    case_task = session.scalar(
        select(CaseTask).where(CaseTask.kind == "registration", CaseTask.state == TaskState.READY)
    )
    assert case_task is not None and registration.id
    steps = {
        t.proposal_id: t
        for t in session.scalars(
            select(HumanTask).where(
                HumanTask.proposal_id.in_(pids), HumanTask.state == TaskState.READY
            )
        )
    }
    now = utcnow()
    steps[pids[0]].due_at = now + timedelta(days=1)
    case_task.due_at = now + timedelta(days=2)
    steps[pids[1]].due_at = now + timedelta(days=3)
    steps[pids[2]].due_at = None
    session.commit()
    return pids, case_task.id


def _keys(body: dict) -> list[tuple[str, int]]:
    return [(t.get("kind", "proposal"), t["id"]) for t in body["items"]]


def test_a_case_step_is_on_the_page_its_due_date_puts_it_for_its_user_only(
    app, session, login_as, api
):
    pids, case_task_id = _setup(app, session, login_as)
    nominator = api("vanthu.cntt")
    first = nominator.ok("GET", "/tasks?limit=2")
    second = nominator.ok("GET", "/tasks?limit=2&offset=2")
    assert (first["total"], second["total"]) == (4, 4)
    assert [t["proposal_id"] for t in first["items"]] == [pids[0], None]
    case_row = first["items"][1]
    assert (case_row["kind"], case_row["id"]) == ("registration", case_task_id)
    assert case_row["subject"]["table"] == "registration" and case_row["due_at"]
    assert [t["proposal_id"] for t in second["items"]] == [pids[1], pids[2]]
    # Sorted by when they arrived, the case's step (opened last) comes last.
    by_age = nominator.ok("GET", "/tasks?limit=10&sort=waiting")
    assert _keys(by_age)[-1] == ("registration", case_task_id)
    # A filter only a proposal has leaves it out; the due-date filter keeps it.
    assert nominator.ok("GET", "/tasks?limit=10&award=LDTT")["total"] == 3
    assert ("registration", case_task_id) in _keys(nominator.ok("GET", "/tasks?limit=10&due=ok"))
    # Nobody else is offered it: the unit's head, another unit's nominator.
    for other in ("truongphong.cntt", "vanthu.ttcntt"):
        listed = api(other).ok("GET", "/tasks?limit=200")
        assert all(t.get("kind", "proposal") == "proposal" for t in listed["items"]), other
