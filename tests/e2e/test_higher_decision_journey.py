"""The board officer records a ministry's decision in Chromium, against the server as the README
starts it: a Bằng khen of the Minister filed and carried through API v1 up to "Chờ quyết định
cấp trên", then on the task page the officer attaches the decision's document, grants one
nominee and not the other with the reason, and the proposal is decided with one award."""

from __future__ import annotations

import io
import zipfile

from playwright.sync_api import expect

from tests.support.accounts import PASSWORD
from tests.support.attachments import PDF
from tests.support.upward import drive

TITLE = "Đề nghị Bằng khen của Bộ trưởng – Phòng CNTT"
PEOPLE = [
    {"name": "Hoàng Thị Lụa", "job_title": "Chuyên viên", "gender": "female"},
    {"name": "Quàng Văn Thưởng", "job_title": "Kỹ sư", "gender": "male"},
]


class LiveApi:
    """tests.support.upward's client interface over HTTP to the live server."""

    def __init__(self, server, username: str):
        self.server, self.token = server, server.token(username, PASSWORD)

    def ok(self, method: str, path: str, status: int = 200, json=None, **_):
        got, body = self.server.request(method, f"/api/v1{path}", json, self.token)
        assert got == status, (path, got, body)
        return body

    def vote(self, pid: int, task_id: int) -> dict:
        detail = self.ok("GET", f"/proposals/{pid}")
        choices = {str(n["id"]): "yes" for n in detail["nominees"] if n["status"] == "active"}
        body = {"action": "vote", "choices": choices}
        return self.ok("POST", f"/tasks/{task_id}/complete", json=body)


def test_the_officer_records_a_ministry_decision(visit, live_server, tmp_path):
    clients: dict[str, LiveApi] = {}

    def api(username: str) -> LiveApi:
        if username not in clients:
            clients[username] = LiveApi(live_server, username)
        return clients[username]

    summary = "Hoàn thành xuất sắc nhiệm vụ hai năm liền."
    body = {"award_code": "BK_BO_CN", "year": 2025, "title": TITLE, "summary": summary}
    body["nominees"] = PEOPLE
    created = api("vanthu.cntt").ok("POST", "/proposals", 201, json=body)
    pid = created["id"]
    live_server.complete_dossier(pid, api("vanthu.cntt").token)
    api("vanthu.cntt").ok("POST", f"/proposals/{pid}/submit", json={})
    drive(api, pid, "minister", stop_at="await_decision")
    [task] = api("chuyenvien.btdkt").ok("GET", f"/proposals/{pid}")["current_tasks"]
    assert task["element"] == "await_decision"

    officer = visit("chuyenvien.btdkt")
    page = officer.goto(f"/tasks/{task['id']}")
    expect(page.get_by_role("heading", name="Chờ quyết định cấp trên")).to_be_visible()
    # The bundle that went up can still be downloaded from the step.
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bộ hồ sơ trình (.zip, kèm manifest.json)").click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as archive:
        assert "manifest.json" in archive.namelist()
    officer.check("60-cho-quyet-dinh-cap-tren")

    page.get_by_label("Đồng ý", exact=True).check()
    page.get_by_label("Số quyết định").fill("215/QĐ-BKHCN")
    page.get_by_label("Ngày quyết định").fill("2026-03-15")
    page.get_by_label("Người ký").fill("Trần Văn Minh")
    document = tmp_path / "quyet-dinh-215.pdf"
    document.write_bytes(PDF + b"quyet dinh 215")
    page.get_by_label("Văn bản quyết định của cấp trên (PDF, ảnh chụp)").set_input_files(document)
    second = page.locator(".border", has_text="Quàng Văn Thưởng")
    second.get_by_label("Không được khen", exact=True).check()
    second.get_by_role("textbox").fill("Chưa đủ thời gian công tác theo quy chế của Bộ")
    page.get_by_role("button", name="Ghi ý kiến xử lý").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã xử lý")

    final = api("chuyenvien.btdkt").ok("GET", f"/proposals/{pid}")
    assert final["status"] == "approved"
    assert final["decision"]["number"] == "215/QĐ-BKHCN"
    [event] = [e for e in final["history"] if e["element"] == "await_decision"]
    assert [(r["name"], r["granted"]) for r in event["data"]["results"]] == [
        ("Hoàng Thị Lụa", True),
        ("Quàng Văn Thưởng", False),
    ]
    kinds = [a["kind"] for a in api("chuyenvien.btdkt").ok("GET", f"/proposals/{pid}/attachments")]
    assert "quyet_dinh_cap_tren" in kinds
