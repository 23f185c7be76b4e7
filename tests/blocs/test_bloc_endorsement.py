"""The bloc's ranking is the proposal's endorsement: a Cờ thi đua proposal of a department
waiting at the bloc's step is completed from the ranking when the ballot closes, and carries the
ranking (score, rank, the pledge) in its trail; the head cannot approve by hand against the
ranking, nor before it exists."""

from __future__ import annotations

from tests.support.forwarding import FORWARD

SUBMISSION = {"submission_no": "12/TTr-STTTT", "submission_date": "15/11/2025"}


def at_endorsement(api, award: str = "CO_THI_DUA_TINH") -> int:
    """A Sở TT&TT proposal for `award` (year 2025) waiting at the bloc's endorsement step."""
    nominator = api("vanthu.cntt")
    pid = nominator.file(award, nominees=[{"name": "Phòng Công nghệ thông tin"}])
    nominator.ok("POST", f"/proposals/{pid}/submit", json={"comment": "Kính trình"})
    api("truongphong.cntt").act(pid)
    api("thuongtruc.tttt").act(pid)
    api("hoidong.tttt").cast_ballots(pid)
    api("giamdoc.tttt").act(pid, **SUBMISSION)
    assert api("truongkhoi.vhxh").task_for(pid)["element"] == "grouping_endorse"
    return pid


def _rank(year, points: dict[str, list[int]]):
    for code in year.members:
        year.self_score(code, points.get(code, [30, 20, 0, 0]))
    year.accept_all()
    year.act(year.head, "open_ballot")
    for code in year.members:
        year.vote(code)
    return year.act(year.head, "close_ballot")


def test_the_ranking_lands_in_the_proposals_chain(api, bloc_year):
    pid = at_endorsement(api)
    year = bloc_year(scoring=True)
    # while the bloc has not ranked, its head cannot endorse by hand
    task = api("truongkhoi.vhxh").task_for(pid)
    early = api("truongkhoi.vhxh")._call(
        "POST", f"/tasks/{task['id']}/complete", json={"action": "approve", "score": 99, **FORWARD}
    )
    assert early.status_code == 409 and early.get_json()["code"] == "bloc_not_ranked"

    ranked = _rank(year, {"sotttt": [50, 30, 5, 0]})
    assert ranked["endorsed_proposals"] == [pid]
    detail = api("vanthu.cntt").ok("GET", f"/proposals/{pid}")
    assert detail["stage"] == "province"
    history = api("vanthu.cntt").ok("GET", f"/proposals/{pid}/history")
    events = history if isinstance(history, list) else history["events"]
    [endorsed] = [e for e in events if e.get("element") == "grouping_endorse"]
    assert endorsed["data"]["rank"] == 1 and endorsed["data"]["score"] == 85
    assert endorsed["data"]["bloc_pledge_id"] == year.pledge_id
    assert endorsed["data"]["endorsed_for"] == "CO_THI_DUA_TINH"
    trail = [t for t in year.detail()["trail"] if t["action"] == "endorsed"]
    assert [t["detail"]["proposal_id"] for t in trail] == [pid]


def test_a_department_the_ranking_does_not_endorse_is_refused(api, bloc_year):
    pid = at_endorsement(api)
    year = bloc_year(scoring=True)
    # Sở Y tế leads; Sở TT&TT is far behind and gets nothing
    ranked = _rank(year, {"soyte": [50, 30, 5, 0], "sotttt": [10, 5, 0, 5]})
    assert ranked["endorsed_proposals"] == []
    task = api("truongkhoi.vhxh").task_for(pid)
    refused = api("truongkhoi.vhxh")._call(
        "POST", f"/tasks/{task['id']}/complete", json={"action": "approve", **FORWARD}
    )
    assert refused.status_code == 409
    assert refused.get_json()["code"] == "bloc_not_endorsed"
    assert api("vanthu.cntt").ok("GET", f"/proposals/{pid}")["stage"] == "endorsement"
