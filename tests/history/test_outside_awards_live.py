"""Issue 18, item 3 (an award decided outside tdkt, with its document) through the app as the
README starts it (gunicorn, the seeded database, the default attachment store): the board
officer records a person's earlier CSTĐCS with its decision's PDF through API v1; the person's
unit head downloads the document and sees it on the history page; eligibility counts it.

Worked by hand: YTE-VP-03 has no CSTĐCS in the demo history; with 2024 and 2025 recorded,
the Bằng khen of the province for 2025 reads 2 consecutive years (its criterion needs 2).
"""

from __future__ import annotations

import uuid

import pytest

from tests.support.accounts import PASSWORD
from tests.support.attachments import PDF
from tests.support.live_web import fetch, live_server, web_login

DOCUMENT = PDF + b"quyet-dinh-ngoai-he-thong"


def _multipart(fields: dict[str, str], file_name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="document"; '
            f'filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


@pytest.fixture(scope="module")
def server(databases, template_db, tmp_path_factory):
    with live_server(databases, template_db, tmp_path_factory.mktemp("outside-awards")) as live:
        yield live


def _streak(server, token, person_id) -> str:
    path = (
        f"/api/v1/people/{person_id}/eligibility?award=BK_TINH_CN&year=2025"
        "&decision_date=2026-01-20"
    )
    status, verdict = server.request("GET", path, token=token)
    assert status == 200, verdict
    (merit,) = [c for c in verdict["criteria"] if c["code"] == "bk_thanh_tich"]
    return merit["reason"]


def test_an_outside_award_with_its_document_through_a_real_server(server):
    officer = server.token("chuyenvien.btdkt", PASSWORD)
    status, found = server.request("GET", "/api/v1/people?staff_code=YTE-VP-03", token=officer)
    assert status == 200, found
    (person,) = found["items"]
    assert "0 năm liên tục Chiến sĩ thi đua cơ sở" in _streak(server, officer, person["id"])

    ids = []
    for year, number, day in (
        ("2024", "77/QĐ-SYT", "20/12/2024"),
        ("2025", "5/QĐ-SYT", "10/01/2026"),
    ):
        fields = {
            "award_code": "CSTDCS",
            "year": year,
            "decision_no": number,
            "decision_date": day,
            "decided_by": "Giám đốc Sở Y tế",
            "amount": "1490000",
        }
        status, row = server.request(
            "POST",
            f"/api/v1/people/{person['id']}/award-records",
            token=officer,
            raw=_multipart(fields, f"QĐ {number.replace('/', '-')}.pdf", DOCUMENT),
        )
        assert status == 201, (row, server.log_tail())
        ids.append(row["id"])
    assert "2 năm liên tục Chiến sĩ thi đua cơ sở" in _streak(server, officer, person["id"])

    # the same award again is refused, naming the decision already there
    status, body = server.request(
        "POST",
        f"/api/v1/people/{person['id']}/award-records",
        token=officer,
        raw=_multipart(
            {
                "award_code": "CSTDCS",
                "year": "2024",
                "decision_no": "78/QĐ-SYT",
                "decision_date": "21/12/2024",
                "decided_by": "Giám đốc Sở Y tế",
            },
            "qd.pdf",
            DOCUMENT,
        ),
    )
    assert status == 409 and "77/QĐ-SYT" in body["message"], body

    # the unit's head reads the person: the page lists the record and its document downloads
    reader = server.token("truongphong.yte", PASSWORD)
    response, data = fetch(
        server,
        "GET",
        f"/api/v1/award-records/{ids[0]}/document",
        headers={"Authorization": f"Bearer {reader}"},
    )
    assert response.status == 200 and data == DOCUMENT
    cookie = web_login(server, "truongphong.yte")
    response, page = fetch(
        server,
        "GET",
        f"/history/units/soyte-vp/people/{person['id']}",
        headers={"Cookie": cookie},
    )
    html = page.decode()
    assert response.status == 200 and "77/QĐ-SYT" in html
    assert f"/history/award-records/{ids[0]}/document" in html
    # a unit of another department does not see it
    stranger = server.token("vanthu.cntt", PASSWORD)
    status, _ = server.request("GET", f"/api/v1/award-records/{ids[0]}/document", token=stranger)
    assert status == 404
