"""A bloc's year through the API: the pledge edited by its head only, signed by the members,
self-scores refused above a line's maximum, a score returned with its reason and scored again,
a ballot without quorum refused, a tie broken by the rules' order, next year's heads recorded."""

from __future__ import annotations

from sqlalchemy import select

from models import BlocEvent, GroupingHead, Organisation


def test_only_the_head_makes_and_edits_the_pledge(bloc_year, api):
    year = bloc_year()
    member = year.member("soyte")
    body = {"criteria": [{"kind": "criterion", "name": "Một tiêu chí", "max_points": 10}]}
    refused = member.post(year.path("/criteria"), json=body)
    assert refused.status_code == 405 or refused.status_code == 403
    refused = member._call("PUT", year.path("/criteria"), json=body)
    assert refused.status_code == 403
    assert refused.get_json()["code"] == "bloc_head_only"
    # the head of another grouping is no head here
    other = api("truongcum.2")._call("PUT", year.path("/criteria"), json=body)
    assert other.status_code == 403
    edited = year.head.ok("PUT", year.path("/criteria"), json=body)
    assert [c["name"] for c in edited["criteria"]] == ["Một tiêu chí"]
    actions = [t["action"] for t in edited["trail"]]
    assert actions == ["pledge_created", "table_edited"]


def test_a_bad_table_names_its_line_and_field(bloc_year):
    year = bloc_year()
    bad = [{"kind": "criterion", "name": "Tiêu chí", "max_points": 0}, {"kind": "thưởng"}]
    answer = year.head._call("PUT", year.path("/criteria"), json={"criteria": bad})
    assert answer.status_code == 400
    fields = answer.get_json()["fields"]
    assert set(fields) == {
        "criteria[0].max_points",
        "criteria[1].kind",
        "criteria[1].name",
        "criteria[1].max_points",
    }


def test_scoring_opens_only_when_every_member_signed(bloc_year):
    year = bloc_year()
    year.act(year.member("soyte"), "sign")
    refused = year.head._call("POST", year.path("/actions"), json={"action": "open_scoring"})
    assert refused.status_code == 409
    assert refused.get_json()["code"] == "bloc_unsigned_members"
    for code in year.members:
        if code != "soyte":
            year.act(year.member(code), "sign")
    assert year.act(year.head, "open_scoring")["status"] == "scoring"


def test_a_score_above_the_maximum_is_refused_naming_the_criterion(bloc_year):
    year = bloc_year(scoring=True)
    answer = year.member("soyte")._call(
        "PUT", year.path("/scores"), json={"scores": year.scores([51, 30, 0, 0])}
    )
    assert answer.status_code == 400
    body = answer.get_json()
    assert body["code"] == "invalid_bloc_scores"
    assert "Thực hiện nhiệm vụ chính trị được giao" in body["fields"]["scores[0]"]
    assert "51" in body["fields"]["scores[0]"] and "50" in body["fields"]["scores[0]"]
    # nothing was written: the member still has to score
    soyte = next(m for m in year.detail()["members"] if m["member"] == "soyte")
    assert soyte["status"] == "pending" and soyte["scores"] == []


def test_evidence_is_required_where_the_table_asks(bloc_year):
    year = bloc_year(scoring=True)
    scores = year.scores([40, 20, 5, 0])
    scores[2]["evidence"] = ""
    answer = year.member("soyte")._call("PUT", year.path("/scores"), json={"scores": scores})
    assert answer.status_code == 400
    assert "Quyết định công nhận sáng kiến" in answer.get_json()["fields"]["scores[2]"]


def test_a_returned_score_is_scored_again(bloc_year, app):
    year = bloc_year(scoring=True)
    year.self_score("soyte", [45, 28, 3, 0])
    no_reason = year.head._call(
        "POST", year.path("/checks"), json={"member": "soyte", "action": "return"}
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.get_json()["fields"]
    returned = year.head.ok(
        "POST",
        year.path("/checks"),
        json={"member": "soyte", "action": "return", "reason": "Thiếu báo cáo tổng kết"},
    )
    assert returned["status"] == "returned"
    assert returned["return_reason"] == "Thiếu báo cáo tổng kết"
    # a member may not cross-check where the rules keep it to the head
    peer = year.member("sotttt")._call(
        "POST", year.path("/checks"), json={"member": "soyte", "action": "accept"}
    )
    assert peer.status_code == 403
    again = year.self_score("soyte", [42, 28, 3, 1])
    assert again["status"] == "submitted" and again["total"] == 72
    trail = [t["action"] for t in year.detail()["trail"] if t["member_id"]]
    assert "score_returned" in trail and trail[-1] == "self_scored"


def _score_all(year, points: dict[str, list[int]]):
    for code in year.members:
        year.self_score(code, points.get(code, [30, 20, 0, 0]))
    year.accept_all()


def test_a_ballot_without_quorum_fails_clearly(bloc_year):
    year = bloc_year(scoring=True)
    _score_all(year, {})
    year.act(year.head, "open_ballot")
    year.vote("soyte")
    refused = year.head._call("POST", year.path("/actions"), json={"action": "close_ballot"})
    assert refused.status_code == 409
    body = refused.get_json()
    assert body["code"] == "bloc_ballot_no_quorum"
    assert f"1/{len(year.members)}" in body["message"] and "2/3" in body["message"]
    detail = year.detail()
    assert detail["status"] == "voting"
    assert all(m["endorsed_for"] is None for m in detail["members"])
    # a member answers once; the others may still vote, and then the ballot closes
    assert year.vote("soyte", status=409)["code"] == "bloc_already_voted"
    for code in year.members:
        if code != "soyte":
            year.vote(code)
    assert year.act(year.head, "close_ballot")["status"] == "ranked"


def test_a_tie_is_broken_by_the_rules_order(bloc_year):
    # khoi-vhxh's rules: criteria, then penalty, then bonus. soyte and sotttt both total 80:
    # soyte 75 + 5 bonus, sotttt 80 with no bonus: sotttt's criteria are higher, it ranks first.
    year = bloc_year(scoring=True)
    _score_all(year, {"soyte": [45, 30, 5, 0], "sotttt": [50, 30, 0, 0]})
    year.act(year.head, "open_ballot")
    for code in year.members:
        year.vote(code)
    ranked = year.act(year.head, "close_ballot")
    rows = {m["member"]: m for m in ranked["members"]}
    assert rows["soyte"]["total"] == rows["sotttt"]["total"] == 80
    assert rows["sotttt"]["rank"] == 1 and rows["soyte"]["rank"] == 2
    assert rows["sotttt"]["endorsed_for"] == "CO_THI_DUA_TINH"
    assert rows["soyte"]["endorsed_for"] == "BK_TINH_TT"
    [event] = [t for t in ranked["trail"] if t["action"] == "ranked"]
    assert event["detail"]["tie_broken_by"]["soyte"] == "criteria"
    ranking = year.head.ok("GET", year.path("/ranking"))
    assert [r["member"] for r in ranking["rows"]][:2] == ["sotttt", "soyte"]


def test_next_years_heads_are_elected_and_recorded(bloc_year, app):
    year = bloc_year(scoring=True)
    _score_all(year, {})
    year.act(year.head, "open_ballot")
    for code in year.members:
        year.vote(code)
    year.act(year.head, "close_ballot")
    bad = year.head._call(
        "POST", year.path("/actions"), json={"action": "elect", "head": "soyte", "deputy": "soyte"}
    )
    assert bad.status_code == 400 and "deputy" in bad.get_json()["fields"]
    year.act(year.head, "elect", head="soyte", deputy="sotttt")
    with app.extensions["tdkt_sessions"]() as s:
        gid = s.scalar(select(Organisation.id).where(Organisation.code == "khoi-vhxh"))
        row = s.scalar(
            select(GroupingHead).where(GroupingHead.grouping_id == gid, GroupingHead.year == 2026)
        )
        codes = {o.id: o.code for o in s.scalars(select(Organisation))}
        assert (codes[row.head_id], codes[row.deputy_id]) == ("soyte", "sotttt")
        assert s.scalar(select(BlocEvent.action).order_by(BlocEvent.id.desc())) == "heads_elected"
