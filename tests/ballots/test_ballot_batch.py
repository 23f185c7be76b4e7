"""Several ballots from one page; the tally credited to the council; the council step listed
once where a proposal waits."""

from __future__ import annotations

import re

from sqlalchemy import select

from models import AuditEvent


def _page(client) -> str:
    return client.get("/ballots").get_data(as_text=True)


def _fields(page: str) -> dict[int, list[str]]:
    """task id → its nominees' choice field names."""
    out: dict[int, list[str]] = {}
    for task_id, field in re.findall(r'name="b(\d+)-(choice-\d+)"', page):
        names = out.setdefault(int(task_id), [])
        if field not in names:
            names.append(field)
    return out


def test_a_member_votes_on_two_proposals_from_one_page(api, login_as, council, at_council):
    members = council(2)
    first_pid, second_pid = at_council(), at_council(nominees=("Lê Văn Cường",))
    member = login_as(members[0])
    assert "Bỏ 2 phiếu trên một trang" in member.get("/").get_data(as_text=True)
    fields = _fields(_page(member))
    assert len(fields) == 2
    (one, one_fields), (two, _two_fields) = sorted(fields.items())
    # One ballot incomplete: nothing is counted, the problem is shown beside that ballot.
    incomplete = {
        f"b{one}-action": "vote",
        f"b{one}-{one_fields[0]}": "yes",
        f"b{two}-action": "absent",
    }
    refused = member.post("/ballots", data=incomplete)
    assert refused.status_code == 400
    assert "Chưa bỏ phiếu nào" in refused.get_data(as_text=True)
    assert len(_fields(_page(member))) == 2
    # Complete: both counted, each in its own box.
    chosen = {f"b{one}-{f}": "yes" for f in one_fields} | {f"b{two}-action": "absent"}
    assert member.post("/ballots", data=chosen).status_code == 302
    assert _fields(_page(member)) == {}
    answered = []
    for pid in (first_pid, second_pid):
        (box,) = api("giamdoc.tttt").ok("GET", f"/proposals/{pid}")["ballots"]
        answered.append((box["present"], box["absent"]))
    assert sorted(answered) == [(0, 1), (1, 0)]
    # The other member still has both ballots: one member's page casts only their own.
    assert len(_fields(_page(login_as(members[1])))) == 2


def test_the_tally_is_the_councils_not_the_last_voters(api, council, at_council, session):
    members = council(2)
    pid = at_council()
    api("vanthu.cntt").cast_ballots(pid)
    closed = session.scalars(
        select(AuditEvent).where(
            AuditEvent.proposal_id == pid, AuditEvent.action == "ballot_closed"
        )
    ).one()
    assert closed.actor_id is None
    assert members


def test_the_council_step_waits_once_with_its_count(login_as, council, at_council):
    council(3)
    pid = at_council()
    page = login_as("vanthu.cntt").get(f"/proposals/{pid}").get_data(as_text=True)
    assert page.count("<strong>Hội đồng TĐKT Sở bình xét</strong>") == 1
    assert "3 người chưa xử lý" in page
    caption = re.search(r'<p class="mb-0 mt-1">Đang chờ:(.*?)</p>', page, re.S).group(1)
    assert caption.count("Hội đồng TĐKT Sở bình xét") == 1 and "(3)" in caption
    spoken = re.search(r"Đang chờ: ([^.]*)\.</desc>", page).group(1)
    assert spoken == "Hội đồng TĐKT Sở bình xét"
