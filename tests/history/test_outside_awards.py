"""Issue 18, item 3, last sentence: an award decided outside tdkt (a nominee's earlier Chiến sĩ
thi đua cơ sở, a ministry's Bằng khen from before tdkt) recorded by the board officer or the
department's secretariat, with its decision's document; eligibility the next year counts it.

Worked by hand: YTE-VP-03 (Tòng Công Phong, Văn phòng Sở Y tế) has LĐTT 2023 and 2024 and no
CSTĐCS in the demo history, so the Bằng khen of the province for 2025 reads 0 consecutive years
of CSTĐCS; with CSTĐCS 2024 and 2025 recorded from outside it reads 2 (the criterion needs 2).
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from models.people import vn_today
from tests.support.attachments import PDF

OFFICER = "chuyenvien.btdkt"
SECRETARIAT = "thuongtruc.yte"


def _person_id(api, code: str) -> int:
    body = api(OFFICER).ok("GET", f"/people?staff_code={code}")
    (person,) = body["items"]
    return person["id"]


def _form(**overrides) -> dict:
    fields = {
        "award_code": "CSTDCS",
        "year": "2024",
        "decision_no": "77/QĐ-SYT",
        "decision_date": "20/12/2024",
        "decided_by": "Giám đốc Sở Y tế Hoàng Văn Bình",
        "amount": "1.490.000",
        "document": (io.BytesIO(PDF + b"qd-77"), "QĐ 77 khen thưởng.pdf"),
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def _post(client, person_id: int, **overrides):
    return client.post(
        f"/people/{person_id}/award-records",
        data=_form(**overrides),
        content_type="multipart/form-data",
    )


def _streak_reason(api, person_id: int) -> str:
    path = f"/people/{person_id}/eligibility?award=BK_TINH_CN&year=2025&decision_date=2026-01-20"
    verdict = api(OFFICER).ok("GET", path)
    (merit,) = [c for c in verdict["criteria"] if c["code"] == "bk_thanh_tich"]
    return merit["reason"]


def test_a_record_with_its_document_counts_for_next_years_eligibility(api, db_value):
    pid = _person_id(api, "YTE-VP-03")
    assert "0 năm liên tục Chiến sĩ thi đua cơ sở" in _streak_reason(api, pid)

    first = _post(api(OFFICER), pid)
    assert first.status_code == 201, first.get_json()
    row = first.get_json()
    assert row["award_code"] == "CSTDCS" and row["year"] == 2024
    assert row["decision_date"] == "2024-12-20" and row["amount"] == 1_490_000
    assert row["document"]["name"] == "QĐ 77 khen thưởng.pdf"
    assert row["document"]["content_type"] == "application/pdf"
    second = _post(
        api(SECRETARIAT), pid, year="2025", decision_no="5/QĐ-SYT", decision_date="2026-01-10"
    )
    assert second.status_code == 201, second.get_json()

    assert "2 năm liên tục Chiến sĩ thi đua cơ sở" in _streak_reason(api, pid)
    # Audited: who recorded it, from which document, as a hand-written record.
    recorded = db_value("SELECT recorded_by_id FROM award_record WHERE id = :i", i=row["id"])
    officer_id = db_value("SELECT id FROM user_account WHERE username = :u", u=OFFICER)
    assert recorded == officer_id
    assert db_value("SELECT source FROM award_record WHERE id = :i", i=row["id"]) == "manual"

    # The document is downloadable by who may read the person, and by nobody else.
    path = f"/award-records/{row['id']}/document"
    got = api("truongphong.yte").get(path)
    try:
        assert got.status_code == 200 and got.data == PDF + b"qd-77"
        assert got.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    finally:
        got.close()
    assert api("vanthu.cntt").get(path).status_code == 404


def _award_rows(db_value) -> int:
    return db_value("SELECT count(*) FROM award_record")


@pytest.mark.parametrize(
    ("overrides", "status", "field_or_code"),
    [
        ({"award_code": "KHONG_CO"}, 400, "award_code"),
        ({"award_code": "TTLDTT"}, 400, "award_code"),  # a collective's title
        ({"year": "1990"}, 400, "year"),
        ({"decision_no": ""}, 400, "decision_no"),
        ({"decided_by": "   "}, 400, "decided_by"),
        ({"decision_date": "31/02/2024"}, 400, "decision_date"),
        ({"decision_date": "FUTURE"}, 400, "decision_date"),
        ({"decision_date": "01/01/2020"}, 400, "decision_date"),
        ({"amount": "-5"}, 400, "amount"),
        ({"document": None}, 400, "document"),
        ({"document": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "qd.pdf")}, 400, "document"),
        ({"document": (io.BytesIO(b"#!/bin/sh"), "qd.sh")}, 400, "document"),
        # LĐTT 2024 is in the demo history already (QĐ 1618/QĐ-SYT)
        ({"award_code": "LDTT"}, 409, "award_already_recorded"),
    ],
)
def test_refusals_name_the_field_and_write_nothing(api, db_value, overrides, status, field_or_code):
    if overrides.get("decision_date") == "FUTURE":
        overrides = {"decision_date": (vn_today() + timedelta(days=1)).strftime("%d/%m/%Y")}
    pid = _person_id(api, "YTE-VP-03")
    before = _award_rows(db_value)
    response = _post(api(OFFICER), pid, **overrides)
    body = response.get_json()
    assert response.status_code == status, body
    if status == 400:
        assert field_or_code in body["fields"], body
    else:
        assert body["code"] == field_or_code and "1618/QĐ-SYT" in body["message"]
    assert _award_rows(db_value) == before


def test_the_future_date_is_named_as_such(api):
    pid = _person_id(api, "YTE-VP-03")
    tomorrow = (vn_today() + timedelta(days=1)).strftime("%d/%m/%Y")
    body = _post(api(OFFICER), pid, year=str(vn_today().year), decision_date=tomorrow).get_json()
    assert body["code"] == "decision_date_in_future"
    assert tomorrow in body["fields"]["decision_date"]


def test_an_unknown_person_is_named(api):
    response = _post(api(OFFICER), 987654)
    assert response.status_code == 404
    assert response.get_json()["code"] == "person_not_found"
    assert "987654" in response.get_json()["message"]


@pytest.mark.parametrize(
    ("username", "status"),
    [
        (OFFICER, 201),
        (SECRETARIAT, 201),
        ("thuongtruc.tttt", 404),  # another department's secretariat: not even seen
        ("giamdoc.yte", 403),  # the Director reads, the secretariat records
        ("truongphong.yte", 403),  # the unit's head
        ("vanthu.yte", 403),
        ("theodoi.btdkt", 403),  # the board reads only
        ("quantri", 404),  # no history role: the person is not seen
    ],
)
def test_who_may_record_by_role_and_organisation(api, db_value, username, status):
    pid = _person_id(api, "YTE-VP-04")
    before = _award_rows(db_value)
    response = _post(api(username), pid, year="2023", decision_date="15/12/2023")
    assert response.status_code == status, response.get_json()
    assert _award_rows(db_value) == before + (1 if status == 201 else 0)


def test_the_history_page_records_one_and_names_a_refused_field(api, login_as, db_value):
    pid = _person_id(api, "YTE-VP-03")
    page_url = f"/history/units/soyte-vp/people/{pid}"
    browser = login_as(OFFICER)
    assert "Ghi khen thưởng quyết định ngoài hệ thống" in browser.get(page_url).get_data(True)
    before = _award_rows(db_value)
    refused = browser.post(
        f"{page_url}/award-records",
        data=_form(decision_no=""),
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Số quyết định: Số quyết định là bắt buộc" in refused.get_data(True)
    assert _award_rows(db_value) == before
    # what was typed comes back with the refusal (the file is chosen again), once
    kept = browser.post(
        f"{page_url}/award-records",
        data=_form(
            award_code="BK_BO_CN", decided_by="Bộ trưởng Bộ Y tế", decision_date="31/02/2024"
        ),
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(True)
    assert 'value="Bộ trưởng Bộ Y tế"' in kept and 'value="31/02/2024"' in kept
    assert '<option value="BK_BO_CN" selected>' in kept
    assert 'value="Bộ trưởng Bộ Y tế"' not in browser.get(page_url).get_data(True)
    assert _award_rows(db_value) == before
    done = browser.post(
        f"{page_url}/award-records",
        data=_form(award_code="BK_BO_CN", decided_by="Bộ trưởng Bộ Y tế"),
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    html = done.get_data(True)
    assert "Đã ghi khen thưởng ngoài hệ thống: Bằng khen của Bộ trưởng (cá nhân) năm 2024." in html
    assert "Bộ trưởng Bộ Y tế" in html and "/document" in html
    assert _award_rows(db_value) == before + 1
    # the unit's head reads the page but is not offered the form
    reader = login_as("truongphong.yte").get(page_url).get_data(True)
    assert "Bằng khen của Bộ trưởng (cá nhân)" in reader
    assert "Ghi khen thưởng quyết định ngoài hệ thống" not in reader
