"""No duplicates from the web: a form acts once per one-time token, a double approve says what
already happened, filing warns of the unit's proposal for the same award, year and nominee."""

import re

from sqlalchemy import func, select

from models import AuditEvent, Proposal
from tests.support.forwarding import FORWARD
from tests.support.pages import file_proposal, inbox_tasks

ONCE = re.compile(r'name="form_once" value="([^"]+)"')


def _once(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = ONCE.search(page)
    assert found, f"{path} carries no one-time token"
    return found.group(1)


def _proposal_form(token: str, title: str = "Đề nghị LĐTT năm 2025 – một lần") -> dict:
    return {
        "form_once": token,
        "award_code": "LDTT",
        "year": "2025",
        "title": title,
        "summary": "Hoàn thành tốt nhiệm vụ.",
        "nominees-0-name": "Phạm Thị Một Lần",
        "nominees-0-achievements": "Thành tích",
        # a draft: submitting needs the dossier's files (tests.support.pages.complete_and_submit)
        "save": "1",
    }


def _count(session, title: str) -> int:
    session.rollback()  # a fresh look: the requests committed since
    return session.scalar(select(func.count()).select_from(Proposal).where(Proposal.title == title))


def test_the_same_proposal_form_posted_twice_files_once(login_as, session):
    nominator = login_as("vanthu.cntt")
    data = _proposal_form(_once(nominator, "/proposals/new"))
    first = nominator.post("/proposals/new", data=data)
    assert first.status_code == 302
    # Back and submit again (or a second click): the same token.
    again = nominator.post("/proposals/new", data=data, follow_redirects=True)
    page = again.get_data(as_text=True)
    assert again.status_code == 200
    assert "Hồ sơ này đã được gửi lúc" in page and "Xem kết quả lần gửi trước" in page
    assert _count(session, data["title"]) == 1
    assert first.headers["Location"] in page  # the link to what the first post made


def test_a_form_shown_again_keeps_its_token_usable(login_as, session):
    nominator = login_as("vanthu.cntt")
    data = _proposal_form(_once(nominator, "/proposals/new"), title="Đề nghị có dòng thêm")
    added = nominator.post("/proposals/new", data={**data, "save": "", "add_row": "1"})
    assert added.status_code == 200  # a row added, nothing filed
    assert nominator.post("/proposals/new", data=data).status_code == 302
    assert _count(session, data["title"]) == 1


def test_a_double_approve_says_it_was_done_not_changed_meanwhile(login_as, session):
    pid = file_proposal(login_as("vanthu.cntt"), nominees=("Hà Văn Hai Lần",))
    head = login_as("truongphong.cntt")
    [(task_id, _name)] = [t for t in inbox_tasks(head) if t[1] == "Trưởng đơn vị ký xác nhận"]
    data = {"form_once": _once(head, f"/tasks/{task_id}"), "action": "approve", **FORWARD}
    assert head.post(f"/tasks/{task_id}", data=data).status_code == 302
    second = head.post(f"/tasks/{task_id}", data=data)
    assert second.status_code == 302, "a second click must not be a 409"
    page = head.get(second.headers["Location"]).get_data(as_text=True)
    assert "Bước này đã được bạn xử lý lúc" in page
    approvals = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.proposal_id == pid, AuditEvent.action == "approved")
    )
    assert approvals == 1


def test_filing_warns_of_the_same_award_year_and_nominee(login_as, session):
    nominator = login_as("vanthu.cntt")
    file_proposal(nominator, title="Hồ sơ thứ nhất", nominees=("Đỗ Thị Trùng",))
    data = _proposal_form(_once(nominator, "/proposals/new"), title="Hồ sơ thứ hai")
    data["nominees-0-name"] = "  đỗ thị   TRÙNG "
    warned = nominator.post("/proposals/new", data=data)
    page = warned.get_data(as_text=True)
    assert warned.status_code == 200
    assert "Đơn vị đã có hồ sơ đề nghị cùng loại khen thưởng, cùng năm cho cùng người" in page
    assert "Hồ sơ thứ nhất" in page
    assert _count(session, "Hồ sơ thứ hai") == 0
    # A warning, not a refusal: confirmed, it is filed.
    confirmed = nominator.post("/proposals/new", data={**data, "confirm_duplicate": "y"})
    assert confirmed.status_code == 302
    assert _count(session, "Hồ sơ thứ hai") == 1
