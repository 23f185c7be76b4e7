"""Every integer a request carries is bounded (issue 15, item 6): a URL id that is too large or
not ASCII digits matches no route (404); a query or form value out of range is a 400 naming it.
Never a 500 from the driver (`int too large to convert to SQLite INTEGER`) or from `int("²")`.

The routes are read from app.url_map, so a route added later is walked too.
"""

from __future__ import annotations

import re

import pytest

from webapp.numbers import parse_int

#: too large for any column, just past BIGINT, a superscript (isdigit() but int() raises),
#: Arabic-Indic digits, zero, negative, exponent, padded
ODD_IDS = ["99999999999999999999", "9223372036854775808", "²", "١٢", "0", "-1", "1e3", " 1"]
WRITES = {"POST", "PUT", "DELETE", "PATCH"}
#: values for the placeholders that are not ids (an organisation's code, a document's code…)
TEXT_ARGS = {"org_code": "sotttt-cntt", "code": "to-trinh", "filename": "x.css"}
USERS = ["quantri", "chuyenvien.btdkt", "vanthu.cntt"]


def _urls_with(rule, odd: str) -> str:
    """The rule's path with every id placeholder set to `odd` and the others to a plain value."""

    def fill(match: re.Match) -> str:
        converter, name = match.group(1), match.group(2)
        return odd if converter in ("id", "int") else TEXT_ARGS.get(name, "x")

    return re.sub(r"<(?:(\w+):)?(\w+)>", fill, rule.rule)


def id_rules(app):
    rules = [r for r in app.url_map.iter_rules() if re.search(r"<(id|int):", r.rule)]
    assert len(rules) >= 20, "the walk found fewer id routes than the app has"
    return rules


@pytest.mark.parametrize("username", USERS)
def test_odd_ids_in_every_url_are_not_found(app, login_as, username):
    client = login_as(username)
    seen = 0
    for rule in id_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for odd in ODD_IDS:
                url = _urls_with(rule, odd)
                response = client.open(url, method=method, data={} if method in WRITES else None)
                assert response.status_code == 404, (method, url, response.status_code)
                seen += 1
    assert seen > 100


def test_odd_ids_through_the_api_are_json_not_found(app, client):
    from tests.support.world import token_for

    headers = {"Authorization": f"Bearer {token_for(client, 'vanthu.cntt')}"}
    for rule in id_rules(app):
        if not rule.rule.startswith("/api/"):
            continue
        for odd in ODD_IDS[:3]:
            response = client.get(_urls_with(rule, odd), headers=headers)
            assert response.status_code in (404, 405), (rule.rule, odd)
            if response.status_code == 404:
                assert response.get_json()["code"] == "not_found"


QUERY_PAGES = ["/board/", "/dashboard/", "/dashboard/export.xlsx", "/board/export.xlsx",
               "/history/initiatives", "/admin/calendar"]  # fmt: skip


@pytest.mark.parametrize("odd", ["99999999999999999999", "²", "-5", "abc"])
@pytest.mark.parametrize("param", ["year", "page"])
def test_odd_query_numbers_are_refused_with_400(app, login_as, odd, param):
    client = login_as("quantri")
    walked = 0
    for rule in app.url_map.iter_rules():
        if rule.arguments or "GET" not in rule.methods or rule.rule.startswith("/static"):
            continue
        response = client.get(f"{rule.rule}?{param}={odd}")
        assert response.status_code < 500, (rule.rule, param, odd)
        walked += 1
    assert walked > 10
    # The pages that read the parameter say which one is wrong.
    for url in ("/board/", "/dashboard/") if param == "year" else ("/board/",):
        response = client.get(f"{url}?{param}={odd}")
        assert response.status_code == 400, (url, response.status_code)
        assert param in response.get_data(as_text=True)


def test_odd_diagram_round_is_400(app, login_as):
    client = login_as("vanthu.cntt")
    response = client.get("/proposals/1/diagram.svg?round=99999999999999999999")
    assert response.status_code in (400, 404)
    assert response.status_code != 500


@pytest.mark.parametrize("odd", ["99999999999999999999", "²", "x"])
def test_odd_form_ids_are_refused_with_400(app, login_as, session, odd):
    client = login_as("vanthu.cntt")
    response = client.post("/notifications/read", data={"id": odd})
    assert response.status_code == 400
    board = login_as("quantri")
    response = board.post(
        "/history/units/sotttt-cntt/years", data={"person_id": odd, "year": "2024"}
    )
    assert response.status_code in (400, 403, 404)
    response = board.post("/history/initiatives", data={"unit": "sotttt-cntt", "person_id": odd})
    assert response.status_code in (400, 403, 404)


def test_parse_int_takes_ascii_digits_in_range_only():
    assert parse_int("42", 1, 100) == 42
    assert parse_int(" 42 ", 1, 100) == 42
    for odd in ["²", "١٢", "4²", "", None, "1e3", "0x10", "101", "0", "+5", "9" * 40]:
        assert parse_int(odd, 1, 100) is None, odd
    assert parse_int("-3", -5, 5) == -3
