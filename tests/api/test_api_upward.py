"""The upward path through API v1 beyond the happy run of test_api_all_awards: the dossier
bundle and its manifest against its own files, who may download it, the higher decision's
checks (its document, a reason for each nominee not granted) leaving nothing written, and a
refusal by the higher level."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from docx import Document

from tests.support.forwarding import FORWARD
from tests.support.upward import drive, higher_decision, upward_document_payload

PEOPLE = [
    {
        "name": "Nguyễn Thị Hương",
        "job_title": "Chuyên viên",
        "achievements": "Chủ trì đề án số hóa",
    },
    {"name": "Đặng Văn Đức", "job_title": "Phó Trưởng phòng"},
]


def _filed(api, award: str = "BK_TTG_CN") -> int:
    nominator = api("vanthu.cntt")
    pid = nominator.file(award, nominees=PEOPLE)
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    return pid


def _bundle(client, pid: int) -> tuple[dict, dict[str, bytes]]:
    response = client.get(f"/proposals/{pid}/bundle.zip")
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop("manifest.json")), files


def test_the_bundle_manifest_names_every_file_with_its_hash(api):
    pid = _filed(api)
    drive(api, pid, "prime_minister", stop_at="chairman_submit")
    manifest, files = _bundle(api("chutich.ubnd"), pid)

    listed = {d["path"]: d for d in manifest["documents"]}
    assert set(listed) == set(files)
    for path, content in files.items():
        assert listed[path]["sha256"] == hashlib.sha256(content).hexdigest(), path
        assert listed[path]["size"] == len(content), path
    kinds = {d["kind"] for d in manifest["documents"]}
    assert {"submission", "achievement_report", "department_submission", "minutes"} <= kinds
    assert {"to-trinh-ubnd-tinh.docx", "to-trinh-ubnd-tinh.pdf"} <= set(files)
    assert {"bao-cao-thanh-tich.docx", "bao-cao-thanh-tich.pdf"} <= set(files)
    # the nominator's dossier documents ride along
    assert [p for p in files if p.startswith("dinh-kem/")]
    assert manifest["award"]["code"] == "BK_TTG_CN"
    assert manifest["route"] == {
        "decider": "prime_minister",
        "recipient": "Thủ tướng Chính phủ",
        "via": "Bộ Nội vụ",
        "submission_number": "/TTr-UBND",  # a draft until the Chairman signs
        "submission_signed": False,
    }
    assert [n["name"] for n in manifest["nominees"]] == ["Nguyễn Thị Hương", "Đặng Văn Đức"]
    submission = Document(io.BytesIO(files["to-trinh-ubnd-tinh.docx"]))
    text = "\n".join(p.text for p in submission.paragraphs)
    assert "Kính gửi: Bộ Nội vụ" in text and "Thủ tướng Chính phủ" in text
    report = Document(io.BytesIO(files["bao-cao-thanh-tich.docx"]))
    assert "Chủ trì đề án số hóa" in "\n".join(p.text for p in report.paragraphs)
    assert files["bao-cao-thanh-tich.pdf"].startswith(b"%PDF")

    # Once the Chairman has signed, the bundle carries the submission's number.
    drive(api, pid, "prime_minister", stop_at="await_decision")
    manifest, _ = _bundle(api("chuyenvien.btdkt"), pid)
    assert manifest["route"]["submission_number"] == "45/TTr-UBND"
    assert manifest["route"]["submission_signed"] is True


def test_the_bundle_is_for_the_province_bodies_and_upward_awards_only(api):
    pid = _filed(api, "BK_BO_TT")
    drive(api, pid, "minister", stop_at="chairman_submit")
    nominator = api("vanthu.cntt")  # sees the proposal, holds none of the roles
    answer = nominator.get(f"/proposals/{pid}/bundle.zip")
    assert answer.status_code == 403
    assert answer.get_json()["code"] == "bundle_role_not_held"
    manifest, _ = _bundle(api("chutich.ubnd"), pid)
    # decided in 2026 by the ministry that took over the former TT&TT sector
    assert manifest["route"]["recipient"] == "Bộ Khoa học và Công nghệ"
    provincial = api("vanthu.cntt").file("BK_TINH_CN", nominees=PEOPLE)
    refused = api("chutich.ubnd").get(f"/proposals/{provincial}/bundle.zip")
    assert refused.status_code in (404, 409)


def _await(api, award: str, decider: str) -> tuple[int, dict, dict]:
    pid = _filed(api, award)
    drive(api, pid, decider, stop_at="await_decision")
    officer = api("chuyenvien.btdkt")
    detail = officer.ok("GET", f"/proposals/{pid}")
    [task] = detail["current_tasks"]
    return pid, task, detail


def test_the_decision_needs_its_document_and_a_reason_for_each_refusal(api, row_counts):
    pid, task, detail = _await(api, "KNC_BO", "minister")
    officer = api("chuyenvien.btdkt")
    body = higher_decision(officer, pid, "minister", detail["nominees"])
    before = row_counts()
    for change, field in (
        ({"document_id": None}, "document_id"),
        ({"document_id": 999_999}, "document_id"),
        ({"results": [{**body["results"][0]}, {**body["results"][1], "reason": ""}]},
         "results[1].reason"),
        ({"results": body["results"][:1]}, "results"),
        ({"results": [{**r, "granted": False, "reason": "x"} for r in body["results"]]},
         "results"),
    ):  # fmt: skip
        answer = officer.post(
            f"/tasks/{task['id']}/complete", json={"action": "approve", **FORWARD, **body, **change}
        )
        assert answer.status_code == 400, (change, answer.get_json())
        assert field in answer.get_json()["fields"], (change, answer.get_json())
        assert row_counts() == before
    # The nominator may not attach the decision (not the step's role).
    stranger = api("vanthu.cntt").post(
        f"/proposals/{pid}/decision-document", **upward_document_payload()
    )
    assert stranger.status_code in (403, 404)


def test_a_refusal_by_the_higher_level_closes_the_proposal_with_no_award(api, db_value):
    pid, task, detail = _await(api, "CO_THI_DUA_CP", "prime_minister")
    officer = api("chuyenvien.btdkt")
    body = higher_decision(officer, pid, "prime_minister", detail["nominees"])
    body["results"] = [{**r, "granted": False, "reason": "Chưa đạt"} for r in body["results"]]
    done = officer.ok(
        "POST",
        f"/tasks/{task['id']}/complete",
        json={**body, "action": "reject", "comment": "Bộ Nội vụ trả lời không trình"},
    )
    assert done["proposal"]["status"] == "rejected"
    assert db_value("SELECT count(*) FROM award_record WHERE proposal_id = :p", p=pid) == 0
    final = officer.ok("GET", f"/proposals/{pid}")
    [event] = [e for e in final["history"] if e["element"] == "await_decision"]
    assert event["action"] == "rejected" and event["data"]["document_id"] == body["document_id"]
