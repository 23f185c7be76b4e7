"""The award catalogue: every award the law names, deciders that agree with the routing
table, the pages for administrators and the board, ministry and state awards not fileable."""

from __future__ import annotations

from datetime import date

from models import Award
from workflows.reports import catalogue

# Who decides each award (Law 06/2022/QH15, Decree 152/2025), written from the law, not the data.
DECIDERS = {
    "LDTT": "Giám đốc Sở",
    "CSTDCS": "Giám đốc Sở",
    "TTLDTT": "Giám đốc Sở",
    "GK_CN": "Giám đốc Sở",
    "GK_TT": "Giám đốc Sở",
    "CSTD_TINH": "Chủ tịch UBND tỉnh",
    "TTLDXS": "Chủ tịch UBND tỉnh",
    "CO_THI_DUA_TINH": "Chủ tịch UBND tỉnh",
    "BK_TINH_CN": "Chủ tịch UBND tỉnh",
    "BK_TINH_TT": "Chủ tịch UBND tỉnh",
    "BK_BO_CN": "Bộ trưởng (Bộ quản lý ngành)",
    "BK_BO_TT": "Bộ trưởng (Bộ quản lý ngành)",
    "KNC_BO": "Bộ trưởng (Bộ quản lý ngành)",
    "BK_TTG_CN": "Thủ tướng Chính phủ",
    "BK_TTG_TT": "Thủ tướng Chính phủ",
    "CO_THI_DUA_CP": "Thủ tướng Chính phủ",
    "CSTD_TOAN_QUOC": "Thủ tướng Chính phủ",
}
#: the routing table's decider codes for the same bodies
ROUTE_CODE = {
    "Giám đốc Sở": "director",
    "Chủ tịch UBND tỉnh": "chairman",
    "Bộ trưởng (Bộ quản lý ngành)": "minister",
    "Thủ tướng Chính phủ": "prime_minister",
}


def test_every_award_of_the_domain_table_is_in_the_catalogue(session):
    awards = {a.code: a for a in session.query(Award)}
    assert set(DECIDERS) == set(awards)
    for code, decider in DECIDERS.items():
        assert awards[code].fileable and awards[code].decided_by_vi == decider, code
    assert "2 năm liên tục" in awards["BK_TINH_CN"].prerequisites_vi
    assert "3 năm liên tục" in awards["CSTD_TINH"].prerequisites_vi


def test_the_catalogue_decider_agrees_with_the_routing_table(app, session):
    registry = app.extensions["tdkt_registry"]
    for award in session.query(Award).filter(Award.fileable):
        route = registry.route_for(session, award.code)
        assert route["decider"] == ROUTE_CODE[award.decided_by_vi], award.code


def test_the_path_comes_from_the_routing_table(app, session):
    registry = app.extensions["tdkt_registry"]
    flag = catalogue.entry(session, registry, session.get(Award, "CO_THI_DUA_TINH"), date.today())
    # bloc endorses, the provincial council votes (award_route.dmn), the Chairman decides
    assert flag.path_vi == (
        "Đơn vị → Hội đồng TĐKT Sở → Giám đốc Sở (tờ trình) → Khối thi đua → Ban TĐKT tỉnh"
        " → Hội đồng TĐKT tỉnh → Chủ tịch UBND tỉnh"
    )
    ldtt = catalogue.entry(session, registry, session.get(Award, "LDTT"), date(2025, 12, 1))
    assert ldtt.path_vi == "Đơn vị → Hội đồng TĐKT Sở → Giám đốc Sở"
    assert ldtt.rule_set.code == "ND152_2025"
    assert [str(c.value) for c in ldtt.coefficients] == ["0.3"]
    old = catalogue.entry(session, registry, session.get(Award, "BK_TINH_CN"), date(2025, 6, 30))
    assert (old.rule_set.code, [str(c.value) for c in old.coefficients]) == ("ND98_2023", ["1.0"])


def test_the_markdown_table_has_a_row_per_award(app, session):
    registry = app.extensions["tdkt_registry"]
    entries = catalogue.table(session, registry, date(2026, 11, 26))
    lines = catalogue.markdown(entries).splitlines()
    assert lines[0] == "| Khen thưởng | Cấp quyết định | Tuyến trình | Hệ số | Bộ quy định |"
    assert len(lines) == 2 + session.query(Award).count()
    cstdcs = next(line for line in lines if "(CSTDCS)" in line)
    assert "| Giám đốc Sở |" in cstdcs and "| ND152_2025 |" in cstdcs and "| 1 (" in cstdcs


def test_pages_for_the_admin_and_the_board(login_as):
    for username in ("quantri", "theodoi.btdkt"):
        client = login_as(username)
        page = client.get("/admin/awards/").get_data(as_text=True)
        assert "Chiến sĩ thi đua cơ sở" in page and "Bằng khen của Thủ tướng Chính phủ" in page
        assert "chưa hỗ trợ trình cấp Bộ/Trung ương" not in page
        assert "Bộ Nội vụ → Thủ tướng Chính phủ" in page
        detail = client.get("/admin/awards/BK_TINH_CN")
        assert detail.status_code == 200
        text = detail.get_data(as_text=True)
        for expected in ("Nghị định 152/2025/NĐ-CP, Điều 54 khoản 1", "01/07/2025", "30/06/2025"):
            assert expected in text
        assert "Cá nhân, tập thể lập được thành tích xuất sắc đột xuất" in text  # simplified


def test_pages_are_refused_to_a_nominator(login_as, client):
    nominator = login_as("vanthu.cntt")
    assert nominator.get("/admin/awards/").status_code == 403
    assert nominator.get("/admin/awards/CSTDCS").status_code == 403
    assert client.get("/admin/awards/").status_code == 302  # to the login page
    assert login_as("quantri").get("/admin/awards/KHONG_CO").status_code == 404


def test_the_upward_path_names_the_ministry_of_the_day(app, session):
    # Bộ TT&TT until 28/02/2025, Bộ KH&CN from 01/03/2025 (workflows/data/upward_recipients.json)
    registry = app.extensions["tdkt_registry"]
    award = session.get(Award, "BK_BO_CN")
    before = catalogue.entry(session, registry, award, date(2025, 2, 28)).path_vi
    after = catalogue.entry(session, registry, award, date(2025, 3, 1)).path_vi
    assert before.endswith("Chủ tịch UBND tỉnh (tờ trình) → Bộ Thông tin và Truyền thông")
    assert after.endswith("Chủ tịch UBND tỉnh (tờ trình) → Bộ Khoa học và Công nghệ")
    state = catalogue.entry(
        session, registry, session.get(Award, "CO_THI_DUA_CP"), date(2026, 1, 5)
    )
    assert state.path_vi == (
        "Đơn vị → Hội đồng TĐKT Sở → Giám đốc Sở (tờ trình) → Khối thi đua → Ban TĐKT tỉnh"
        " → Hội đồng TĐKT tỉnh → Chủ tịch UBND tỉnh (tờ trình) → Bộ Nội vụ → Thủ tướng Chính phủ"
    )


def test_a_ministry_award_can_be_filed(api, db_value):
    before = db_value("SELECT count(*) FROM proposal")
    response = api("vanthu.cntt").post(
        "/proposals",
        json={
            "award_code": "BK_TTG_CN",
            "year": 2025,
            "title": "Đề nghị Bằng khen Thủ tướng",
            "summary": "Thành tích xuất sắc",
            "nominees": [{"name": "Nguyễn Văn An"}],
        },
    )
    assert response.status_code == 201, response.get_json()
    assert db_value("SELECT count(*) FROM proposal") == before + 1
