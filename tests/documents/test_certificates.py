"""Certificates of a decided proposal, printed through the proposal page and API v1 and read
back with pypdf: names with their diacritics, the title, the unit and department as named on the
decision date, the decision's number and date, the signer; one page per granted nominee."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from models import AwardRecord, Nominee
from workflows.history import standing
from workflows.ops.demo_story import load_organisations
from workflows.reference import DATA_DIR

COUNCIL = {"members_total": 9, "members_present": 8, "votes_for": 7, "votes_against": 1}
NOMINEES = [
    {"name": "Nguyễn Thị Hằng", "job_title": "Chuyên viên", "gender": "female"},
    {"name": "Lò Văn Đức", "job_title": "Phó Trưởng phòng", "gender": "male"},
]
DECISION = {"decision_no": "45", "decision_date": "15/12/2024", "signer": "Vũ Đức Thắng"}


def pages(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    # pypdf may split a line; the text of a page with its whitespace folded is what we check
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def decided(api, award="GK_CN", decision=DECISION) -> int:
    """A proposal of Phòng CNTT (Sở TT&TT) decided by its Director."""
    nominator = api("vanthu.cntt")
    pid = nominator.file(award, year=2024, nominees=NOMINEES)
    nominator.ok("POST", f"/proposals/{pid}/submit")
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    api("hoidong.tttt").act(pid, **COUNCIL)
    api("giamdoc.tttt").act(pid, **decision)
    return pid


def test_the_batch_has_one_page_per_nominee_with_the_decision(api, login_as):
    pid = decided(api)
    client = login_as("thuongtruc.tttt")
    page = client.get(f"/proposals/{pid}").get_data(as_text=True)
    assert f'href="/proposals/{pid}/certificates.pdf"' in page
    response = client.get(f"/proposals/{pid}/certificates.pdf")
    assert f"giay-khen-ho-so-{pid}.pdf" in response.headers["Content-Disposition"]
    first, second = pages(response)
    for text in (first, second):
        assert "GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH ĐIỆN BIÊN" in text
        assert "TẶNG" in text and "GIẤY KHEN" in text
        assert "Phòng Công nghệ thông tin, Sở Thông tin và Truyền thông tỉnh Điện Biên" in text
        # the number completed with the issuer's symbol, as the decision itself prints it
        assert "Quyết định số 45/QĐ-STTTT ngày 15/12/2024" in text
        assert "Điện Biên, ngày 15 tháng 12 năm 2024" in text
        assert "Vũ Đức Thắng" in text
    assert "Bà Nguyễn Thị Hằng" in first and "Chuyên viên" in first
    assert "Ông Lò Văn Đức" in second and "Phó Trưởng phòng" in second


def test_one_nominee_printed_alone_through_the_api(api, session):
    pid = decided(api)
    ids = session.scalars(
        select(Nominee.id).where(Nominee.proposal_id == pid).order_by(Nominee.position)
    ).all()
    response = api("giamdoc.tttt").get(f"/proposals/{pid}/nominees/{ids[1]}/certificate.pdf")
    [text] = pages(response)
    assert "Lò Văn Đức" in text and "Nguyễn Thị Hằng" not in text
    batch = api("giamdoc.tttt").get(f"/proposals/{pid}/certificates.pdf")
    assert len(pages(batch)) == 2


def test_a_title_prints_its_certificate_of_the_title(api):
    pid = decided(api, award="LDTT")
    [text, _] = pages(api("thuongtruc.tttt").get(f"/proposals/{pid}/certificates.pdf"))
    assert "GIẤY CHỨNG NHẬN" in text
    assert "CÔNG NHẬN DANH HIỆU" in text and "LAO ĐỘNG TIÊN TIẾN" in text
    assert "Đã hoàn thành tốt nhiệm vụ năm 2024" in text


def test_the_unit_keeps_its_name_of_the_decision_date_after_the_merger(api, session):
    """Decided by Sở TT&TT on 15/12/2024; on 1/3/2025 Sở TT&TT merged into Sở KH&CN and Phòng
    CNTT moved under it (the demo's story). The certificate still names Sở TT&TT."""
    pid = decided(api)
    data = json.loads((DATA_DIR / "demo.json").read_text(encoding="utf-8"))
    load_organisations(session, data, until=None)
    session.commit()
    [first, _] = pages(api("thuongtruc.tttt").get(f"/proposals/{pid}/certificates.pdf"))
    assert "Sở Thông tin và Truyền thông tỉnh Điện Biên" in first
    assert "Khoa học và Công nghệ" not in first
    assert "GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH ĐIỆN BIÊN" in first


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("theodoi.btdkt", 200),  # the province's board prints every certificate
        ("giamdoc.tttt", 200),  # the deciding department's Director
        ("thuongtruc.tttt", 200),  # and its council's secretariat
        ("vanthu.cntt", 403),  # the nominator reads the proposal but does not print
        ("truongphong.cntt", 403),
        ("giamdoc.yte", 404),  # another department does not even see it
    ],
)
def test_who_may_print_a_department_s_certificates(api, username, status):
    pid = decided(api)
    response = api(username).get(f"/proposals/{pid}/certificates.pdf")
    assert response.status_code == status, response.get_json()
    if status == 403:
        assert response.get_json()["code"] == "certificate_print_not_allowed"


def test_no_certificate_before_the_decision_nor_for_a_nominee_not_granted(api, session):
    nominator = api("vanthu.cntt")
    pid = nominator.file("GK_CN", year=2024, nominees=NOMINEES)
    response = api("thuongtruc.tttt").get(f"/proposals/{pid}/certificates.pdf")
    assert response.status_code == 404
    assert response.get_json()["code"] == "certificate_no_decision"
    decided_pid = decided(api)
    record = session.scalars(select(AwardRecord).where(AwardRecord.proposal_id == decided_pid))
    assert len(list(record)) == 2
    other = session.scalar(select(Nominee.id).where(Nominee.proposal_id == pid))
    response = api("thuongtruc.tttt").get(
        f"/proposals/{decided_pid}/nominees/{other}/certificate.pdf"
    )
    assert response.status_code == 404
    assert response.get_json()["code"] == "nominee_not_found"


def test_a_revoked_award_gets_no_certificate(api, session, monkeypatch):
    """The hook revocation fills: an award not in force is left out of the batch and refused
    alone."""
    pid = decided(api)
    ids = session.scalars(
        select(Nominee.id).where(Nominee.proposal_id == pid).order_by(Nominee.position)
    ).all()
    revoked = ids[0]
    monkeypatch.setattr(standing, "in_force", lambda record, on=None: record.nominee_id != revoked)
    one = api("thuongtruc.tttt").get(f"/proposals/{pid}/nominees/{revoked}/certificate.pdf")
    assert one.status_code == 409 and one.get_json()["code"] == "certificate_award_revoked"
    [text] = pages(api("thuongtruc.tttt").get(f"/proposals/{pid}/certificates.pdf"))
    assert "Lò Văn Đức" in text
