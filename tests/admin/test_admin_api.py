"""Administration through API v1: the same services, checks and audit as the pages; 403 for
anyone but an administrator; described in the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from models import AdminEvent, RoleAssignment
from workflows.deadlines.calendar import today

PASSWORD = "Mat-khau-moi-2026"


def _events(session) -> int:
    session.rollback()  # a fresh snapshot: the app committed in its own session
    return session.scalar(select(func.count()).select_from(AdminEvent))


def test_non_administrators_get_403_everywhere(api):
    director = api("giamdoc.tttt")
    calls = [
        ("GET", "/admin/users", None),
        ("POST", "/admin/users", {"username": "x"}),
        ("POST", "/admin/users/vanthu.cntt/disable", None),
        ("POST", "/admin/users/vanthu.cntt/reset-password", None),
        ("POST", "/admin/users/vanthu.cntt/unlock", None),
        ("GET", "/admin/assignments", None),
        ("POST", "/admin/assignments", {}),
        ("POST", "/admin/assignments/1/close", {"last_day": "2026-01-01"}),
        ("GET", "/admin/groupings", None),
        ("POST", "/admin/groupings/cum-2/members", {}),
        ("PUT", "/admin/groupings/cum-2/heads/2026", {}),
    ]
    for method, path, body in calls:
        answer = director._call(method, path, json=body)
        assert answer.status_code == 403, (path, answer.get_json())
        assert answer.get_json()["code"] == "admin_only"


def test_create_assign_and_the_new_user_acts_through_the_api(api, app, session):
    admin = api("quantri")
    created = admin.ok(
        "POST",
        "/admin/users",
        201,
        json={"username": "tran.moi", "full_name": "Trần Thị Mới", "password": PASSWORD},
    )
    assert created["roles"] == [] and created["active"] is True
    given = admin.ok(
        "POST",
        "/admin/assignments",
        201,
        json={
            "username": "tran.moi",
            "role": "unit_head",
            "org": "sotttt-cntt",
            "valid_from": today().isoformat(),
        },
    )
    assert given["held_today"] is True
    client = app.test_client()
    token = client.post(
        "/api/v1/auth/token", json={"username": "tran.moi", "password": PASSWORD}
    ).get_json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert [(r["role"], r["org"]) for r in me["roles"]] == [("unit_head", "sotttt-cntt")]
    listed = admin.ok("GET", "/admin/assignments?user=tran.moi")
    assert [a["id"] for a in listed] == [given["id"]]
    found = admin.ok("GET", "/admin/users?q=tran thi moi")
    assert [u["username"] for u in found] == ["tran.moi"]


def test_refusals_name_the_problem_and_write_nothing(api, session):
    admin = api("quantri")
    before = _events(session)
    bad = admin.post(
        "/admin/assignments",
        json={
            "username": "vanthu.cntt",
            "role": "director",
            "org": "sotttt-cntt",
            "valid_from": "2026-01-01",
        },
    )
    assert bad.status_code == 400 and bad.get_json()["code"] == "role_wrong_org_kind"
    assert "org" in bad.get_json()["fields"]
    backwards = admin.post(
        "/admin/assignments",
        json={
            "username": "vanthu.cntt",
            "role": "nominator",
            "org": "sotttt-bcvt",
            "valid_from": "2026-05-01",
            "valid_to": "2026-04-01",
        },
    )
    assert backwards.status_code == 400 and "valid_to" in backwards.get_json()["fields"]
    not_a_date = admin.post(
        "/admin/assignments",
        json={"username": "vanthu.cntt", "role": "nominator", "org": "x", "valid_from": 5},
    )
    assert not_a_date.status_code == 400 and "valid_from" in not_a_date.get_json()["fields"]
    weak = admin.post(
        "/admin/users", json={"username": "ok.name", "full_name": "A", "password": "ok.name"}
    )
    assert weak.status_code == 400 and "password" in weak.get_json()["fields"]
    taken = admin.post(
        "/admin/users",
        json={"username": "vanthu.cntt", "full_name": "A", "password": PASSWORD},
    )
    assert taken.status_code == 409 and taken.get_json()["code"] == "username_taken"
    assert _events(session) == before


def test_the_last_holder_of_a_role_with_a_step_waiting_cannot_be_closed(api, session):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{pid}/submit")
    admin = api("quantri")
    [held] = admin.ok("GET", "/admin/assignments?user=truongphong.cntt")
    refused = admin.post(
        f"/admin/assignments/{held['id']}/close", json={"last_day": today().isoformat()}
    )
    assert refused.status_code == 409 and refused.get_json()["code"] == "last_holder_with_steps"
    disable = admin.post("/admin/users/truongphong.cntt/disable")
    assert disable.status_code == 409 and disable.get_json()["code"] == "last_holder_with_steps"
    # Once someone else holds the role from the next day, the first may go.
    admin.ok(
        "POST",
        "/admin/assignments",
        201,
        json={
            "username": "truongphong.bcvt",
            "role": "unit_head",
            "org": "sotttt-cntt",
            "valid_from": (today() + timedelta(days=1)).isoformat(),
        },
    )
    closed = admin.ok(
        "POST", f"/admin/assignments/{held['id']}/close", json={"last_day": today().isoformat()}
    )
    assert closed["valid_to"] == today().isoformat() and closed["held_today"] is True
    session.rollback()
    row = session.get(RoleAssignment, held["id"])
    assert row.valid_to == today()


def test_disable_revokes_tokens_and_reset_and_unlock(api, app, session):
    admin = api("quantri")
    victim = api("vanthu.bcvt")
    assert victim.get("/me").status_code == 200
    disabled = admin.ok("POST", "/admin/users/vanthu.bcvt/disable")
    assert disabled["active"] is False
    assert victim.get("/me").status_code == 401
    admin.ok("POST", "/admin/users/vanthu.bcvt/enable")
    reset = admin.ok("POST", "/admin/users/vanthu.bcvt/reset-password")
    assert len(reset["password"]) >= 16
    client = app.test_client()
    logged = client.post(
        "/api/v1/auth/token", json={"username": "vanthu.bcvt", "password": reset["password"]}
    )
    assert logged.status_code == 201
    given = admin.ok("POST", "/admin/users/vanthu.bcvt/reset-password", json={"password": PASSWORD})
    assert given["password"] is None
    assert admin.ok("POST", "/admin/users/vanthu.bcvt/unlock")["username"] == "vanthu.bcvt"
    session.rollback()
    actions = list(session.scalars(select(AdminEvent.action).order_by(AdminEvent.id)))
    assert actions == [
        "user_disabled",
        "user_enabled",
        "password_reset",
        "password_reset",
        "account_unlocked",
    ]


def test_groupings_memberships_and_heads(api):
    admin = api("quantri")
    year = today().year
    [cluster] = [
        g for g in admin.ok("GET", f"/admin/groupings?year={year}") if g["code"] == "cum-2"
    ]
    assert {m["member"] for m in cluster["members"]} >= {"sotttt", "sokhcn"}
    assert [a["username"] for a in cluster["head_holders"]] == ["truongcum.2"]
    joined = admin.ok(
        "POST",
        "/admin/groupings/cum-2/members",
        201,
        json={"member": "soyte", "valid_from": f"{year}-01-01"},
    )
    not_dept = admin.post(
        "/admin/groupings/cum-2/members", json={"member": "soyte-vp", "valid_from": f"{year}-01-01"}
    )
    assert not_dept.status_code == 400 and "member" in not_dept.get_json()["fields"]
    head = admin.ok(
        "PUT",
        f"/admin/groupings/cum-2/heads/{year}",
        json={"head": "soyte", "deputy": "sotttt", "basis": "Biên bản họp Cụm"},
    )
    assert head == {
        "grouping": "cum-2",
        "year": year,
        "head": "soyte",
        "deputy": "sotttt",
        "basis": "Biên bản họp Cụm",
    }
    same = admin.post(f"/admin/groupings/cum-2/heads/{year}", json={})
    assert same.status_code == 405
    closed = admin.ok(
        "POST", f"/admin/memberships/{joined['id']}/close", json={"last_day": f"{year}-06-30"}
    )
    assert closed["valid_to"] == f"{year}-06-30"
    [after] = [g for g in admin.ok("GET", f"/admin/groupings?year={year}") if g["code"] == "cum-2"]
    assert after["head"] == "soyte" and after["deputy"] == "sotttt"


def test_the_admin_api_is_in_the_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "post" in doc["paths"]["/api/v1/admin/assignments"]
    close = doc["paths"]["/api/v1/admin/assignments/{assignment_id}/close"]["post"]
    assert {"200", "403", "409"} <= set(close["responses"])
