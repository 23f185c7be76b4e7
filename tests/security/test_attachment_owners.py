"""Who may remove an attachment (issue 15, item 11): whoever uploaded it, or the proposal's
author, while the proposal is editable. Another nominator of the same unit may add files to a
colleague's draft but not remove the colleague's; reviewers remove nothing. Page and API alike."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.support.accounts import PASSWORD
from tests.support.attachments import GOOD
from tests.support.dossier import complete_dossier
from tests.support.world import Api, proposal_body, token_for
from workflows.directory.users import assign, get_or_create_user

COLLEAGUE = "vanthu2.cntt"


@pytest.fixture
def colleague(app, session):
    """A second nominator of Phòng CNTT."""
    user = get_or_create_user(session, COLLEAGUE, "Lê Thị Văn Thư", PASSWORD)
    assign(session, user, "nominator", "sotttt-cntt")
    session.commit()
    return COLLEAGUE


def api_of(app, username: str) -> Api:
    client = app.test_client()
    return Api(client, token_for(client, username))


def upload(api: Api, pid: int, name: str) -> int:
    # bytes of its own per name: the same file twice on one proposal is one attachment
    content = GOOD["bien-ban-hop.pdf"] + name.encode()
    values = MultiDict()
    values.add("attachments", FileStorage(io.BytesIO(content), filename=name))
    boundary, body = encode_multipart(values)
    content_type = f"multipart/form-data; boundary={boundary}"
    response = api.call(
        "POST", f"/proposals/{pid}/attachments", data=body, content_type=content_type
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()[0]["id"]


def count(db_value, pid: int) -> int:
    return db_value("SELECT count(*) FROM attachment WHERE proposal_id = :p", p=pid)


def test_a_colleague_removes_only_the_files_they_uploaded(app, colleague, db_value, login_as):
    author, other = api_of(app, "vanthu.cntt"), api_of(app, colleague)
    pid = author.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    mine = upload(author, pid, "cua-tac-gia.pdf")
    theirs = upload(other, pid, "cua-dong-nghiep.pdf")

    # The API: refused with 403 and a reason; nothing removed, nothing audited.
    response = other.call("DELETE", f"/proposals/{pid}/attachments/{mine}")
    assert response.status_code == 403, response.get_json()
    assert response.get_json()["code"] == "attachment_not_yours"
    # The page: no button for it, and the post refused all the same.
    page = login_as(colleague).get(f"/proposals/{pid}").get_data(as_text=True)
    assert f"/attachments/{mine}/delete" not in page
    assert f"/attachments/{theirs}/delete" in page
    assert login_as(colleague).post(f"/attachments/{mine}/delete").status_code == 403
    assert count(db_value, pid) == 2
    deleted = "SELECT count(*) FROM audit_event WHERE proposal_id = :p AND action = :a"
    assert db_value(deleted, p=pid, a="attachment_deleted") == 0

    # The uploader removes their own; the author removes anyone's.
    assert other.call("DELETE", f"/proposals/{pid}/attachments/{theirs}").status_code == 204
    again = upload(other, pid, "lan-hai.pdf")
    author_page = login_as("vanthu.cntt").get(f"/proposals/{pid}").get_data(as_text=True)
    assert f"/attachments/{again}/delete" in author_page
    assert login_as("vanthu.cntt").post(f"/attachments/{again}/delete").status_code == 302
    assert author.call("DELETE", f"/proposals/{pid}/attachments/{mine}").status_code == 204
    assert count(db_value, pid) == 0
    assert db_value(deleted, p=pid, a="attachment_deleted") == 3


def test_a_reviewer_removes_nothing(app, db_value):
    author = api_of(app, "vanthu.cntt")
    pid = author.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    mine = upload(author, pid, "bien-ban.pdf")
    dossier = complete_dossier(author, pid)  # submitting needs the dossier's checklist complete
    author.ok("POST", f"/proposals/{pid}/submit")
    head = api_of(app, "truongphong.cntt")
    assert head.call("DELETE", f"/proposals/{pid}/attachments/{mine}").status_code in (403, 409)
    # …nor does the author once it is submitted
    assert author.call("DELETE", f"/proposals/{pid}/attachments/{mine}").status_code == 409
    assert count(db_value, pid) == 1 + len(dossier)
