"""An administrator, in Chromium against the server as `make run` starts it, creates an account,
gives it a role and a seat on a department's council; its holder logs in and finds the step,
then the ballot, waiting for them. Screenshots: 60-*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.accounts import PASSWORD
from tests.support.browser_api import BrowserApi

NEW = "bacsi.moi"
TITLE = "Đề nghị LĐTT – Văn phòng Sở Y tế (quản trị thử)"


def _file_and_submit(nominator: BrowserApi) -> int:
    body = {
        "award_code": "LDTT",
        "year": 2025,
        "title": TITLE,
        "summary": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
        "nominees": [{"name": "Quàng Thị Hoa", "job_title": "Điều dưỡng"}],
    }
    pid = nominator.call("POST", "/proposals", body)["id"]
    nominator.complete_dossier(pid)
    nominator.call("POST", f"/proposals/{pid}/submit", {})
    return pid


def test_admin_adds_a_user_with_a_role_and_a_council_seat_who_then_finds_the_work(visit):
    admin = visit("quantri")
    page = admin.goto("/admin")
    page.get_by_role("link", name="Tài khoản, vai trò, hội đồng, khối và cụm thi đua").click()
    page.get_by_label("Tên đăng nhập", exact=True).fill(NEW)
    page.get_by_label("Họ và tên").fill("Lò Văn Mới")
    page.get_by_label("Thư điện tử").fill("bacsi.moi@example.vn")
    page.get_by_label("Mật khẩu đầu tiên").fill(PASSWORD)
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Đã tạo tài khoản {NEW}")
    # A role from the account's page: unit head of the department's office, from today.
    page.get_by_label("Vai trò", exact=True).select_option("unit_head")
    page.get_by_label("Mã tổ chức").fill("soyte-vp")
    page.get_by_role("button", name="Giao vai trò").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã giao vai trò Trưởng đơn vị")
    admin.check("60-admin-user-with-role")

    # A seat on Sở Y tế's council, from the councils page of this year.
    page.get_by_role("link", name="Hội đồng theo năm").click()
    council = page.locator("section").filter(
        has=page.get_by_role(
            "heading", name="Hội đồng TĐKT Sở – Sở Y tế tỉnh Điện Biên", exact=True
        )
    )
    council.locator("summary").click()
    council.get_by_label("Tên đăng nhập").fill(NEW)
    council.get_by_role("button", name="Thêm thành viên").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã giao vai trò Hội đồng TĐKT Sở")
    expect(council.get_by_role("link", name=NEW)).to_be_visible()
    admin.check("60-admin-council-member")

    nominator = BrowserApi(admin, "vanthu.yte")
    pid = _file_and_submit(nominator)

    newcomer = visit(NEW)
    inbox = newcomer.goto("/")
    expect(inbox.get_by_role("link", name=TITLE)).to_be_visible()
    newcomer.check("60-new-unit-head-inbox")
    mine = BrowserApi(newcomer, NEW)
    mine.act(pid)
    BrowserApi(newcomer, "thuongtruc.yte").act(pid)
    # The council's box opened with the new member in it: a ballot of their own.
    [ballot] = mine.tasks(pid)
    assert ballot["form"] == "ballot"
    inbox = newcomer.goto("/")
    expect(inbox.get_by_role("link", name=TITLE)).to_be_visible()
    inbox.get_by_role("link", name=TITLE).click()
    expect(newcomer.page.get_by_text("Quàng Thị Hoa").first).to_be_visible()
    newcomer.check("60-new-council-member-ballot")
