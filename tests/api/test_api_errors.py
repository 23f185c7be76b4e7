"""Errors with codes: the API answers {error, code, message[, fields]}; the message, on the pages
and in the API, is in the user's language (Vietnamese by default)."""

from __future__ import annotations

import re

from workflows.process.forms import COMMENT_MAX


def _english(login_as, username: str) -> None:
    """The account's language becomes English (remembered in user_account.locale)."""
    login_as(username).post("/language", data={"lang": "en", "next": "/"})


def test_api_errors_carry_a_code_and_a_vietnamese_message_by_default(api):
    nominator = api("vanthu.cntt")
    answer = nominator.get("/proposals/987654").get_json()
    assert answer == {
        "error": 404,
        "code": "proposal_not_found",
        "message": "Không tìm thấy hồ sơ số 987654",
    }
    answer = nominator.post("/proposals", json={"award_code": "LDTT"}).get_json()
    # (workflows/proposals/filing.py still raises without its own code: "invalid_input")
    assert answer["error"] == 400 and answer["code"], answer
    assert answer["fields"]["year"] == "phải là năm từ 2000 đến 2100"


def test_api_errors_are_english_for_an_english_user(api, login_as):
    _english(login_as, "vanthu.cntt")
    nominator = api("vanthu.cntt")
    answer = nominator.get("/proposals/987654").get_json()
    assert answer == {
        "error": 404,
        "code": "proposal_not_found",
        "message": "Proposal no. 987654 was not found",
    }
    answer = nominator.get("/tasks/987654").get_json()
    assert answer["code"] == "task_not_found"
    assert answer["message"] == "Step no. 987654 was not found"
    answer = nominator.get("/proposals?per_page=0").get_json()
    assert answer["code"] == "invalid_query_parameter"
    assert answer["fields"] == {"per_page": "must be a whole number from 1 to 200"}
    assert answer["message"] == "Invalid input: per_page: must be a whole number from 1 to 200"
    answer = nominator.get("/no-such-thing").get_json()
    assert answer["error"] == 404 and answer["code"] == "not_found"


def test_pages_show_domain_errors_in_english(login_as):
    _english(login_as, "vanthu.cntt")
    nominator = login_as("vanthu.cntt")
    page = nominator.get("/proposals/987654")
    assert page.status_code == 404
    assert "Proposal no. 987654 was not found" in page.get_data(as_text=True)

    _english(login_as, "quantri")
    admin = login_as("quantri")
    page = admin.post("/admin/calendar", data={"day": "01/05/2026", "kind": "x", "note": ""})
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "must be &#39;off&#39; (a day off) or &#39;work&#39; (a make-up working day)" in text
    assert "phải là" not in text


def test_step_form_field_errors_are_english(api, login_as):
    """Field messages built in workflows/ with a translated label or a limit as values."""
    nominator = api("vanthu.cntt")
    proposal_id = nominator.file("LDTT")
    nominator.ok("POST", f"/proposals/{proposal_id}/submit")
    _english(login_as, "truongphong.cntt")
    head = api("truongphong.cntt")
    task = head.task_for(proposal_id)
    url = f"/tasks/{task['id']}/complete"
    answer = head.post(url, json={"action": "return"}).get_json()
    assert answer["code"] == "invalid_step_form"
    assert answer["fields"] == {"comment": "is required (Comment / reason)"}
    answer = head.post(url, json={"action": "return", "comment": "x" * (COMMENT_MAX + 1)})
    assert answer.get_json()["fields"] == {"comment": f"is longer than {COMMENT_MAX} characters"}
    answer = head.post(url, json={"action": "fly"}).get_json()
    assert answer["code"] == "invalid_action"
    assert answer["fields"]["action"].startswith("must be one of: ")


def test_the_openapi_error_schema_has_the_code(client, api):
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Error"]
    assert schema["required"] == ["error", "code", "message"]
    answer = api("vanthu.cntt").get("/proposals/987654").get_json()
    assert set(schema["required"]) <= set(answer) <= set(schema["properties"])
    assert re.match(schema["properties"]["code"]["pattern"], answer["code"])
