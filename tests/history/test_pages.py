"""The history pages: Vietnamese, scoped by role and organisation; the import CLI."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from models import Initiative, Person, YearRecord
from webapp.cli import main


def _person_url(person, code):
    p = person(code)
    return f"/history/units/{p.org.code}/people/{p.id}", p


def test_person_page_shows_years_awards_and_initiatives(login_as, person):
    url, p = _person_url(person, "TTTT-CNTT-01")
    page = login_as("thuongtruc.tttt").get(url).get_data(as_text=True)
    assert p.full_name in page
    assert "Lao động tiên tiến" in page and "285/QĐ-STTTT" in page and "22/12/2023" in page
    # her 2025 initiative (demo data) is unused
    assert "Số hóa hồ sơ cấp phép hoạt động bưu chính" in page and "Chưa dùng" in page
    assert "Ghi xếp loại một năm" in page  # the secretariat may write


def test_a_used_initiative_says_for_what(login_as, session):
    used = session.scalar(select(Initiative).where(Initiative.used_award_record_id.is_not(None)))
    page = login_as("chuyenvien.btdkt").get("/history/initiatives").get_data(as_text=True)
    expected = f"Đã dùng cho Chiến sĩ thi đua cơ sở năm {used.used_award_record.year}"
    assert used.title in page and expected in page


def test_search_without_marks_and_the_disciplinary_review(login_as, session):
    under = session.scalar(select(Person).join(YearRecord).where(YearRecord.under_review.is_(True)))
    client = login_as("giamdoc.tttt")
    plain = under.name_key  # folded: no marks
    found = client.get("/history/", query_string={"q": plain}).get_data(as_text=True)
    assert under.full_name in found
    page = client.get(f"/history/units/{under.org.code}/people/{under.id}").get_data(as_text=True)
    assert "Đang xem xét kỷ luật/thanh tra/khiếu nại" in page


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("vanthu.cntt", 200),  # nominator of that unit
        ("truongphong.cntt", 200),  # its head
        ("truongphong.bcvt", 404),  # head of another unit of the same department
        ("giamdoc.yte", 404),  # Director of another department
        ("giamdoc.tttt", 200),
        ("theodoi.btdkt", 200),
        ("hoidong.tttt", 403),  # the council has no registry role
        ("quantri", 403),
    ],
)
def test_who_reads_a_unit_and_its_people(login_as, person, username, status):
    url, _ = _person_url(person, "TTTT-CNTT-04")
    client = login_as(username)
    assert client.get(url).status_code == status
    assert client.get("/history/units/sotttt-cntt").status_code == status


def test_a_person_is_read_only_under_their_own_unit(login_as, person):
    _, p = _person_url(person, "TTTT-CNTT-04")
    assert (
        login_as("giamdoc.tttt").get(f"/history/units/sotttt-bcvt/people/{p.id}").status_code == 404
    )


def test_writing_a_year(login_as, person, session):
    url, p = _person_url(person, "TTTT-CNTT-04")
    form = {"person_id": str(p.id), "year": "2022", "rating": "xuat_sac", "note": "Ghi tay"}
    head = login_as("truongphong.cntt")  # reads, does not write
    assert head.post("/history/units/sotttt-cntt/years", data=form).status_code == 403
    secretariat = login_as("thuongtruc.tttt")
    response = secretariat.post("/history/units/sotttt-cntt/years", data=form)
    assert response.status_code == 302
    session.rollback()  # a fresh snapshot: the request committed on its own connection
    rating = session.scalar(
        select(YearRecord.rating).where(YearRecord.person_id == p.id, YearRecord.year == 2022)
    )
    assert rating == "xuat_sac"
    bad = secretariat.post(
        "/history/units/sotttt-cntt/years", data={**form, "rating": "la"}, follow_redirects=True
    )
    assert "Xếp loại &#39;la&#39; không hợp lệ" in bad.get_data(as_text=True)


def test_adding_an_initiative(login_as, session, person):
    p = person("TTTT-CNTT-05")
    form = {
        "title": "Trợ lý ảo trả lời thủ tục hành chính",
        "unit": "sotttt-cntt",
        "person_id": str(p.id),
        "year": "2025",
        "decision_no": "70/QĐ-HĐSK",
        "recognised_on": "20/11/2025",
        "scope": "co_so",
    }
    assert login_as("vanthu.cntt").post("/history/initiatives", data=form).status_code == 403
    assert login_as("giamdoc.yte").post("/history/initiatives", data=form).status_code == 404
    assert login_as("giamdoc.tttt").post("/history/initiatives", data=form).status_code == 302
    session.rollback()
    count = session.scalar(
        select(func.count()).select_from(Initiative).where(Initiative.title == form["title"])
    )
    assert count == 1


def test_the_import_page_previews_then_imports(login_as, session):
    csv = (
        "Mã cán bộ;Họ và tên;Đơn vị;Năm;Xếp loại\n"
        "WEB-1;Lê Văn Tải;sotttt-cntt;2022;HTTNV\n"
        "WEB-2;Lê Văn Lỗi;sotttt-cntt;2022;giỏi\n"
    ).encode()
    client = login_as("thuongtruc.tttt")

    def upload(dry_run: bool):
        data = {"kind": "history", "file": (io.BytesIO(csv), "ls.csv")}
        if dry_run:
            data["dry_run"] = "1"
        return client.post("/history/import", data=data, content_type="multipart/form-data")

    preview = upload(True)
    text = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Kết quả kiểm tra (chưa ghi)" in text
    assert "Xếp loại &#39;giỏi&#39; không hợp lệ" in text
    assert session.scalar(select(Person).where(Person.staff_code == "WEB-1")) is None
    done = upload(False)
    session.rollback()
    assert "Kết quả nhập" in done.get_data(as_text=True)
    assert (
        session.scalar(select(Person.full_name).where(Person.staff_code == "WEB-1")) == "Lê Văn Tải"
    )
    assert session.scalar(select(Person).where(Person.staff_code == "WEB-2")) is None
    assert login_as("truongphong.cntt").get("/history/import").status_code == 403


def test_the_cli_prints_the_report(db_url, tmp_path, monkeypatch, session):
    monkeypatch.setenv("TDKT_DATABASE_URL", db_url)
    path = tmp_path / "ls.csv"
    path.write_text(
        "Mã cán bộ,Họ và tên,Đơn vị,Năm,Xếp loại\nCLI-1,Vi Văn Dòng,soyte-vp,2022,HTNV\n"
        ",,soyte-vp,2022,HTNV\n",
        encoding="utf-8",
    )
    dry = CliRunner().invoke(main, ["history", "import", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 dòng được nhận, 1 dòng bị từ chối" in dry.output
    assert "dòng 3: thiếu Họ và tên" in dry.output
    assert session.scalar(select(Person).where(Person.staff_code == "CLI-1")) is None
    real = CliRunner().invoke(main, ["history", "import", str(path)])
    assert real.exit_code == 0, real.output
    session.rollback()
    assert session.scalar(select(Person.org_id).where(Person.staff_code == "CLI-1")) is not None
    bad = tmp_path / "x.txt"
    bad.write_text("x", encoding="utf-8")
    refused = CliRunner().invoke(main, ["history", "import", str(bad)])
    assert refused.exit_code == 1 and "Chỉ nhận tệp .xlsx hoặc .csv" in refused.output
