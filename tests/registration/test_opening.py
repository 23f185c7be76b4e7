"""Opening a movement's registrations (issue 17, item 1: "when a movement opens, each unit
registers"): the department carrying the movement opens one registration per unit taking part,
each waiting in its unit's inbox; nothing twice; nobody else may."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from models import CaseTask, Movement, MovementParticipant, Registration, TaskState
from tests.support import factories

YEAR = 2026


def health_movement(session) -> int:
    """A movement of Sở Y tế for YEAR with the department itself taking part: its units are
    Văn phòng Sở Y tế and Phòng Nghiệp vụ Y (workflows/data/demo.json)."""
    department = factories.org(session, "soyte")
    movement = Movement(
        code=f"PT-YTE-{YEAR}",
        title=f"Phong trào thi đua ngành Y tế năm {YEAR}",
        organiser_id=department.id,
        period_start=date(YEAR, 1, 1),
        period_end=date(YEAR, 12, 31),
    )
    session.add(movement)
    session.flush()
    session.add(MovementParticipant(movement_id=movement.id, org_id=department.id))
    session.commit()
    return movement.id


def test_the_secretariat_opens_one_registration_per_unit_and_not_twice(session, api, row_counts):
    movement_id = health_movement(session)
    secretariat = api("thuongtruc.yte")
    opened = secretariat.post(f"/movements/{movement_id}/registrations")
    assert opened.status_code == 201, opened.get_json()
    got = opened.get_json()["opened"]
    assert [(r["org"], r["year"], r["status"]) for r in got] == [
        ("soyte-nvy", YEAR, "open"),
        ("soyte-vp", YEAR, "open"),
    ]
    session.rollback()
    # Each registration's first step waits for its unit's nominator.
    ready = session.scalars(
        select(CaseTask).where(CaseTask.kind == "registration", CaseTask.state == TaskState.READY)
    ).all()
    assert sorted(t.org.code for t in ready) == ["soyte-nvy", "soyte-vp"]
    listed = api("vanthu.yte").ok("GET", "/tasks")
    assert [t["kind"] for t in listed if t["kind"] == "registration"] == ["registration"]
    # Again: nothing left to open, nothing written.
    before = row_counts()
    again = secretariat.post(f"/movements/{movement_id}/registrations")
    assert again.status_code == 409
    assert again.get_json()["code"] == "registration_all_open"
    assert row_counts() == before


def test_only_the_carrying_department_or_the_board_may_open(session, api, row_counts):
    movement_id = health_movement(session)
    before = row_counts()
    for username in ("vanthu.yte", "thuongtruc.tttt", "giamdoc.tttt"):
        refused = api(username).post(f"/movements/{movement_id}/registrations")
        assert refused.status_code == 403, username
        assert refused.get_json()["code"] == "registration_open_forbidden"
        assert "Sở Y tế tỉnh Điện Biên" in refused.get_json()["message"]
    assert api("vanthu.yte").post("/movements/999999/registrations").status_code == 404
    assert row_counts() == before
    board = api("chuyenvien.btdkt").post(f"/movements/{movement_id}/registrations")
    assert board.status_code == 201


def test_the_director_opens_them_from_the_movement_s_targets_page(session, login_as):
    movement_id = health_movement(session)
    director = login_as("giamdoc.yte")
    page = director.get(f"/dashboard/movements/{movement_id}/targets").get_data(as_text=True)
    assert "2 đơn vị tham gia chưa được mở đăng ký thi đua" in page
    assert "Phòng Nghiệp vụ Y, Văn phòng Sở Y tế" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    sent = director.post(
        f"/dashboard/movements/{movement_id}/registrations", data={"csrf_token": token}
    )
    assert sent.status_code == 302
    page = director.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Đã mở đăng ký thi đua cho 2 đơn vị" in page
    assert 'id="open-registrations"' not in page
    session.rollback()
    assert session.scalar(
        select(Registration.id).where(Registration.movement_id == movement_id).limit(1)
    )
