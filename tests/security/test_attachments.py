"""Attachments: accepted by extension *and* content, stored outside the web root by SHA-256,
served only to readers of the proposal, added and removed only while it is editable."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.support.accounts import PASSWORD
from tests.support.attachments import BAD, GOOD, PDF
from tests.support.dossier import complete_dossier
from tests.support.world import APPROVAL, Api, proposal_body, token_for
from webapp import create_app

WEB_FORM = {
    "award_code": "LDTT",
    "year": "2025",
    "title": "Đề nghị Lao động tiên tiến có hồ sơ đính kèm",
    "summary": "Hoàn thành tốt nhiệm vụ.",
    "nominees-0-name": "Nguyễn Văn An",
}


def store(app) -> Path:
    return Path(app.config["ATTACHMENTS_DIR"])


def test_downloads_work_with_the_data_directory_make_run_uses(db_url, tmp_path, monkeypatch):
    """`make run` leaves TDKT_DATA_DIR unset: instance/, relative to the checkout. Every
    download answered 500 there (the file was looked for under the app's package folder)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TDKT_DATA_DIR", raising=False)
    app = create_app(
        {"TESTING": True, "DATABASE_URL": db_url, "SECRET_KEY": "t", "WTF_CSRF_ENABLED": False}
    )
    try:
        client = app.test_client()
        nominator = Api(client, token_for(client, "vanthu.cntt"))
        pid = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
        [row] = upload(nominator, pid, ("bien-ban.pdf", PDF)).get_json()
        assert (tmp_path / "instance" / "attachments").is_dir()
        response, data = download(
            client, row["url"], {"Authorization": f"Bearer {nominator.token}"}
        )
        assert response.status_code == 200 and data == PDF
        web = app.test_client()
        web.post("/login", data={"username": "vanthu.cntt", "password": PASSWORD})
        response, data = download(web, f"/attachments/{row['id']}")
        assert response.status_code == 200 and data == PDF
    finally:
        app.extensions["tdkt_engine"].dispose()


def stored_files(app) -> set[str]:
    directory = store(app)
    return {p.name for p in directory.iterdir()} if directory.exists() else set()


@pytest.fixture
def api(app):
    made: dict[str, Api] = {}

    def _api(username: str) -> Api:
        if username not in made:
            client = app.test_client()
            made[username] = Api(client, token_for(client, username))
        return made[username]

    return _api


def counts(db_value) -> dict:
    tables = ("proposal", "nominee", "attachment", "audit_event", "human_task")
    return {t: db_value(f"SELECT count(*) FROM {t}") for t in tables}


def multipart(files: list[tuple[str, bytes]], **fields: str) -> dict:
    """A multipart body built in memory (the test client spools big ones to files it leaves open
    when the server refuses to read them)."""
    values = MultiDict(fields)
    for name, data in files:
        values.add("attachments", FileStorage(io.BytesIO(data), filename=name))
    boundary, body = encode_multipart(values)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def upload(api: Api, pid: int, *files: tuple[str, bytes]):
    return api.call("POST", f"/proposals/{pid}/attachments", **multipart(list(files)))


def download(client, url: str, headers: dict | None = None):
    response = client.get(url, headers=headers or {})
    data = response.get_data()
    response.close()
    return response, data


def test_the_proposal_form_takes_several_files_shown_on_the_proposal_and_task_pages(
    app, login_as, db_value
):
    nominator = login_as("vanthu.cntt")
    form = nominator.get("/proposals/new").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form and "multiple" in form
    files = [
        (io.BytesIO(GOOD["bien-ban-hop.pdf"]), "Biên bản họp bình xét.pdf"),
        (io.BytesIO(GOOD["giay-khen.png"]), "../../etc/ảnh giấy khen.png"),
    ]
    response = nominator.post(
        "/proposals/new",
        # Both files as the minutes of the unit's meeting (the dossier's item they satisfy).
        data={**WEB_FORM, "attachments": files, "kind": "bien_ban_binh_xet", "save": "1"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    pid = int(response.headers["Location"].rsplit("/", 1)[1])
    digests = {hashlib.sha256(GOOD[n]).hexdigest() for n in ("bien-ban-hop.pdf", "giay-khen.png")}
    assert stored_files(app) == digests
    sent = {GOOD["bien-ban-hop.pdf"], GOOD["giay-khen.png"]}
    assert {(store(app) / digest).read_bytes() for digest in digests} == sent
    # Outside the web root: nothing under the static folder, and no URL serves the store.
    assert not store(app).resolve().is_relative_to(Path(app.static_folder).resolve())
    for digest in digests:
        assert nominator.get(f"/static/{digest}").status_code == 404
    api = Api(nominator, token_for(nominator, "vanthu.cntt"))
    listed = api.ok("GET", f"/proposals/{pid}/attachments")
    assert sorted((a["name"], a["content_type"], a["size"]) for a in listed) == [
        ("Biên bản họp bình xét.pdf", "application/pdf", len(GOOD["bien-ban-hop.pdf"])),
        ("ảnh giấy khen.png", "image/png", len(GOOD["giay-khen.png"])),
    ]
    added = "SELECT count(*) FROM audit_event WHERE proposal_id = :p AND action = :a"
    assert db_value(added, p=pid, a="attachment_added") == 2
    page = nominator.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Biên bản họp bình xét.pdf" in page and "ảnh giấy khen.png" in page
    assert {a["kind"] for a in listed} == {"bien_ban_binh_xet"}
    # The rest of the LĐTT dossier (the year's rating), then it goes to the unit head.
    complete_dossier(api, pid)
    api.ok("POST", f"/proposals/{pid}/submit", json={})
    head = login_as("truongphong.cntt")
    task_page = head.get("/").get_data(as_text=True)
    task_id = task_page.split('href="/tasks/')[1].split('"')[0]
    task_html = head.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Biên bản họp bình xét.pdf" in task_html and "/attachments/" in task_html


@pytest.mark.parametrize("name", sorted(GOOD))
def test_every_allowed_type_is_accepted(api, name):
    nominator = api("vanthu.cntt")
    pid = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    response = upload(nominator, pid, (name, GOOD[name]))
    assert response.status_code == 201, response.get_json()
    [row] = response.get_json()
    assert row["name"] == name and row["size"] == len(GOOD[name])
    assert row["sha256"] == hashlib.sha256(GOOD[name]).hexdigest()


def test_wrong_types_and_impostors_are_refused_naming_each_file_and_nothing_is_kept(
    app, api, db_value
):
    nominator = api("vanthu.cntt")
    pid = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    before, files_before = counts(db_value), stored_files(app)
    bad = [(name, data) for name, (data, _) in BAD.items()]
    # One good file among the bad: all or nothing.
    response = upload(nominator, pid, ("tot.pdf", PDF), *bad[:8])
    assert response.status_code == 400
    fields = response.get_json()["fields"]
    for i, (name, (_, why)) in enumerate(list(BAD.items())[:8], start=1):
        assert why in fields[f"attachments[{i}]"], (name, fields)
        assert fields[f"attachments[{i}]"].startswith(name + ": "), (name, fields)
    assert "attachments[0]" not in fields
    assert counts(db_value) == before and stored_files(app) == files_before
    for name, (data, why) in BAD.items():
        response = upload(nominator, pid, (name, data))
        assert response.status_code == 400, name
        assert why in response.get_json()["fields"]["attachments[0]"], name
    assert counts(db_value) == before and stored_files(app) == files_before
    # No leftovers of the checking either (temporary files sit in the same directory).
    assert not [p for p in store(app).iterdir() if p.name.startswith(".")]


def test_size_and_count_limits_come_from_the_configuration(app, api, db_value):
    app.config.update(ATTACHMENT_MAX_BYTES=3 * 1024 * 1024, ATTACHMENTS_PER_REQUEST=2)
    app.config["ATTACHMENTS_PER_PROPOSAL"] = 3
    nominator = api("vanthu.cntt")
    pid = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    big = PDF + b"0" * (2 * 1024 * 1024 + 500_000)  # more than the 2 MB JSON limit, under 3 MB
    assert upload(nominator, pid, ("lon.pdf", big)).status_code == 201
    too_big = PDF + b"0" * (3 * 1024 * 1024)
    response = upload(nominator, pid, ("qua-lon.pdf", too_big))
    assert response.status_code == 400 and "lớn quá 3 MB" in response.get_json()["message"]
    three = [(f"{i}.pdf", PDF + bytes([i])) for i in range(3)]
    response = upload(nominator, pid, *three)
    assert response.status_code == 400 and "tối đa 2 tệp" in response.get_json()["message"]
    assert upload(nominator, pid, *three[:2]).status_code == 201
    response = upload(nominator, pid, three[2])
    assert response.status_code == 400 and "tối đa 3 tệp" in response.get_json()["message"]
    # Beyond files × size + the form allowance, the body is not even read.
    app.config.update(ATTACHMENT_MAX_BYTES=100_000, ATTACHMENTS_PER_REQUEST=1)
    response = upload(nominator, pid, ("qua-lon.pdf", too_big))
    assert response.status_code == 413 and response.get_json()["error"] == 413
    # And JSON bodies keep their own, smaller limit.
    response = nominator.call("PUT", f"/proposals/{pid}", json={"summary": "S" * 2_500_000})
    assert response.status_code == 413
    assert db_value("SELECT count(*) FROM attachment WHERE proposal_id = :p", p=pid) == 3


def test_download_is_an_attachment_with_nosniff_for_readers_only(app, api, login_as):
    nominator = api("vanthu.cntt")
    pid = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    name = "Báo cáo 'thành tích' năm 2025; bản #1.pdf"
    [row] = upload(nominator, pid, (name, PDF)).get_json()
    web_url = f"/attachments/{row['id']}"
    response, data = download(login_as("vanthu.cntt"), web_url)
    assert response.status_code == 200 and data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%27th%C3%A0nh%20t%C3%ADch%27" in disposition
    assert "%3B%20b%E1%BA%A3n%20#1.pdf" in disposition and "\n" not in disposition
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert "no-store" in response.headers["Cache-Control"]
    # Readers: the unit's head, the department, the board; not another department or unit.
    for reader in ("truongphong.cntt", "thuongtruc.tttt", "theodoi.btdkt"):
        assert download(login_as(reader), web_url)[0].status_code == 200, reader
    for outsider in ("vanthu.yte", "giamdoc.yte", "vanthu.bcvt", "truongkhoi.vhxh", "quantri"):
        assert download(login_as(outsider), web_url)[0].status_code == 404, outsider
        assert api(outsider).call("GET", row["url"].removeprefix("/api/v1")).status_code == 404
        listing = api(outsider).call("GET", f"/proposals/{pid}/attachments")
        assert listing.status_code == 404
    anonymous = app.test_client()
    assert download(anonymous, web_url)[0].status_code == 302
    assert download(anonymous, row["url"])[0].status_code == 401
    # The API's URL names the proposal: another proposal's id does not reach the file.
    other = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    wrong = f"/proposals/{other}/attachments/{row['id']}"
    assert nominator.call("GET", wrong).status_code == 404
    response, data = download(
        nominator.client, row["url"], {"Authorization": f"Bearer {nominator.token}"}
    )
    assert response.status_code == 200 and data == PDF
    listed = nominator.ok("GET", f"/proposals/{pid}/attachments")
    assert [(a["id"], a["name"], a["uploaded_by"]) for a in listed] == [
        (row["id"], name, "vanthu.cntt")
    ]


def test_files_change_only_while_the_nominator_may_edit(app, api, db_value):
    nominator, head = api("vanthu.cntt"), api("truongphong.cntt")
    pid = nominator.ok("POST", "/proposals", 201, json=proposal_body(award_code="LDTT"))["id"]
    [row] = upload(nominator, pid, ("bien-ban.pdf", PDF)).get_json()
    path = f"/proposals/{pid}/attachments/{row['id']}"
    before = counts(db_value)
    # The unit head reads the draft but does not edit it; another department does not see it.
    assert upload(head, pid, ("x.pdf", PDF)).status_code == 403
    assert head.call("DELETE", path).status_code == 403
    assert upload(api("vanthu.yte"), pid, ("x.pdf", PDF)).status_code == 404
    assert api("vanthu.yte").call("DELETE", path).status_code == 404
    assert counts(db_value) == before
    complete_dossier(nominator, pid)
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    before = counts(db_value)
    assert upload(nominator, pid, ("muon.pdf", PDF)).status_code == 409
    assert nominator.call("DELETE", path).status_code == 409
    assert counts(db_value) == before
    # Returned for revision: editable again.
    [task] = [t for t in head.ok("GET", "/tasks") if t["proposal_id"] == pid]
    head.ok(
        "POST", f"/tasks/{task['id']}/complete", json={"action": "return", "comment": "Bổ sung"}
    )
    assert upload(nominator, pid, ("bo-sung.pdf", PDF + b"2")).status_code == 201
    assert nominator.call("DELETE", path).status_code == 204
    events = [
        (e["action"], e["comment"])
        for e in nominator.ok("GET", f"/proposals/{pid}")["history"]
        # the files of no checklist item (the dossier's own were attached before submitting)
        if e["action"].startswith("attachment") and not (e.get("data") or {}).get("kind")
    ]
    assert events == [
        ("attachment_added", "bien-ban.pdf"),
        ("attachment_added", "bo-sung.pdf"),
        ("attachment_deleted", "bien-ban.pdf"),
    ]
    assert hashlib.sha256(PDF).hexdigest() not in stored_files(app)


def test_a_file_shared_by_two_rows_stays_until_the_last_goes(app, api, login_as):
    # Two proposals with the same file (one proposal keeps one copy of a file: see
    # test_the_same_file_twice_is_one_attachment).
    nominator = api("vanthu.cntt")
    pid = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    other = nominator.ok("POST", "/proposals", 201, json=proposal_body())["id"]
    [first] = upload(nominator, pid, ("a.pdf", PDF)).get_json()
    [second] = upload(nominator, other, ("b.pdf", PDF)).get_json()
    digest = hashlib.sha256(PDF).hexdigest()
    browser = login_as("vanthu.cntt")
    response = browser.post(f"/attachments/{first['id']}/delete")
    assert response.status_code == 302 and digest in stored_files(app)
    page = browser.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Đã xóa tệp đính kèm: a.pdf" in page
    assert "b.pdf" in browser.get(f"/proposals/{other}").get_data(as_text=True)
    assert browser.post(f"/attachments/{second['id']}/delete").status_code == 302
    assert digest not in stored_files(app)
    assert browser.get(f"/attachments/{second['id']}").status_code == 404


def test_the_proposal_page_uploads_and_refuses_with_the_reason(app, login_as, api, db_value):
    pid = api("vanthu.cntt").ok("POST", "/proposals", 201, json=proposal_body())["id"]
    browser = login_as("vanthu.cntt")
    page = browser.get(f"/proposals/{pid}").get_data(as_text=True)
    assert f'action="/proposals/{pid}/attachments"' in page
    before = counts(db_value)
    refused = browser.post(
        f"/proposals/{pid}/attachments",
        data={"attachments": [(io.BytesIO(b"MZ"), "virus.exe")]},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "virus.exe: loại tệp không được phép" in refused.get_data(as_text=True)
    assert counts(db_value) == before
    empty = browser.post(
        f"/proposals/{pid}/attachments", data={}, content_type="multipart/form-data"
    )
    assert empty.status_code == 400 and "chưa chọn tệp nào" in empty.get_data(as_text=True)
    done = browser.post(
        f"/proposals/{pid}/attachments",
        data={"attachments": [(io.BytesIO(PDF), "bien-ban.pdf")]},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    assert db_value("SELECT count(*) FROM attachment WHERE proposal_id = :p", p=pid) == 1
    # Someone who only reads the proposal gets no upload form and no delete button.
    head_page = login_as("truongphong.cntt").get(f"/proposals/{pid}").get_data(as_text=True)
    assert "bien-ban.pdf" in head_page
    assert "/attachments/1/delete" not in head_page and 'type="file"' not in head_page


def test_a_refused_form_keeps_nothing_even_with_good_files(app, login_as, db_value):
    before, files_before = counts(db_value), stored_files(app)
    response = login_as("vanthu.cntt").post(
        "/proposals/new",
        data={
            **WEB_FORM,
            "attachments": [(io.BytesIO(PDF), "tot.pdf"), (io.BytesIO(b"x"), "xau.pdf")],
            "save": "1",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "xau.pdf: nội dung không phải tệp PDF" in response.get_data(as_text=True)
    assert counts(db_value) == before and stored_files(app) == files_before


def test_attachments_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    listing = paths["/api/v1/proposals/{proposal_id}/attachments"]
    assert "multipart/form-data" in listing["post"]["requestBody"]["content"]
    assert {"201", "400", "403", "404", "409", "413"} <= set(listing["post"]["responses"])
    one = paths["/api/v1/proposals/{proposal_id}/attachments/{attachment_id}"]
    assert set(one) >= {"get", "delete", "parameters"}


def test_the_task_page_lists_files_but_never_offers_to_change_them(login_as, api):
    nominator = api("vanthu.cntt")
    pid = nominator.ok("POST", "/proposals", 201, json=proposal_body(award_code="LDTT"))["id"]
    upload(nominator, pid, ("bien-ban.pdf", PDF))
    complete_dossier(nominator, pid)
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    [task] = [t for t in api("truongphong.cntt").ok("GET", "/tasks") if t["proposal_id"] == pid]
    html = login_as("truongphong.cntt").get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert "bien-ban.pdf" in html and "/delete" not in html and 'type="file"' not in html
    api("truongphong.cntt").ok("POST", f"/tasks/{task['id']}/complete", json=APPROVAL["review"])
