"""A working day in the inbox, in Chromium: the unit head finds proposals by a search typed
without marks, sorts them, pages through them and sees what she did; a council member casts the
ballots of several proposals from one page; a chosen file survives "Thêm dòng" and Enter.
Screenshots: 40-*.png."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support.accounts import council_members
from tests.support.browser_api import PDF, BrowserApi

MARK = "Hộp việc thử"
TITLES = [f"{MARK} – Đặng Văn {n}" for n in ("An", "Bình", "Cường")]


def test_search_sort_pages_done_tab_and_batch_ballots(visit):
    head = visit("truongphong.cntt")
    nominator = BrowserApi(head, "vanthu.cntt")
    pids = []
    for title in TITLES:
        body = {
            "award_code": "LDTT",
            "year": 2025,
            "title": title,
            "summary": "Hoàn thành tốt nhiệm vụ năm 2025",
            "nominees": [{"name": title.split("– ")[1], "job_title": "Chuyên viên"}],
        }
        pid = nominator.call("POST", "/proposals", body)["id"]
        nominator.complete_dossier(pid)
        nominator.call("POST", f"/proposals/{pid}/submit", {})
        pids.append(pid)

    # -- the unit head: search without marks, sort, pages -------------------------------------
    page = head.page
    head.goto("/")
    page.get_by_label("Tìm (tên hồ sơ, người được đề nghị)").fill("hop viec thu")
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("table.inbox-table tbody tr")
    expect(rows).to_have_count(3)
    page.get_by_role("link", name="Hồ sơ", exact=True).click()  # sort by title, ascending
    page.get_by_role("link", name="Hồ sơ (tăng dần)").click()  # and descending
    expect(rows.first).to_contain_text(TITLES[2])
    head.check("40-hop-viec-loc-sap-xep")
    head.goto(page.url + "&limit=2")
    expect(rows).to_have_count(2)
    page.get_by_role("link", name="Trang sau").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(TITLES[0])
    head.check("41-hop-viec-trang-sau")

    # -- what she did: the "đã xử lý" tab ------------------------------------------------------
    BrowserApi(head, "truongphong.cntt").act(pids[0])
    head.goto("/")
    page.get_by_role("link", name="Đã xử lý").click()
    expect(page.locator("table.inbox-table tbody tr").first).to_contain_text(TITLES[0])
    head.check("42-hop-viec-da-xu-ly")

    # -- through the department to the council ---------------------------------------------
    for pid in pids[1:]:
        BrowserApi(head, "truongphong.cntt").act(pid)
    secretariat = BrowserApi(head, "thuongtruc.tttt")
    for pid in pids:
        secretariat.act(pid)

    member = visit(council_members()[0])
    page = member.page
    page.get_by_role("link", name="Bỏ 3 phiếu trên một trang").click()
    for pid in pids:
        section = page.locator("section.card", has=page.locator(f'a[href="/proposals/{pid}"]'))
        section.get_by_role("radio", name="Đồng ý", exact=True).first.check()
    member.check("43-bo-nhieu-phieu")
    page.get_by_role("button", name="Bỏ các phiếu đã chọn").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã bỏ 3 phiếu.")
    for pid in pids:
        expect(page.locator(f'a[href="/proposals/{pid}"]')).to_have_count(0)


def test_a_chosen_file_survives_adding_a_row_and_enter_saves(visit):
    nominator = visit("vanthu.cntt")
    page = nominator.page
    nominator.goto("/proposals/new")
    page.get_by_label("Loại khen thưởng").select_option(label="Lao động tiên tiến")
    page.get_by_label("Tiêu đề hồ sơ").fill(f"{MARK} – tệp giữ lại")
    page.get_by_label("Tóm tắt thành tích của hồ sơ").fill("Hoàn thành tốt nhiệm vụ.")
    page.locator("#nominees-0-name").fill("Lò Văn Dũng")
    page.locator("#attachments").set_input_files(
        files=[{"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    expect(page.locator("#attachments-hint")).to_be_visible()
    page.get_by_role("button", name="Thêm dòng").click()
    kept = page.get_by_role("checkbox", name="bao-cao.pdf")
    expect(kept).to_be_checked()
    nominator.check("44-tep-giu-lai")
    # Enter in the title saves the draft, with the file: not another "Thêm dòng".
    page.get_by_label("Tiêu đề hồ sơ").press("Enter")
    expect(page.locator(".alert-success")).to_have_text("Đã lưu hồ sơ.")
    expect(page.get_by_role("link", name="bao-cao.pdf")).to_be_visible()
