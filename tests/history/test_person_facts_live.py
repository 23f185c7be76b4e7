"""Issue 20, point 1, through the app as the README starts it (gunicorn, the seeded database):
a history file with recruitment dates is imported through the API, and the LĐTT verdict of
each person is read back through the API.

Worked by hand: recruited 01/07/2025 → 6 whole months to 31/12/2025 (meets the six months of
Law 06/2022 Art. 24); recruited 02/07/2025 → 5 months (does not).
"""

from __future__ import annotations

import uuid

import pytest

from tests.support.accounts import PASSWORD
from tests.support.live_web import live_server

CSV = (
    "Mã cán bộ,Họ và tên,Đơn vị,Năm,Xếp loại,Ngày tuyển dụng,Chức vụ,Lãnh đạo,Giới tính\n"
    "LIVE-1,Nguyễn Văn Đủ,sotttt-cntt,2025,HTTNV,01/07/2025,Chuyên viên,không,nam\n"
    "LIVE-2,Trần Thị Thiếu,sotttt-cntt,2025,HTTNV,02/07/2025,Chuyên viên,không,nữ\n"
    "LIVE-3,Lò Văn Sai,sotttt-cntt,2025,HTTNV,31/02/2025,,,\n"
)


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nhistory\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.fixture(scope="module")
def server(databases, template_db, tmp_path_factory):
    with live_server(databases, template_db, tmp_path_factory.mktemp("facts-server")) as live:
        yield live


def _person(server, token, code):
    status, found = server.request("GET", f"/api/v1/people?staff_code={code}", token=token)
    assert status == 200, found
    (person,) = found["items"]
    return person


def _verdict(server, token, person_id):
    path = f"/api/v1/people/{person_id}/eligibility?award=LDTT&year=2025&decision_date=2026-01-15"
    status, body = server.request("GET", path, token=token)
    assert status == 200, body
    return body


def test_recruitment_dates_imported_decide_the_six_months(server):
    token = server.token("thuongtruc.tttt", PASSWORD)
    status, report = server.request(
        "POST", "/api/v1/history/import", token=token, raw=_multipart("ls.csv", CSV.encode())
    )
    assert status == 201, report
    assert report["accepted"] == [2, 3]
    (bad,) = report["rejected"]
    assert bad["row"] == 4 and "Ngày tuyển dụng" in bad["reason"] and "31/02/2025" in bad["reason"]

    enough = _person(server, token, "LIVE-1")
    assert enough["recruited_on"] == "2025-07-01" and enough["gender"] == "male"
    assert enough["job_title"] == "Chuyên viên" and enough["is_leader"] is False
    verdict = _verdict(server, token, enough["id"])
    assert verdict["passed"] is True and verdict["rule_set"] == "ND152_2025"
    six = next(c for c in verdict["criteria"] if c["code"] == "du_6_thang")
    assert six["passed"] is True and "6 tháng" in six["reason"]

    short = _person(server, token, "LIVE-2")
    verdict = _verdict(server, token, short["id"])
    six = next(c for c in verdict["criteria"] if c["code"] == "du_6_thang")
    assert verdict["passed"] is False and six["passed"] is False and "5 tháng" in six["reason"]

    # The same facts through the API, with the same validation.
    path = f"/api/v1/people/{short['id']}"
    status, body = server.request(
        "PATCH", path, {"gender": "x", "recruited_on": "1/13/2025"}, token
    )
    assert status == 400 and set(body["fields"]) == {"gender", "recruited_on"}
    status, body = server.request("PATCH", path, {"recruited_on": "01/07/2025"}, token)
    assert status == 200 and body["recruited_on"] == "2025-07-01"
    assert _verdict(server, token, short["id"])["passed"] is True


def test_a_unit_nominator_reads_but_may_not_change_facts(server):
    boss = server.token("thuongtruc.tttt", PASSWORD)
    person = _person(server, boss, "LIVE-1")
    token = server.token("vanthu.cntt", PASSWORD)
    status, body = server.request(
        "PATCH", f"/api/v1/people/{person['id']}", {"job_title": "Trưởng phòng"}, token
    )
    assert status == 403, body
    status, _ = server.request("GET", f"/api/v1/people/{person['id']}", token=token)
    assert status == 200


MOVES = (
    "Mã cán bộ,Họ và tên,Đơn vị,Năm,Xếp loại,Ngày tuyển dụng,Chuyển từ đơn vị,Ngày chuyển đơn vị\n"
    "LIVE-MV,Hà Văn Chuyển,sotttt-bcvt,2025,HTTNV,01/03/2015,sotttt-cntt,01/07/2025\n"
    "LIVE-MV2,Hà Văn Sai,sotttt-bcvt,2025,HTTNV,01/03/2015,sotttt-cntt,31/06/2025\n"
)


def test_a_move_imported_and_patched_is_read_by_the_verdict(server):
    """Moved from Phòng CNTT to Phòng BCVT on 01/07/2025: six months at the old unit in 2025,
    so its opinion is asked; the service still counts from 01/03/2015 (130 months)."""
    token = server.token("thuongtruc.tttt", PASSWORD)
    status, report = server.request(
        "POST", "/api/v1/history/import", token=token, raw=_multipart("mv.csv", MOVES.encode())
    )
    assert status == 201, report
    assert report["accepted"] == [2]
    (bad,) = report["rejected"]
    assert (
        bad["row"] == 3 and "Ngày chuyển đơn vị" in bad["reason"] and "31/06/2025" in bad["reason"]
    )
    moved = _person(server, token, "LIVE-MV")
    assert moved["unit"] == "sotttt-bcvt"
    assert moved["moves"] == [
        {"from_unit": "sotttt-cntt", "to_unit": "sotttt-bcvt", "moved_on": "2025-07-01"}
    ]
    six = next(
        c for c in _verdict(server, token, moved["id"])["criteria"] if c["code"] == "du_6_thang"
    )
    assert six["passed"] is True and "130 tháng" in six["reason"]
    assert "sau 6 tháng ở đơn vị cũ" in six["reason"]

    path = f"/api/v1/people/{moved['id']}"
    # the same checks through the API: before the last move, and a unit unknown, both named
    status, body = server.request(
        "PATCH", path, {"moved_to": "khong-co", "moved_on": "01/07/2024"}, token
    )
    assert status == 400 and set(body["fields"]) == {"moved_to"}, body
    status, body = server.request(
        "PATCH", path, {"moved_to": "sotttt-cntt", "moved_on": "30/06/2025"}, token
    )
    assert status == 400 and set(body["fields"]) == {"moved_on"}, body
    assert _person(server, token, "LIVE-MV")["unit"] == "sotttt-bcvt"  # nothing changed
    status, body = server.request(
        "PATCH", path, {"moved_to": "sotttt-cntt", "moved_on": "01/10/2025"}, token
    )
    assert status == 200 and body["unit"] == "sotttt-cntt" and len(body["moves"]) == 2, body
    # back at Phòng CNTT on 01/10/2025 after three months at Phòng BCVT: no opinion asked
    six = next(
        c for c in _verdict(server, token, moved["id"])["criteria"] if c["code"] == "du_6_thang"
    )
    assert "sau 6 tháng" not in six["reason"] and "ngày 01/10/2025" in six["reason"]
