"""A file chosen on the proposal form is not lost when the form comes back (a row added, people
added or pasted, an error); the rules are shown as text; the same file twice is one attachment,
and the user is told."""

from __future__ import annotations

import hashlib
import io
import re

import pytest

from tests.security.test_attachments import upload
from tests.support.attachments import PDF
from tests.support.world import Api, token_for

FORM = {
    "award_code": "LDTT",
    "year": "2025",
    "title": "Đề nghị có tệp chọn trước khi thêm dòng",
    "summary": "Hoàn thành tốt nhiệm vụ.",
    "nominees-0-name": "Nguyễn Văn An",
    # the tests file the same nominee more than once: past the duplicate warning
    "confirm_duplicate": "y",
}
TOKEN = re.compile(r'name="pending_attachments" id="pending-\d+" value="([^"]+)" checked')


def _files(name="bien-ban.pdf"):
    return [(io.BytesIO(PDF), name)]


@pytest.mark.parametrize(
    "button",
    [{"add_row": "1"}, {"add_pasted": "1", "paste": "Trần Thị Bình\tChuyên viên"}, {}],
    ids=["Thêm dòng", "Thêm các dòng đã dán", "a refused save"],
)
def test_a_chosen_file_survives_the_form_coming_back(app, login_as, db_value, button):
    nominator = login_as("vanthu.cntt")
    data = {**FORM, **button, "attachments": _files()}
    if not button:
        data |= {"title": "", "save": "1"}  # refused: the title is missing
    back = nominator.post("/proposals/new", data=data, content_type="multipart/form-data")
    page = back.get_data(as_text=True)
    assert "bien-ban.pdf" in page
    [token] = TOKEN.findall(page)
    saved = nominator.post(
        "/proposals/new",
        data={**FORM, "save": "1", "pending_attachments": token},
        content_type="multipart/form-data",
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    pid = int(saved.headers["Location"].rsplit("/", 1)[1])
    assert db_value("SELECT original_name FROM attachment WHERE proposal_id = :p", p=pid) == (
        "bien-ban.pdf"
    )


def test_a_kept_file_is_only_its_uploaders(app, login_as, db_value):
    back = login_as("vanthu.cntt").post(
        "/proposals/new",
        data={**FORM, "add_row": "1", "attachments": _files()},
        content_type="multipart/form-data",
    )
    [token] = TOKEN.findall(back.get_data(as_text=True))
    other = login_as("vanthu.yte")
    for forged in (token, token[:-2] + "xx"):
        saved = other.post(
            "/proposals/new",
            data={**FORM, "save": "1", "pending_attachments": forged},
            content_type="multipart/form-data",
        )
        assert saved.status_code == 302
        pid = int(saved.headers["Location"].rsplit("/", 1)[1])
        assert db_value("SELECT count(*) FROM attachment WHERE proposal_id = :p", p=pid) == 0


def test_the_rules_are_text_and_enter_saves_rather_than_adds_a_row(login_as):
    page = login_as("vanthu.cntt").get("/proposals/new").get_data(as_text=True)
    hint = re.search(r'<div class="form-text attachment-hint" id="attachments-hint">([^<]+)', page)
    assert hint and "MB" in hint.group(1)
    # The first submit button of the form, the one Enter presses, saves.
    form = page[page.index('enctype="multipart/form-data"') :]
    first = re.search(r'<(?:button|input)[^>]*type="submit"[^>]*>', form).group(0)
    assert 'name="save"' in first


def test_the_same_file_twice_is_one_attachment(app, login_as, db_value):
    nominator = login_as("vanthu.cntt")
    created = nominator.post(
        "/proposals/new",
        data={**FORM, "save": "1", "attachments": _files("a.pdf")},
        content_type="multipart/form-data",
    )
    pid = int(created.headers["Location"].rsplit("/", 1)[1])
    again = nominator.post(
        f"/proposals/{pid}/attachments",
        data={"attachments": _files("a-lan-2.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "đã có trong hồ sơ (cùng nội dung)" in again.get_data(as_text=True)
    assert db_value("SELECT count(*) FROM attachment WHERE proposal_id = :p", p=pid) == 1
    # The API answers the row it already has.
    api = Api(nominator, token_for(nominator, "vanthu.cntt"))
    [row] = upload(api, pid, ("a-lan-3.pdf", PDF)).get_json()
    assert (row["name"], row["sha256"]) == ("a.pdf", hashlib.sha256(PDF).hexdigest())
    assert db_value("SELECT count(*) FROM attachment WHERE proposal_id = :p", p=pid) == 1
