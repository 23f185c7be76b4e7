"""The inbox of a working day: filters, search without diacritics, sorting, pages, what I did,
the return reason and due date on each row; each role lands where its work is."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from models import HumanTask, TaskState, utcnow
from tests.support.pages import act, file_proposal, inbox_tasks

TITLES = ("Hồ sơ Đặng Thị Lụa", "Hồ sơ Nguyễn Văn Bình", "Hồ sơ Trần Đức Cường")


def _three(login_as) -> list[int]:
    nominator = login_as("vanthu.cntt")
    return [file_proposal(nominator, title=t, nominees=(t.removeprefix("Hồ sơ "),)) for t in TITLES]


def _titles(page: str) -> list[str]:
    return re.findall(r'href="/proposals/\d+">#\d+ ([^<]+)</a>', page)


def test_search_filter_sort_and_pages_on_the_page(login_as, session):
    pids = _three(login_as)
    head = login_as("truongphong.cntt")
    # Without diacritics, in any case: one row.
    page = head.get("/?q=nguyen+VAN+binh").get_data(as_text=True)
    assert _titles(page) == ["Hồ sơ Nguyễn Văn Bình"]
    # Sorted by title, descending, two a page: the third on the second page, linked.
    page = head.get("/?sort=title&dir=desc&limit=2").get_data(as_text=True)
    assert _titles(page) == ["Hồ sơ Trần Đức Cường", "Hồ sơ Nguyễn Văn Bình"]
    assert "Dòng 1–2 trong 3" in page
    following = re.search(r'href="([^"]+)">Trang sau', page).group(1).replace("&amp;", "&")
    assert _titles(head.get(following).get_data(as_text=True)) == ["Hồ sơ Đặng Thị Lụa"]
    # Due state: one step overdue, one reminded, one with no due date.
    # the step waiting at the head (the nominator's completed one is a row too; PostgreSQL
    # returns them in no set order)
    waiting = select(HumanTask).where(
        HumanTask.proposal_id.in_(pids), HumanTask.state == TaskState.READY
    )
    tasks = {t.proposal_id: t for t in session.scalars(waiting)}
    now = utcnow()
    tasks[pids[0]].due_at = now - timedelta(days=1)
    tasks[pids[1]].due_at, tasks[pids[1]].remind_at = now + timedelta(days=2), now - timedelta(1)
    tasks[pids[2]].due_at = None
    session.commit()
    assert _titles(head.get("/?due=overdue").get_data(as_text=True)) == [TITLES[0]]
    assert _titles(head.get("/?due=soon").get_data(as_text=True)) == [TITLES[1]]
    assert _titles(head.get("/?due=ok").get_data(as_text=True)) == [TITLES[2]]
    # The due date is on the row.
    assert "Hạn xử lý: " in head.get("/?due=soon").get_data(as_text=True)
    # By award and stage: all three are LĐTT at the unit; another award finds none.
    assert len(_titles(head.get("/?award=LDTT&stage=unit").get_data(as_text=True))) == 3
    assert _titles(head.get("/?award=CSTD_CS").get_data(as_text=True)) == []
    # A sort the inbox does not know is said, and the page still answers.
    bad = head.get("/?sort=password").get_data(as_text=True)
    assert "Không sắp xếp được theo “password”" in bad


def test_done_tab_lists_what_i_completed_newest_first(login_as):
    pids = _three(login_as)
    head = login_as("truongphong.cntt")
    for task_id, _name in inbox_tasks(head)[:2]:
        assert act(head, task_id).status_code == 302
    page = head.get("/?tab=done").get_data(as_text=True)
    done = _titles(page)
    assert len(done) == 2 and "Đồng ý" in page
    # newest first: the second one acted on is on top
    assert set(done) <= set(TITLES)
    waiting = _titles(head.get("/").get_data(as_text=True))
    assert len(waiting) == 1 and waiting[0] not in done
    assert pids


def test_the_returned_proposal_is_hers_to_edit_with_its_reason(login_as):
    nominator = login_as("vanthu.cntt")
    pid = file_proposal(nominator, title="Hồ sơ trả lại")
    head = login_as("truongphong.cntt")
    [(task_id, _name)] = inbox_tasks(head)
    assert act(head, task_id, "return", comment="Thiếu bản thành tích").status_code == 302
    page = nominator.get("/").get_data(as_text=True)
    assert "Thiếu bản thành tích" in page
    assert f'href="/proposals/{pid}/edit"' in page
    assert "Nhận xử lý" not in page


def test_the_board_lands_on_the_dashboard(login_as):
    board = login_as("theodoi.btdkt")
    answer = board.get("/")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/dashboard/")
    # Someone with work still lands on the inbox.
    assert login_as("truongphong.cntt").get("/").status_code == 200


def test_api_pages_filters_and_keeps_old_clients(api, login_as):
    _three(login_as)
    head = api("truongphong.cntt")
    old = head.get("/tasks")
    assert old.status_code == 200 and isinstance(old.get_json(), list)
    assert len(old.get_json()) == 3 and old.headers["X-Total-Count"] == "3"
    assert {"due_at", "return_reason"} <= old.get_json()[0].keys()
    page = head.ok("GET", "/tasks?limit=2&sort=title")
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 0)
    assert [t["proposal_title"] for t in page["items"]] == list(TITLES[:2])
    rest = head.ok("GET", "/tasks?limit=2&offset=2&sort=title")
    assert [t["proposal_title"] for t in rest["items"]] == [TITLES[2]]
    found = head.ok("GET", "/tasks?q=tran+duc")
    assert [t["proposal_title"] for t in found["items"]] == [TITLES[2]]
    assert head.ok("GET", "/tasks?unit=sotttt-cntt")["total"] == 3
    assert head.ok("GET", "/tasks?unit=sotttt-ttcntt")["total"] == 0
    bad = head.get("/tasks?limit=0")
    assert bad.status_code == 400 and "limit" in bad.get_json()["fields"]
    bad = head.get("/tasks?sort=nope")
    assert bad.status_code == 400 and "sort" in bad.get_json()["fields"]
