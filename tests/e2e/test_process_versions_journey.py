"""An administrator moves running proposals to a new version of the diagrams, in Chromium:
the versions and the proposals on each, a preview that says where each lands and why one
cannot move, the confirmation and the result. Screenshots: 70-*.png."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from models import Proposal
from models.database import make_engine, make_session_factory
from tests.support import versions as changed
from tests.support.accounts import PASSWORD
from tests.support.forwarding import FORWARD

#: the unit head's step renamed, the secretariat's check under another id: a proposal waiting
#: at the check cannot move, one waiting for the unit head can
NEW_VERSION = ((changed.SIGNOFF_NAME, changed.RENAMED), ("secretariat_check", "dept_check"))


def _file(server, token: str, title: str) -> int:
    status, created = server.request(
        "POST",
        "/api/v1/proposals",
        {
            "award_code": "LDTT",
            "year": 2025,
            "title": title,
            "summary": "Hoàn thành tốt nhiệm vụ.",
            "nominees": [{"name": "Lê Thị Hoa"}],
        },
        token=token,
    )
    assert status == 201, created
    server.complete_dossier(created["id"], token)
    status, answer = server.request("POST", f"/api/v1/proposals/{created['id']}/submit", {}, token)
    assert status == 200, answer
    return created["id"]


def _approve(server, token: str, proposal_id: int) -> None:
    _, tasks = server.request("GET", "/api/v1/tasks", token=token)
    [task] = [t for t in tasks if t["proposal_id"] == proposal_id]
    path = f"/api/v1/tasks/{task['id']}/complete"
    status, answer = server.request("POST", path, {"action": "approve", **FORWARD}, token)
    assert status == 200, answer


def test_an_administrator_moves_running_proposals_to_a_new_version(visit, live_server, tmp_path):
    nominator = live_server.token("vanthu.cntt", PASSWORD)
    moving = _file(live_server, nominator, "Chuyển phiên bản – chờ trưởng đơn vị")
    staying = _file(live_server, nominator, "Chuyển phiên bản – chờ thường trực")
    _approve(live_server, live_server.token("truongphong.cntt", PASSWORD), staying)
    # The new diagrams, stored as start-up stores them (the server verifies the row's sources
    # before it runs anything on it).
    engine = make_engine(live_server.database_url)
    with make_session_factory(engine)() as session:
        target = changed.register(session, changed.changed_copy(tmp_path, *NEW_VERSION)).id
        session.commit()
        old = session.scalar(select(Proposal.process_version_id).where(Proposal.id == moving))
    engine.dispose()

    admin = visit("quantri")
    page = admin.goto("/admin/")
    page.get_by_role("link", name="Phiên bản quy trình").click()
    expect(page.locator(f'tr[data-version="{target}"]')).to_be_visible()
    admin.check("70-quan-tri-phien-ban-quy-trinh")

    page.locator(f'tr[data-version="{old}"]').get_by_role("link", name="Xem hồ sơ").click()
    page.get_by_label(str(moving), exact=True).check()
    page.get_by_label(str(staying), exact=True).check()
    page.get_by_label("Chuyển sang phiên bản").select_option(str(target))
    admin.check("71-quan-tri-ho-so-tren-phien-ban")
    page.get_by_role("button", name="Xem trước").click()

    landing = page.locator(f'#landings tr[data-proposal="{moving}"]')
    expect(landing).to_contain_text(changed.SIGNOFF_NAME)
    expect(landing).to_contain_text(changed.RENAMED)
    refused = page.locator(f'#refusals tr[data-proposal="{staying}"]')
    expect(refused).to_contain_text("không có trong phiên bản mới")
    admin.check("72-quan-tri-xem-truoc-chuyen-phien-ban")

    page.get_by_role("button", name="Xác nhận chuyển 1 hồ sơ").click()
    expect(page.get_by_text("Đã chuyển 1 hồ sơ sang phiên bản quy trình số")).to_be_visible()
    expect(page.locator("#running")).to_contain_text("Chuyển phiên bản – chờ trưởng đơn vị")
    expect(page.locator("#running")).not_to_contain_text("Chuyển phiên bản – chờ thường trực")
    admin.check("73-quan-tri-da-chuyen-phien-ban")

    # The proposal's history says who moved it, from which version to which.
    head = visit("truongphong.cntt")
    head.goto(f"/proposals/{moving}")
    history = head.page.get_by_role("list", name="Lịch sử xử lý hồ sơ")
    expect(history).to_contain_text(f"Chuyển sang phiên bản quy trình số {target}")
    expect(history).to_contain_text(changed.RENAMED)
