"""The answer of a filing carries the dossier's checklist (issue 19): a client files, uploads
what is missing and submits without reading the proposal back."""

from __future__ import annotations

from bench.ldtt import proposal_body
from scripts import dossier_files
from scripts.liveserver import LiveServer
from tests.support.accounts import PASSWORD

API = "/api/v1"


def test_the_filing_answer_lists_the_documents_the_detail_lists(app, api):
    nominator = api("vanthu.cntt")
    filed = nominator.ok("POST", "/proposals", 201, json=proposal_body(1))
    detail = nominator.ok("GET", f"/proposals/{filed['id']}")
    assert filed["checklist"] == detail["checklist"]
    assert dossier_files.missing(filed), filed  # LĐTT asks for documents (demo data)
    assert {filed[k] for k in ("status", "stage")} == {detail["status"], detail["stage"]}


def test_a_client_files_uploads_and_submits_from_the_answers_alone(db_url, tmp_path):
    server = LiveServer(db_url, tmp_path / "data", workers=1, threads=2).start()
    try:
        token = server.token("vanthu.cntt", PASSWORD)
        status, filed = server.request("POST", f"{API}/proposals", proposal_body(3), token)
        assert status == 201, filed
        pid = filed["id"]
        for kind in dossier_files.missing(filed):
            path = f"{API}/proposals/{pid}/attachments"
            raw = dossier_files.multipart(kind)
            assert server.request("POST", path, token=token, raw=raw)[0] == 201
        status, done = server.request("POST", f"{API}/proposals/{pid}/submit", {}, token)
        assert status == 200 and done["status"] == "in_review", done
    finally:
        server.stop()
