"""The ballot on the web: radios per nominee, "không tham dự", errors next to the nominee."""

from __future__ import annotations

import re

from tests.support.pages import inbox_tasks


def _ballot_id(client) -> int:
    [(task_id, name)] = inbox_tasks(client)
    assert name == "Hội đồng TĐKT Sở bình xét"
    return task_id


def test_a_member_votes_on_the_page(login_as, council, at_council):
    members = council(2)
    pid = at_council(nominees=("Nguyễn Văn An", "Trần Thị Bình"))
    first, second = login_as(members[0]), login_as(members[1])
    mine, theirs = _ballot_id(first), _ballot_id(second)
    page = first.get(f"/tasks/{mine}").get_data(as_text=True)
    radios = re.findall(r'name="(choice-\d+)" id="[^"]+" value="(yes|no)"', page)
    assert len(radios) == 4 and "Không tham dự" in page and "Đã có 0/2" in page
    # The other member's ballot is not found for me.
    assert first.get(f"/tasks/{theirs}").status_code == 404
    # One nominee left out: refused, nothing counted, the missing one is named.
    (an, binh) = sorted({name for name, _ in radios})
    missing = first.post(f"/tasks/{mine}", data={"action": "vote", an: "yes"})
    assert missing.status_code == 400
    assert "bắt buộc chọn đồng ý hoặc không đồng ý" in missing.get_data(as_text=True)
    done = first.post(f"/tasks/{mine}", data={"action": "vote", an: "yes", binh: "no"})
    assert done.status_code == 302
    assert inbox_tasks(first) == []
    # The other member now sees that one ballot is in, not what it said.
    page = second.get(f"/tasks/{theirs}").get_data(as_text=True)
    assert "Đã có 1/2" in page
    assert second.post(f"/tasks/{theirs}", data={"action": "absent"}).status_code == 302
    # The proposal page shows the tally: An 1 yes 0 no (1 of 1 cast passes), Bình 0 yes 1 no.
    detail = second.get(f"/proposals/{pid}").get_data(as_text=True)
    assert "Kết quả bỏ phiếu kín của Hội đồng" in detail and "1/2 thành viên bỏ phiếu" in detail
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td>", detail)
    assert rows == [("Nguyễn Văn An", "1", "0"), ("Trần Thị Bình", "0", "1")]
