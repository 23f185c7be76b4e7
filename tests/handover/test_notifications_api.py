"""GET /api/v1/notifications (paged, with the unread count), marking one or all read, and the
mail preferences; only the caller's own."""

from __future__ import annotations

from sqlalchemy import select

from models import User
from workflows.deadlines.notifications import message, notify


def give(session, username: str, n: int) -> None:
    user = session.scalar(select(User).where(User.username == username))
    for i in range(n):
        notify(
            session,
            user,
            "returned",
            message("returned", id=i, title=f"Hồ sơ {i}", step="B", reason="R"),
        )
    session.commit()


def test_paged_with_total_and_unread(api, session):
    give(session, "vanthu.cntt", 5)
    me = api("vanthu.cntt")
    page = me.ok("GET", "/notifications?limit=2&offset=1")
    assert (page["total"], page["unread"], page["limit"], page["offset"]) == (5, 5, 2, 1)
    newest_first = [n["id"] for n in me.ok("GET", "/notifications")["items"]]
    assert [n["id"] for n in page["items"]] == newest_first[1:3]
    assert set(page["items"][0]) == {
        "id",
        "kind",
        "text",
        "proposal_id",
        "task_id",
        "case_id",
        "created_at",
        "read_at",
    }
    bad = me.get("/notifications?limit=0")
    assert bad.status_code == 400 and "limit" in bad.get_json()["fields"]


def test_mark_one_then_all_read_and_anothers_is_not_found(api, session):
    give(session, "vanthu.cntt", 3)
    give(session, "truongphong.cntt", 1)
    me, other = api("vanthu.cntt"), api("truongphong.cntt")
    [first, *_] = me.ok("GET", "/notifications")["items"]
    one = me.ok("POST", f"/notifications/{first['id']}/read")
    assert one["notification"]["read_at"] is not None and one["unread"] == 2
    [theirs] = other.ok("GET", "/notifications")["items"]
    refused = me.post(f"/notifications/{theirs['id']}/read")
    assert refused.status_code == 404 and refused.get_json()["code"] == "notification_not_found"
    everything = me.ok("POST", "/notifications/read")
    assert (everything["marked"], everything["unread"], everything["total"]) == (2, 0, 3)
    assert other.ok("GET", "/notifications")["unread"] == 1  # another's untouched


def test_mail_preferences_by_api(api):
    me = api("vanthu.cntt")
    assert all(me.ok("GET", "/notifications/preferences")["mail"].values())
    changed = me.ok("PUT", "/notifications/preferences", json={"mail": {"task_arrived": False}})
    assert changed["mail"]["task_arrived"] is False and changed["mail"]["returned"] is True
    bad = me.put("/notifications/preferences", json={"mail": {"holiday": False}})
    assert bad.status_code == 400 and "mail.holiday" in bad.get_json()["fields"]
    wrong = me.put("/notifications/preferences", json={"mail": {"returned": "no"}})
    assert wrong.status_code == 400 and "mail" in wrong.get_json()["fields"]


def test_the_api_needs_a_token(client):
    assert client.get("/api/v1/notifications").status_code == 401
