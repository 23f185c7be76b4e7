"""A simplified proposal names the case of Law 06/2022/QH15 Art. 85 it relies on."""

from __future__ import annotations

BODY = {
    "award_code": "GK_CN",
    "year": 2026,
    "title": "Khen thưởng đột xuất",
    "summary": "Cứu hộ người dân trong lũ",
    "nominees": [{"name": "Nguyễn Văn An"}],
    "procedure": "simplified",
}


def test_required_for_a_simplified_proposal(api, db_value):
    before = db_value("SELECT count(*) FROM proposal")
    response = api("vanthu.cntt").post("/proposals", json=BODY)
    assert response.status_code == 400
    message = response.get_json()["fields"]["simplified_case"]
    assert message.startswith("bắt buộc chọn trường hợp áp dụng thủ tục đơn giản")
    for code in ("dot_xuat", "nhiem_vu_chinh_tri", "thanh_tich_ro_rang"):
        assert code in message  # the valid cases are listed
    assert db_value("SELECT count(*) FROM proposal") == before


def test_an_unknown_case_is_refused_with_the_valid_ones(api):
    response = api("vanthu.cntt").post("/proposals", json={**BODY, "simplified_case": "khac"})
    assert response.status_code == 400
    message = response.get_json()["fields"]["simplified_case"]
    assert message.startswith("không có trường hợp 'khac'") and "dot_xuat" in message


def test_a_valid_case_is_kept_and_a_normal_proposal_has_none(api, db_value):
    nominator = api("vanthu.cntt")
    pid = nominator.ok("POST", "/proposals", 201, json={**BODY, "simplified_case": "dot_xuat"})[
        "id"
    ]
    assert db_value("SELECT simplified_case FROM proposal WHERE id = :i", i=pid) == "dot_xuat"
    normal = {**BODY, "procedure": "normal", "simplified_case": "dot_xuat"}
    pid = nominator.ok("POST", "/proposals", 201, json=normal)["id"]
    assert db_value("SELECT simplified_case FROM proposal WHERE id = :i", i=pid) is None
