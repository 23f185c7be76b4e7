"""A council's ballot opens for each member (one notice each); a council that approves nobody
tells the proposal's author it was voted down."""

from __future__ import annotations

from sqlalchemy import select

from models import Nominee, Notification, User


def test_each_member_is_told_and_the_author_hears_of_the_vote_down(
    api, council, at_council, session
):
    members = council(2)
    pid = at_council(nominees=("Nguyễn Văn An",))
    opened = session.execute(
        select(User.username)
        .join(Notification, Notification.user_id == User.id)
        .where(Notification.proposal_id == pid, Notification.kind == "ballot_opened")
    )
    assert sorted(u for (u,) in opened) == sorted(members)
    [an] = session.scalars(select(Nominee.id).where(Nominee.proposal_id == pid))
    for member in members:
        task = api(member).task_for(pid)
        body = {"action": "vote", "choices": {str(an): "no"}}
        assert api(member).post(f"/tasks/{task['id']}/complete", json=body).status_code == 200
    page = api("vanthu.cntt").ok("GET", "/notifications")
    [down] = [n for n in page["items"] if n["kind"] == "voted_down"]
    assert down["proposal_id"] == pid and "không được Hội đồng bỏ phiếu thông qua" in down["text"]
