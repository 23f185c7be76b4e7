"""A proposal's audit trail is paged by rounds (issue 15, item 10): the API's detail and the page
hold the latest rounds only, newest first on the page; older rounds come on demand."""

from __future__ import annotations

import re

import pytest

RETURNS = 12


@pytest.fixture
def returned_often(api) -> int:
    nominator, head = api("vanthu.cntt"), api("truongphong.cntt")
    pid = nominator.file("LDTT")
    for n in range(1, RETURNS + 1):
        nominator.ok("POST", f"/proposals/{pid}/submit")
        head.act(pid, "return", comment=f"Lần trả {n}")
    return pid


def test_the_detail_holds_the_latest_rounds_and_says_how_many_there_are(api, returned_often):
    detail = api("vanthu.cntt").ok("GET", f"/proposals/{returned_often}")
    assert detail["round"] == RETURNS + 1
    window = detail["history_rounds"]
    assert window["total"] == RETURNS + 1
    assert window["rounds"] == list(range(RETURNS + 1, RETURNS - 9, -1))
    assert window["older_offset"] == 10
    # the newest round has no event until it is submitted again
    assert {e["round"] for e in detail["history"]} == set(window["rounds"]) - {RETURNS + 1}


def test_history_pages_newest_rounds_first_until_the_first(api, returned_often):
    nominator = api("vanthu.cntt")
    path = f"/proposals/{returned_often}/history"
    first = nominator.ok("GET", f"{path}?limit=5")
    assert first["rounds"] == [13, 12, 11, 10, 9]
    assert [e["round"] for e in first["events"]][0] == RETURNS
    ids_in_order = [e["at"] for e in first["events"]]
    assert ids_in_order == sorted(ids_in_order, reverse=True)
    comments, offset = [], 0
    while offset is not None:
        page = nominator.ok("GET", f"{path}?limit=5&offset={offset}")
        comments += [e["comment"] for e in page["events"] if e["action"] == "returned"]
        offset = page["older_offset"]
    assert comments == [f"Lần trả {n}" for n in range(RETURNS, 0, -1)]
    beyond = nominator.ok("GET", f"{path}?offset=500")
    assert (beyond["events"], beyond["rounds"], beyond["older_offset"]) == ([], [], None)


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1", "limit=²", "offset=1e3"])
def test_bad_paging_is_a_400_naming_the_parameter(api, returned_often, query):
    response = api("vanthu.cntt").get(f"/proposals/{returned_often}/history?{query}")
    assert response.status_code == 400
    assert set(response.get_json()["fields"]) == {query.split("=")[0]}


def test_others_history_is_not_found(api, returned_often):
    assert api("vanthu.yte").get(f"/proposals/{returned_often}/history").status_code == 404


def trail(response) -> str:
    """The audit trail's part of a proposal's page (the last reason is shown above it too)."""
    return response.get_data(as_text=True).split('id="lich-su"', 1)[1]


def test_the_page_shows_the_latest_rounds_newest_first_and_links_older(login_as, returned_often):
    client = login_as("vanthu.cntt")
    page = trail(client.get(f"/proposals/{returned_often}"))
    shown = [int(n) for n in re.findall(r"Lần trả (\d+)", page)]
    assert shown == [12, 11, 10, 9]  # rounds 13 … 9: the returns that ended 12 … 9
    older = re.search(r'href="([^"]*history=5[^"]*)"', page)
    assert older, "no link to older rounds"
    page = trail(client.get(older.group(1).replace("&amp;", "&")))
    assert [int(n) for n in re.findall(r"Lần trả (\d+)", page)] == [8, 7, 6, 5, 4]
    assert "history=0" in page or "Các vòng mới hơn" in page
    assert client.get(f"/proposals/{returned_often}?history=²").status_code == 400
