"""The seed's movement as data, the movement of a proposal, and the leader flag of a nominee."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Movement, MovementTarget, Nominee, Proposal
from workflows.movements.registry import load_directory

MEASURABLE = [
    ("1b", "collectives", "share_title_ttldtt", "=", 100),
    ("1c", "collectives", "share_of_ttldtt_with_ttldxs", "=", 20),
    ("1d", "collectives", "share_units_with_form", ">=", 50),
    ("2a", "individuals", "share_individuals_ldtt", "=", 95),
    ("2b", "individuals", "share_of_ldtt_with_htxsnv", "=", 20),
    ("2c", "individuals", "share_individuals_with_form", "=", 50),
]


def test_the_seed_movement_is_served_as_written(api):
    movements = api("truongphong.cntt").ok("GET", "/movements")
    assert [m["code"] for m in movements] == ["sotttt-2025"]
    m = movements[0]
    assert m["theme"] == (
        "Toàn Ngành đoàn kết, kỷ cương, thi đua “tăng tốc, bứt phá, về đích, bước vào kỷ "
        "nguyên mới - kỷ nguyên vươn mình của dân tộc”"
    )
    assert (m["organiser"], m["period_start"], m["period_end"], m["review_at"]) == (
        "sotttt",
        "2025-01-01",
        "2025-12-31",
        "Hội nghị triển khai kế hoạch năm 2026",
    )
    assert m["submission_deadline"] is None and m["status"] == "open"
    assert sorted(m["participants"]) == [
        "sotttt-bcvt",
        "sotttt-cntt",
        "sotttt-thanhtra",
        "sotttt-ttbcxb",
        "sotttt-ttcntt",
        "sotttt-vp",
    ]
    # The document numbers its content 1–6 then 8; kept as printed.
    assert [c["number"] for c in m["contents"]] == ["1", "2", "3", "4", "5", "6", "8"]
    assert m["contents"][1]["text"].startswith("Tập trung chỉ đạo phát triển hạ tầng bưu chính")
    targets = {t["code"]: t for t in m["targets"]}
    assert list(targets) == ["1a", "1b", "1c", "1d", "2a", "2b", "2c", "3", "4", "5", "6", "7", "8"]
    measured = [
        (t["code"], t["subject"], t["metric"], t["comparator"], t["value"])
        for t in m["targets"]
        if t["metric"]
    ]
    assert measured == MEASURABLE
    assert targets["1b"]["text"] == (
        "100% tập thể thuộc Ngành Thông tin và Truyền thông hoàn thành tốt nhiệm vụ công tác "
        "năm 2025, đạt danh hiệu “Tập thể Lao động tiên tiến”"
    )
    assert targets["2b"]["text"] == 'trong đó có 20% đạt danh hiệu "Hoàn thành xuất sắc nhiệm vụ"'
    assert targets["7"]["text"].endswith("đảm bảo tuân thủ theo Nghị định 73/2024/NĐ-CP.")
    assert targets["7"]["metric"] is None and targets["7"]["value"] is None


def test_loading_the_movement_files_again_changes_nothing(session):
    load_directory(session)
    session.commit()
    assert session.scalar(select(func.count()).select_from(Movement)) == 1
    assert session.scalar(select(func.count()).select_from(MovementTarget)) == 13


def movement_of(api, pid: int):
    return api("vanthu.cntt").ok("GET", f"/proposals/{pid}")["movement"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "sotttt-2025"),  # the one open movement of the department for 2025
        ({"year": 2026}, None),  # none is open for 2026
        ({"movement": None}, None),
        ({"movement": "sotttt-2025"}, "sotttt-2025"),
    ],
)
def test_a_proposal_belongs_to_a_movement(api, overrides, expected):
    pid = api("vanthu.cntt").file("LDTT", **overrides)
    assert movement_of(api, pid) == expected


@pytest.mark.parametrize(
    ("username", "body", "message"),
    [
        ("vanthu.cntt", {"movement": "khong-co"}, "không có phong trào mã 'khong-co'"),
        ("vanthu.cntt", {"movement": "sotttt-2025", "year": 2024}, "không mở cho đơn vị này"),
        ("vanthu.yte", {"movement": "sotttt-2025"}, "không mở cho đơn vị này"),
        ("vanthu.cntt", {"movement": 2025}, "phải là chuỗi ký tự"),
    ],
)
def test_a_movement_that_does_not_fit_is_refused(api, username, body, message):
    payload = {
        "award_code": "LDTT",
        "year": 2025,
        "title": "Đề nghị",
        "summary": "Tóm tắt",
        "nominees": [{"name": "Nguyễn Văn An"}],
        **body,
    }
    response = api(username).post("/proposals", json=payload)
    assert response.status_code == 400
    assert message in response.get_json()["fields"]["movement"]


def test_editing_keeps_the_choice_unless_the_year_leaves_the_period(api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT", movement=None)
    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": "Đề nghị LĐTT",
        "summary": "Tóm tắt",
        "nominees": [{"name": "Nguyễn Văn An"}],
    }
    assert nominator.ok("PUT", f"/proposals/{pid}", json=body)["movement"] is None  # kept
    body["movement"] = "sotttt-2025"
    assert nominator.ok("PUT", f"/proposals/{pid}", json=body)["movement"] == "sotttt-2025"
    del body["movement"]
    body["year"] = 2026
    assert nominator.ok("PUT", f"/proposals/{pid}", json=body)["movement"] is None


def test_leaders_are_flagged_per_person(api):
    nominator = api("vanthu.cntt")
    pid = nominator.file(
        "LDTT",
        nominees=[
            {"name": "Lò Văn Minh", "job_title": "Trưởng phòng", "is_leader": True},
            {"name": "Nguyễn Văn An", "job_title": "Chuyên viên"},
        ],
    )
    nominees = nominator.ok("GET", f"/proposals/{pid}")["nominees"]
    assert [(n["name"], n["is_leader"]) for n in nominees] == [
        ("Lò Văn Minh", True),
        ("Nguyễn Văn An", False),
    ]
    # a collective has no leaders
    tid = nominator.file("TTLDTT", nominees=[{"name": "Phòng CNTT", "is_leader": True}])
    assert nominator.ok("GET", f"/proposals/{tid}")["nominees"][0]["is_leader"] is False

    response = nominator.post(
        "/proposals",
        json={
            "award_code": "LDTT",
            "year": 2025,
            "title": "Đề nghị",
            "summary": "Tóm tắt",
            "nominees": [{"name": "Nguyễn Văn An", "is_leader": "có"}],
        },
    )
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"nominees[0].is_leader": "phải là true hoặc false"}


def test_the_form_offers_the_movement_and_the_leader_box(login_as, session):
    client = login_as("vanthu.cntt")
    page = client.get("/proposals/new").get_data(as_text=True)
    assert '<option value="sotttt-2025">' in page
    assert "Cán bộ lãnh đạo, quản lý" in page and 'name="nominees-0-is_leader"' in page

    def post(movement: str, leader: bool) -> int:
        data = {
            "award_code": "LDTT",
            "year": "2025",
            "title": f"Đề nghị ({movement or 'tự động'})",
            "summary": "Hoàn thành tốt nhiệm vụ.",
            "movement": movement,
            "nominees-0-name": "Nguyễn Văn An",
            "save": "1",
            "confirm_duplicate": "y",  # the same nominee twice on purpose
        }
        if leader:
            data["nominees-0-is_leader"] = "y"
        response = client.post("/proposals/new", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)
        return int(response.headers["Location"].rsplit("/", 1)[1])

    cases = {post("", True): ("sotttt-2025", True), post("-", False): (None, False)}
    for pid, (code, leader) in cases.items():
        proposal = session.get(Proposal, pid)
        assert (proposal.movement.code if proposal.movement else None) == code
        is_leader = session.scalar(select(Nominee.is_leader).where(Nominee.proposal_id == pid))
        assert is_leader is leader
    page = client.get(f"/proposals/{min(cases)}/edit").get_data(as_text=True)
    assert '<option selected value="sotttt-2025">' in page or (
        '<option value="sotttt-2025" selected>' in page
    )
