"""The dossier checklist: what each award's dossier needs (dated data per award, province and
procedure), ticked by attachments that name their item (`kind`), and a submission refused
while a required document is missing, by the API and by the proposal page."""

from __future__ import annotations

import io
from datetime import date

from tests.support.attachments import PDF
from tests.support.dossier import missing
from workflows.awards import dossier


def upload(nominator, pid: int, kind: str | None, name: str = "tep.pdf"):
    data: dict = {"attachments": (io.BytesIO(PDF), name)}
    if kind is not None:
        data["kind"] = kind
    return nominator.post(
        f"/proposals/{pid}/attachments", data=data, content_type="multipart/form-data"
    )


def test_the_checklist_is_ticked_by_attachments_and_submission_waits_for_it(api, db_value):
    nominator = api("vanthu.cntt")
    pid = nominator.file("CSTDCS", dossier=False)
    detail = nominator.ok("GET", f"/proposals/{pid}")
    assert [(i["code"], i["required"], i["satisfied"]) for i in detail["checklist"]] == [
        ("bao_cao_ca_nhan", True, False),
        ("bien_ban_binh_xet", True, False),
        ("sang_kien_hoac_xep_loai", True, False),
        ("tai_lieu_khac", False, False),
    ]
    assert detail["checklist"][0]["label"].startswith("Báo cáo thành tích của cá nhân")

    # A file of no kind ticks nothing; a kind outside the list is refused, naming the field.
    assert upload(nominator, pid, None).status_code == 201
    wrong = upload(nominator, pid, "giay_khai_sinh")
    assert wrong.status_code == 400
    body = wrong.get_json()
    assert body["code"] == "unknown_dossier_item" and "kind" in body["fields"]
    assert "giay_khai_sinh" in body["fields"]["kind"]
    [row] = upload(nominator, pid, "bien_ban_binh_xet", "bien-ban.pdf").get_json()
    assert row["kind"] == "bien_ban_binh_xet"

    refused = nominator.post(f"/proposals/{pid}/submit", json={})
    assert refused.status_code == 400
    answer = refused.get_json()
    assert answer["code"] == "dossier_incomplete"
    said = answer["fields"]["checklist"]
    assert "Báo cáo thành tích của cá nhân" in said and "Giấy chứng nhận sáng kiến" in said
    assert "Biên bản họp bình xét" not in said
    # Nothing moved: still a draft, no submission in the trail.
    assert db_value("SELECT status FROM proposal WHERE id = :id", id=pid) == "draft"
    submitted = "SELECT count(*) FROM audit_event WHERE proposal_id = :id AND action = 'submitted'"
    assert db_value(submitted, id=pid) == 0

    upload(nominator, pid, "bao_cao_ca_nhan")
    upload(nominator, pid, "sang_kien_hoac_xep_loai")
    detail = nominator.ok("GET", f"/proposals/{pid}")
    assert missing(detail) == []
    assert nominator.ok("POST", f"/proposals/{pid}/submit", json={})["status"] == "in_review"


def test_the_task_completion_path_is_held_to_the_checklist_too(api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT", dossier=False)
    task = nominator.task_for(pid)
    refused = nominator.post(f"/tasks/{task['id']}/complete", json={"action": "submit"})
    assert refused.status_code == 400 and refused.get_json()["code"] == "dossier_incomplete"


def test_the_simplified_procedure_has_its_own_shorter_list(api):
    nominator = api("vanthu.cntt")
    pid = nominator.file(
        "GK_CN",
        dossier=False,
        procedure="simplified",
        simplified_case="dot_xuat",
        movement=None,
    )
    checklist = nominator.ok("GET", f"/proposals/{pid}")["checklist"]
    assert [(i["code"], i["required"]) for i in checklist] == [
        ("tom_tat_thanh_tich", True),
        ("tai_lieu_khac", False),
    ]
    normal = api("vanthu.cntt").file("GK_CN", dossier=False)
    assert len(missing(nominator.ok("GET", f"/proposals/{normal}"))) == 2
    upload(nominator, pid, "tom_tat_thanh_tich")
    assert nominator.ok("POST", f"/proposals/{pid}/submit", json={})["status"] == "in_review"


def test_the_lists_are_dated_and_per_province():
    after = date(2025, 7, 1)
    assert dossier.row_for("LDTT", "normal", "dienbien", after) is not None
    # Before the province's list took effect there is none to hold a proposal to.
    assert dossier.row_for("LDTT", "normal", "dienbien", date(2025, 6, 30)) is None
    # A base-level award's list is the province's own: another province has none here.
    assert dossier.row_for("LDTT", "normal", "laichau", after) is None
    # A provincial award's list follows the decree: any province.
    row = dossier.row_for("BK_TINH_CN", "normal", "laichau", after)
    assert row is not None and row.province == "*"


def test_the_proposal_page_shows_the_checklist_and_refuses_to_submit_naming_the_gap(api, login_as):
    pid = api("vanthu.cntt").file("LDTT", dossier=False)
    web = login_as("vanthu.cntt")
    page = web.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Giấy tờ cần có trong hồ sơ" in page
    assert 'data-item="danh_gia_xep_loai"' in page and "Còn thiếu" in page
    assert '<select class="form-select form-select-sm" name="kind"' in page

    response = web.post(
        f"/proposals/{pid}/attachments",
        data={"kind": "bien_ban_binh_xet", "attachments": (io.BytesIO(PDF), "bien-ban.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    response = web.post(f"/proposals/{pid}/submit", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert (
        "Hồ sơ còn thiếu: Kết quả đánh giá, xếp loại mức độ hoàn thành nhiệm vụ trong năm" in page
    )
    assert "checklist:" not in page
    assert "Đã nộp hồ sơ" not in page


def test_an_english_reader_is_told_what_is_missing_in_english(api, login_as):
    web = login_as("vanthu.cntt")
    web.post("/language", data={"lang": "en"})
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT", dossier=False)
    labels = [i["label"] for i in nominator.ok("GET", f"/proposals/{pid}")["checklist"]]
    assert labels[0] == "Minutes of the unit's review meeting, with the vote"
    said = nominator.post(f"/proposals/{pid}/submit", json={}).get_json()["fields"]["checklist"]
    assert said.startswith("The dossier is missing: Minutes of the unit's review meeting")
    assert "Biên bản" not in said
