"""A role assignment counts on the days it is held: a closed one can no longer act, a future
one cannot yet, and who may take a step (or gets a ballot) changes on the day itself; through
the API and the pages alike."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from models import RoleAssignment, User
from tests.support.deadlines import file_and_submit
from tests.support.pages import inbox_tasks
from workflows.deadlines.calendar import today
from workflows.directory.users import assign


def _set_dates(session, username: str, role: str, **dates) -> None:
    user_id = select(User.id).where(User.username == username).scalar_subquery()
    session.execute(
        update(RoleAssignment)
        .where(RoleAssignment.user_id == user_id, RoleAssignment.role_code == role)
        .values(**dates)
    )
    session.commit()


def _submitted(api) -> tuple[int, dict]:
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    return pid, api("truongphong.cntt").task_for(pid)


def _refused_everywhere(api, login_as, pid: int, task_id: int) -> None:
    head = api("truongphong.cntt")
    assert all(t["proposal_id"] != pid for t in head.ok("GET", "/tasks"))
    assert head.ok("GET", "/me")["roles"] == []
    answer = head.post(f"/tasks/{task_id}/complete", json={"action": "approve"})
    assert answer.status_code in (403, 404), answer.get_json()
    page = login_as("truongphong.cntt")
    assert task_id not in [tid for tid, _name in inbox_tasks(page)]
    assert page.post(f"/tasks/{task_id}", data={"action": "approve"}).status_code in (403, 404)


def test_a_closed_assignment_can_no_longer_act(api, login_as, session):
    pid, task = _submitted(api)
    _set_dates(session, "truongphong.cntt", "unit_head", valid_to=today() - timedelta(days=1))
    _refused_everywhere(api, login_as, pid, task["id"])
    # The same account with the same assignment open again acts: only the dates refused it.
    _set_dates(session, "truongphong.cntt", "unit_head", valid_to=None)
    assert api("truongphong.cntt").task_for(pid)["id"] == task["id"]


def test_a_future_assignment_cannot_act_yet(api, login_as, session):
    pid, task = _submitted(api)
    _set_dates(session, "truongphong.cntt", "unit_head", valid_from=today() + timedelta(days=1))
    _refused_everywhere(api, login_as, pid, task["id"])


def test_the_candidates_of_a_step_change_on_the_day(app, clock, api_now, session):
    switch = date(2026, 3, 2)  # a Monday
    clock(datetime(2026, 2, 27, 10, 0))
    _set_dates(session, "truongphong.cntt", "unit_head", valid_to=switch - timedelta(days=1))
    successor = session.scalar(select(User).where(User.username == "truongphong.bcvt"))
    added = assign(session, successor, "unit_head", "sotttt-cntt")
    added.valid_from = switch
    session.commit()
    pid = file_and_submit(api_now)

    def candidates() -> list[str]:
        detail = api_now("vanthu.cntt").ok("GET", f"/proposals/{pid}")
        return detail["current_tasks"][0]["candidates"]

    assert candidates() == ["truongphong.cntt"]
    clock(datetime(2026, 3, 1, 23, 59))
    assert candidates() == ["truongphong.cntt"]
    clock(datetime(2026, 3, 2, 0, 1))  # Việt Nam's midnight, 17:01 UTC the day before
    assert candidates() == ["truongphong.bcvt"]
    assert any(t["proposal_id"] == pid for t in api_now("truongphong.bcvt").ok("GET", "/tasks"))
    assert all(t["proposal_id"] != pid for t in api_now("truongphong.cntt").ok("GET", "/tasks"))


def test_a_council_member_whose_term_ended_gets_no_ballot(api, session):
    _set_dates(session, "congdoan.tttt", "dept_council", valid_to=today() - timedelta(days=1))
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    detail = nominator.ok("GET", f"/proposals/{pid}")
    members = sorted(c for t in detail["current_tasks"] for c in t["candidates"])
    assert members, detail["current_tasks"]
    assert "congdoan.tttt" not in members and "hoidong.tttt" in members
