"""The organisations API: the tree as of a day (names and parents as then, predecessors and
successors with their event), one organisation and its events, and events applied by
administrators only (403 for anyone else; the same checks as the pages; Idempotency-Key)."""

from __future__ import annotations

import pytest

from tests.support import orgworld

RENAME = {
    "kind": "rename",
    "effective_on": "2025-03-01",
    "decision_no": "88/QĐ-UBND",
    "organisations": ["t-so-a"],
    "new_name": "Sở Khoa học Thử nghiệm",
    "new_short_name": "Sở KHTN",
}
MERGE = {
    "kind": "merge",
    "effective_on": "2025-07-01",
    "decision_no": "1234/QĐ-UBND",
    "organisations": ["t-so-a"],
    "successor": "t-so-b",
}


@pytest.fixture
def world(app):
    with app.extensions["tdkt_sessions"]() as s:
        built = orgworld.build(s)
        s.commit()
    return built


def by_code(items: list[dict]) -> dict[str, dict]:
    return {item["code"]: item for item in items}


def test_names_parents_and_links_are_as_of_the_day_asked(api, world):
    admin = api("quantri")
    admin.ok("POST", "/organisations/events", 201, json=RENAME)
    admin.ok("POST", "/organisations/events", 201, json=MERGE)
    reader = api("vanthu.cntt")  # any account reads the tree

    early = by_code(reader.ok("GET", "/organisations?on=2025-01-15")["items"])
    assert early["t-so-a"]["name"] == "Sở Thử nghiệm A tỉnh Điện Biên"
    assert early["t-so-a-vp"]["parent"] == "t-so-a"
    spring = by_code(reader.ok("GET", "/organisations?on=2025-04-01")["items"])
    assert spring["t-so-a"]["short_name"] == "Sở KHTN"
    summer = by_code(reader.ok("GET", "/organisations?on=2025-07-01")["items"])
    assert "t-so-a" not in summer  # merged away the day before
    assert summer["t-so-a-vp"]["parent"] == "t-so-b"
    assert summer["t-so-b"]["predecessors"] == [
        {
            "code": "t-so-a",
            "event": {
                "id": summer["t-so-b"]["predecessors"][0]["event"]["id"],
                "kind": "merge",
                "effective_on": "2025-07-01",
                "decision_no": "1234/QĐ-UBND",
            },
        }
    ]
    everyone = by_code(reader.ok("GET", "/organisations?on=2025-07-01&all=1")["items"])
    assert everyone["t-so-a"]["exists"] is False and everyone["t-so-a"]["valid_to"] == "2025-06-30"

    one = reader.ok("GET", "/organisations/t-so-a?on=2025-01-01")
    assert one["name"] == "Sở Thử nghiệm A tỉnh Điện Biên"
    assert [s["code"] for s in one["successors"]] == ["t-so-b"]
    history = reader.ok("GET", "/organisations/t-so-a/events")
    assert [(e["kind"], e["decision_no"]) for e in history] == [
        ("rename", "88/QĐ-UBND"),
        ("merge", "1234/QĐ-UBND"),
    ]
    assert reader.get("/organisations/khong-co").status_code == 404
    assert reader.get("/organisations?on=31-02-2025").status_code == 400


def test_only_administrators_apply_or_preview_events(api, world, db_value):
    for username in ("vanthu.cntt", "chuyenvien.btdkt", "giamdoc.tttt"):
        for path in ("/organisations/events", "/organisations/events?preview=1"):
            response = api(username).post(path, json=MERGE)
            assert response.status_code == 403, (username, path)
            assert response.get_json()["code"] == "org_events_admin_only"
    assert db_value("SELECT count(*) FROM org_event") == 0


def test_bad_input_is_named_field_by_field(api, world, db_value):
    admin = api("quantri")
    response = admin.post(
        "/organisations/events",
        json={"kind": "merge", "effective_on": "1/3", "organisations": ["nowhere"]},
    )
    assert response.status_code == 400
    fields = response.get_json()["fields"]
    assert set(fields) >= {"effective_on", "organisations"}
    response = admin.post("/organisations/events", json={**MERGE, "decision_no": ""})
    assert response.status_code == 400
    assert response.get_json()["code"] == "org_event_refused"
    assert "decision_no" in response.get_json()["fields"]
    assert db_value("SELECT count(*) FROM org_event") == 0


def test_an_event_is_applied_once_per_idempotency_key(api, world, db_value):
    admin = api("quantri")
    headers = {"Idempotency-Key": "merge-so-a-2025"}
    first = admin.post("/organisations/events", json=MERGE, headers=headers)
    again = admin.post("/organisations/events", json=MERGE, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert first.get_json() == again.get_json()
    assert db_value("SELECT count(*) FROM org_event") == 1
