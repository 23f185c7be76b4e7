"""A case's page in each language: its title is the case's kind and number, its history says
what happened to the case (not the bell's link to a proposal, which once shared its text)."""

from __future__ import annotations

from sqlalchemy import select, update

from models import CaseTask, User
from tests.support.cases import open_trial_case

UNIT_CLERK = "vanthu.yte"


def test_the_case_page_names_its_kind_and_tells_its_opening(app, session, login_as):
    case_id, _ = open_trial_case(app, session, "soyte-vp", "thuongtruc.yte")
    page = login_as(UNIT_CLERK).get(f"/cases/{case_id}").get_data(as_text=True)
    assert f"<title>Đăng ký thi đua #{case_id}" in page
    assert "Khởi tạo" in page and "Mở hồ sơ" not in page
    session.execute(update(User).where(User.username == UNIT_CLERK).values(locale="en"))
    session.commit()
    page = login_as(UNIT_CLERK).get(f"/cases/{case_id}").get_data(as_text=True)
    assert f"<title>Emulation registration #{case_id}" in page
    assert "Opened" in page and "Open the proposal" not in page


def test_a_case_s_step_page_is_titled_with_the_case_s_kind_and_number(app, session, login_as):
    case_id, _ = open_trial_case(app, session, "soyte-vp", "thuongtruc.yte")
    [task_id] = session.scalars(
        select(CaseTask.id).where(CaseTask.case_id == case_id, CaseTask.state == "ready")
    ).all()
    page = login_as(UNIT_CLERK).get(f"/cases/tasks/{task_id}").get_data(as_text=True)
    assert f"<title>Đơn vị đăng ký thi đua – Đăng ký thi đua #{case_id}" in page
    assert "hồ sơ #" not in page
