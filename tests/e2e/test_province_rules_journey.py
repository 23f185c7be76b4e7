"""A board officer raises the department council's quorum from today in a real browser, against
a gunicorn server of its own (the quorum must not leak into the other journeys' server); a
ballot opened after it keeps the new quorum: four of five members voting is no longer enough."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from scripts.liveserver import LiveServer
from tests.support.accounts import PASSWORD, council_members
from tests.support.forwarding import FORWARD
from workflows.deadlines.calendar import today

SOURCE = "Quyết định số 15/2026/QĐ-UBND của UBND tỉnh Điện Biên, Điều 4"


@pytest.fixture(scope="module")
def live_server(databases, template_db, tmp_path_factory) -> Iterator[LiveServer]:
    url = databases.create(template=template_db)
    server = LiveServer(url, tmp_path_factory.mktemp("rules-server"), workers=1, threads=4)
    server.start()
    yield server
    server.stop()
    databases.drop(url)


def _ok(server: LiveServer, method: str, path: str, token: str, body=None, status=200):
    got, answer = server.request(method, f"/api/v1{path}", body, token=token)
    assert got == status, (path, got, answer)
    return answer


def _task(server: LiveServer, token: str, pid: int) -> dict:
    [task] = [t for t in _ok(server, "GET", "/tasks", token) if t["proposal_id"] == pid]
    return task


def _to_the_council(server: LiveServer) -> int:
    nominator = server.token("vanthu.cntt", PASSWORD)
    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": "Đề nghị LĐTT sau quy định túc số mới",
        "summary": "Hoàn thành tốt nhiệm vụ năm 2025",
        "nominees": [{"name": "Lò Thị Túc Số", "job_title": "Chuyên viên"}],
    }
    pid = _ok(server, "POST", "/proposals", nominator, body, 201)["id"]
    server.complete_dossier(pid, nominator)
    _ok(server, "POST", f"/proposals/{pid}/submit", nominator, {})
    for username in ("truongphong.cntt", "thuongtruc.tttt"):
        token = server.token(username, PASSWORD)
        task = _task(server, token, pid)
        _ok(
            server, "POST", f"/tasks/{task['id']}/complete", token, {"action": "approve", **FORWARD}
        )
    return pid


def test_a_board_officer_raises_the_quorum_and_the_next_ballot_uses_it(visit, live_server):
    officer = visit("chuyenvien.btdkt")
    page = officer.page
    page.get_by_role("link", name="Quy định của tỉnh").click()
    expect(page.locator("table[data-kind=council] tr[data-key=department]")).to_contain_text(
        "Túc số 2/3 thành viên"
    )
    officer.check("50-quy-dinh-cua-tinh")
    page.locator("#kind-council").get_by_role("link").click()
    page.get_by_label("Hội đồng").fill("department")
    page.get_by_label("Túc số (tỉ lệ thành viên phải bỏ phiếu)").fill("3/2")
    page.get_by_label("Ngưỡng thông qua").fill("1/2")
    page.get_by_label("Phải quá ngưỡng (không tính bằng)").check()
    page.get_by_label("Áp dụng từ ngày").fill(today().isoformat())
    page.get_by_label("Căn cứ (văn bản, điều khoản)").fill(SOURCE)
    with officer.refused():
        page.get_by_role("button", name="Ghi phiên bản mới").click()
    expect(page.locator("#value-quorum-error")).to_contain_text("không quá 1")
    officer.check("51-quy-dinh-tuc-so-sai")
    page.get_by_label("Túc số (tỉ lệ thành viên phải bỏ phiếu)").fill("1/1")
    page.get_by_role("button", name="Ghi phiên bản mới").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi quy định mới “department”")
    expect(page.locator("#versions tr[data-key=department]")).to_contain_text(SOURCE)
    officer.check("52-quy-dinh-tuc-so-moi")

    pid = _to_the_council(live_server)
    members = council_members()
    for i, member in enumerate(members):
        token = live_server.token(member, PASSWORD)
        task = _task(live_server, token, pid)
        if i == 0:
            payload = {"action": "absent"}
        else:
            detail = _ok(live_server, "GET", f"/proposals/{pid}", token)
            payload = {
                "action": "vote",
                "choices": {str(n["id"]): "yes" for n in detail["nominees"]},
            }
        _ok(live_server, "POST", f"/tasks/{task['id']}/complete", token, payload)

    secretariat = visit("thuongtruc.tttt")
    secretariat.goto(f"/proposals/{pid}")
    rule = secretariat.page.locator(".ballot-rule")
    expect(rule).to_contain_text("1/1")
    expect(rule).to_contain_text(SOURCE)
    # Four of five is more than the old two thirds, less than the new whole council.
    tally = secretariat.page.locator("p", has_text="4/5 thành viên bỏ phiếu")
    expect(tally).to_contain_text("không đủ túc số")
    secretariat.check("53-phieu-bau-theo-tuc-so-moi")
