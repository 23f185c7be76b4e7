"""Who sees what on the dashboard: the board the province, a Director his department, a unit
head his unit; everyone else is refused."""

from __future__ import annotations

import pytest

from tests.support.spreadsheets import read_xlsx, table_rows

TITLES = {
    "vanthu.cntt": "Hồ sơ Alpha của Phòng CNTT",
    "vanthu.bcvt": "Hồ sơ Beta của Phòng BC-VT",
    "vanthu.yte": "Hồ sơ Gamma của Sở Y tế",
}


@pytest.fixture
def filed(api):
    """Three drafts: two units of Sở TT&TT and one of Sở Y tế (each waits on its nominator)."""
    return {user: api(user).file("LDTT", title=title) for user, title in TITLES.items()}


@pytest.mark.parametrize(
    ("username", "seen", "total"),
    [
        ("theodoi.btdkt", {"vanthu.cntt", "vanthu.bcvt", "vanthu.yte"}, 3),
        ("giamdoc.tttt", {"vanthu.cntt", "vanthu.bcvt"}, 2),
        ("truongphong.cntt", {"vanthu.cntt"}, 1),
        ("giamdoc.yte", {"vanthu.yte"}, 1),
    ],
)
def test_each_sees_only_their_organisation(filed, login_as, username, seen, total):
    client = login_as(username)
    page = client.get("/dashboard/").get_data(as_text=True)
    assert f"({total} hồ sơ)" in page
    for author, title in TITLES.items():
        assert (title in page) == (author in seen), (username, title)
    assert ("Văn phòng Sở Y tế" in page) == ("vanthu.yte" in seen)

    units = table_rows(read_xlsx(client.get("/dashboard/export.xlsx"))["Theo đơn vị"], "Đơn vị")
    expected = {
        "vanthu.cntt": "Phòng Công nghệ thông tin",
        "vanthu.bcvt": "Phòng Bưu chính – Viễn thông",
        "vanthu.yte": "Văn phòng Sở Y tế",
    }
    assert {row[0] for row in units} == {expected[a] for a in seen}
    assert sum(row[2] for row in units) == total


def test_movement_targets_follow_the_scope(login_as):
    director = login_as("giamdoc.tttt").get("/dashboard/").get_data(as_text=True)
    assert "Chỉ tiêu phong trào" in director and "Phòng BC-VT" in director
    head = login_as("truongphong.cntt").get("/dashboard/").get_data(as_text=True)
    # his unit's row only, and no movement-wide figures that include other units
    assert "Phòng CNTT" in head
    assert "Phòng BC-VT" not in head and "Trung tâm CNTT&amp;TT" not in head
    assert "Vạch đỏ" not in head
    other = login_as("giamdoc.yte").get("/dashboard/").get_data(as_text=True)
    assert "Chỉ tiêu phong trào" not in other


@pytest.mark.parametrize("username", ["vanthu.cntt", "thuongtruc.tttt", "hoidong.tinh"])
@pytest.mark.parametrize(
    "path", ["/dashboard/", "/dashboard/export.xlsx", "/dashboard/statistics.xlsx"]
)
def test_others_are_refused(login_as, username, path):
    response = login_as(username).get(path)
    assert response.status_code == 403
    assert "Bảng điều khiển dành cho" in response.get_data(as_text=True)


def test_the_nav_link_shows_for_those_who_may_open_it(login_as):
    assert "Bảng điều khiển" in login_as("giamdoc.tttt").get("/board/").get_data(as_text=True)
    assert "Bảng điều khiển" not in login_as("vanthu.cntt").get("/board/").get_data(as_text=True)


def test_anonymous_is_sent_to_login(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
