"""A reviewer lowers a nominee in Chromium, against gunicorn started as `make run` starts it:
the secretariat proposes the Director's Giấy khen for one of two nominees of a provincial
Bằng khen; she goes on in a new proposal at the department while the other stays."""

from __future__ import annotations

from playwright.sync_api import expect

from scripts import dossier_files
from tests.support.accounts import PASSWORD
from tests.support.forwarding import FORWARD

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
WHY = "Thành tích đủ mức Giấy khen của Giám đốc Sở"


def _api(visitor, username: str):
    request = visitor.context.request
    answer = request.post("/api/v1/auth/token", data={"username": username, "password": PASSWORD})
    assert answer.ok, answer.text()
    headers = {"Authorization": f"Bearer {answer.json()['token']}"}

    def call(method: str, path: str, body: dict | None = None) -> dict:
        reply = request.fetch("/api/v1" + path, method=method, data=body, headers=headers)
        assert reply.ok, (path, reply.status, reply.text())
        return reply.json() if reply.text() else {}

    def attach(pid: int) -> None:
        for kind in dossier_files.missing(call("GET", f"/proposals/{pid}")):
            reply = request.post(
                f"/api/v1/proposals/{pid}/attachments",
                headers=headers,
                multipart={
                    "kind": kind,
                    "attachments": {
                        "name": f"{kind}.pdf",
                        "mimeType": "application/pdf",
                        "buffer": PDF + kind.encode(),
                    },
                },
            )
            assert reply.status == 201, reply.text()

    call.attach = attach  # type: ignore[attr-defined]
    return call


def test_secretariat_lowers_one_nominee_to_a_giay_khen(visit):
    reviewer = visit("thuongtruc.tttt")
    nominator = _api(reviewer, "vanthu.cntt")
    created = nominator(
        "POST",
        "/proposals",
        {
            "award_code": "BK_TINH_CN",
            "year": 2025,
            "title": "Hạ mức thử – Bằng khen tỉnh",
            "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
            "nominees": [{"name": "Lò Văn Dũng"}, {"name": "Quàng Thị Én"}],
        },
    )
    pid = created["id"]
    nominator.attach(pid)  # type: ignore[attr-defined]
    nominator("POST", f"/proposals/{pid}/submit", {})
    head = _api(reviewer, "truongphong.cntt")
    [task] = head("GET", f"/tasks?proposal_id={pid}&limit=5")["items"]
    head("POST", f"/tasks/{task['id']}/complete", {"action": "approve", **FORWARD})
    [step] = _api(reviewer, "thuongtruc.tttt")("GET", f"/tasks?proposal_id={pid}&limit=5")["items"]

    page = reviewer.goto(f"/tasks/{step['id']}")
    card = page.locator(
        "section.card",
        has=page.get_by_role("heading", name="Đề nghị hình thức khen thưởng thấp hơn"),
    )
    card.get_by_label("Quàng Thị Én").check()
    card.get_by_label("Hình thức đề nghị thay thế").select_option("GK_CN")
    card.get_by_label("Lý do đề nghị hình thức khác").fill(WHY)
    card.get_by_label("Lý do chuyển tiếp người không đạt tiêu chí").fill("Đơn vị xác nhận")
    card.get_by_role("button", name="Đề nghị hình thức này").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "người được đề nghị tiếp tục trong hồ sơ"
    )
    reviewer.check("lowering")
    new_id = int(page.url.rstrip("/").split("/")[-1])
    assert new_id != pid
    split = nominator("GET", f"/proposals/{new_id}")
    assert (split["award_code"], split["stage"], split["split_from"]) == (
        "GK_CN",
        "department",
        pid,
    )
    assert [n["name"] for n in split["nominees"]] == ["Quàng Thị Én"]
    old = nominator("GET", f"/proposals/{pid}")
    assert old["split_into"] == [new_id] and old["stage"] == "department"
    assert [n["status"] for n in old["nominees"]] == ["active", "lowered"]
