"""Nominees picked from the unit's people or pasted from a spreadsheet, filled on the server."""

from __future__ import annotations

import re

from sqlalchemy import select

from models import Nominee
from tests.support.pages import complete_and_submit, inbox_tasks

FORM = {"award_code": "LDTT", "year": "2025", "title": "Đề nghị LĐTT 2025", "summary": "Tốt."}
OPTION = re.compile(r'<option value="([^"]*)"[^>]*>([^<]*)</option>')


def picker_options(html: str) -> dict[str, str]:
    select = html.split('id="pick_person"', 1)[1].split("</select>", 1)[0]
    return {label: value for value, label in OPTION.findall(select) if value}


def value_of(html: str, field_id: str) -> str:
    match = re.search(rf'id="{re.escape(field_id)}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*id="{re.escape(field_id)}"', html
    )
    return match.group(1) if match else ""


def test_the_picker_offers_the_units_people_and_links_the_account(login_as, session):
    nominator = login_as("vanthu.cntt")
    options = picker_options(nominator.get("/proposals/new").get_data(as_text=True))
    assert "Lò Văn Minh (Phòng Công nghệ thông tin)" in options  # the unit head's account
    assert not any("Phạm Thị Thu" in label for label in options)  # the department's secretariat
    response = nominator.post(
        "/proposals/new",
        data={
            **FORM,
            "pick_person": options["Lò Văn Minh (Phòng Công nghệ thông tin)"],
            "add_person": "1",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert value_of(html, "nominees-0-name") == "Lò Văn Minh"
    assert value_of(html, "nominees-0-username") == "truongphong.cntt"
    assert value_of(html, "title") == FORM["title"]  # what was typed stays

    data = {
        **FORM,
        "nominees-0-name": "Lò Văn Minh",
        "nominees-0-username": "truongphong.cntt",
        "nominees-0-is_leader": "y",
        "save": "1",
    }
    saved = nominator.post("/proposals/new", data=data)
    assert saved.status_code == 302
    complete_and_submit(nominator, int(saved.headers["Location"].rsplit("/", 1)[1]))
    linked = session.scalar(select(Nominee).where(Nominee.name == "Lò Văn Minh"))
    assert linked.user_id is not None and linked.is_leader
    # Picked as a nominee, the unit head no longer reviews the proposal himself.
    assert inbox_tasks(login_as("truongphong.cntt")) == []
    # Earlier nominees come back in the list with what was filed for them.
    again = picker_options(nominator.get("/proposals/new").get_data(as_text=True))
    assert "Lò Văn Minh (Phòng Công nghệ thông tin)" in again


def test_a_person_of_another_unit_cannot_be_picked(login_as):
    nominator = login_as("vanthu.cntt")
    response = nominator.post(
        "/proposals/new", data={**FORM, "pick_person": "u:giamdoc.yte", "add_person": "1"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Hãy chọn một người trong danh sách." in html
    assert value_of(html, "nominees-0-name") == ""


def test_pasted_rows_fill_the_form_and_bad_lines_stay_with_their_error(login_as, session):
    nominator = login_as("vanthu.cntt")
    pasted = (
        "Họ tên\tChức vụ\tĐơn vị\tGiới tính\tLãnh đạo\r\n"
        "Nguyễn Văn Ánh\tChuyên viên\tPhòng CNTT\tNam\t\r\n"
        "\r\n"
        "Hà Thị Thủy\tTrưởng phòng\tPhòng CNTT\tnữ\tx\r\n"
        "Vi Văn Tú\tChuyên viên\tPhòng CNTT\tkhác\t\r\n"
    )
    response = nominator.post("/proposals/new", data={**FORM, "paste": pasted, "add_pasted": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400  # one line could not be read
    assert value_of(html, "nominees-0-name") == "Nguyễn Văn Ánh"
    assert value_of(html, "nominees-1-name") == "Hà Thị Thủy"
    assert 'id="nominees-1-is_leader"' in html and re.search(
        r'<input[^>]*checked[^>]*id="nominees-1-is_leader"|id="nominees-1-is_leader"[^>]*checked',
        html,
    )
    assert "Dòng 5 (Vi Văn Tú): giới tính “khác” phải là Nam hoặc Nữ" in html
    box = html.split('id="paste"', 1)[1].split("</textarea>", 1)[0]
    assert "Vi Văn Tú" in box and "Nguyễn Văn Ánh" not in box

    data = {**FORM, "save": "1"}
    for i, (name, gender, leader) in enumerate(
        [("Nguyễn Văn Ánh", "male", ""), ("Hà Thị Thủy", "female", "y")]
    ):
        data |= {f"nominees-{i}-name": name, f"nominees-{i}-gender": gender}
        if leader:
            data[f"nominees-{i}-is_leader"] = leader
    assert nominator.post("/proposals/new", data=data).status_code == 302
    rows = session.execute(
        select(Nominee.name, Nominee.gender, Nominee.is_leader).order_by(Nominee.id)
    ).all()
    assert [tuple(r) for r in rows] == [
        ("Nguyễn Văn Ánh", "male", False),
        ("Hà Thị Thủy", "female", True),
    ]


def test_a_paste_without_lines_says_so(login_as):
    response = login_as("vanthu.cntt").post(
        "/proposals/new", data={**FORM, "paste": " \n\t\n", "add_pasted": "1"}
    )
    assert response.status_code == 400
    assert "Chưa có dòng nào để thêm." in response.get_data(as_text=True)
