"""An open proposal goes on under the successor: its waiting step moves to the successor's
holder of the same role (who can complete it; the old holder gets a 409 naming where it went),
its trail says so, the new holders are told, and nothing else is lost or duplicated (every
table's rows per organisation counted before and after). Filing for the unit that ended is
refused with the event and its decision number."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select, text

from models import Base, Organisation

EVENT = {
    "kind": "merge",
    "effective_on": "2025-03-01",
    "decision_no": "215/QĐ-UBND",
    "decision_date": "2025-02-20",
    "issued_by": "UBND tỉnh Điện Biên",
    "organisations": ["t-so-a-vp"],
    "successor": "t-so-b-vp",
}


def org_columns() -> list[tuple[str, str]]:
    """Every (table, column) that names an organisation."""
    return [
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if any(fk.column.table.name == "organisation" for fk in column.foreign_keys)
    ]


def per_org(app, world) -> dict[tuple[str, str], Counter]:
    ids = set(world.ids.values())
    found = {}
    with app.extensions["tdkt_engine"].connect() as conn:
        for table, column in org_columns():
            rows = conn.execute(text(f"SELECT {column}, count(*) FROM {table} GROUP BY {column}"))
            found[(table, column)] = Counter({k: n for k, n in rows if k in ids})
    return found


def waiting_task(api, username: str, proposal_id: int) -> dict:
    return api(username).task_for(proposal_id)


def test_the_waiting_step_moves_to_the_successors_holder_and_nothing_is_lost(
    app, api, world, db_value
):
    nominator = api("nm.a")
    proposal_id = nominator.file("LDTT", nominees=[{"name": "Cán bộ thử 0", "job_title": "CV"}])
    nominator.ok("POST", f"/proposals/{proposal_id}/submit")
    old_task = waiting_task(api, "head.a", proposal_id)
    before = per_org(app, world)
    admin = api("quantri")
    preview = admin.ok("POST", "/organisations/events?preview=1", json=EVENT)
    assert preview["counts"]["tasks"] == 1 and preview["counts"]["proposals"] == 1
    assert db_value("SELECT count(*) FROM org_event") == 0  # a preview writes nothing
    event = admin.ok("POST", "/organisations/events", 201, json=EVENT)
    assert event["summary"]["counts"] == preview["counts"]
    after = per_org(app, world)

    a, b = world["t-so-a-vp"], world["t-so-b-vp"]
    da, db = world["t-so-a"], world["t-so-b"]
    moved = preview["counts"]
    # Moved: the totals stay, the rows change hands.
    assert after[("person", "org_id")][a] == 0
    assert after[("person", "org_id")][b] == before[("person", "org_id")][b] + 3
    assert after[("proposal", "org_id")] == Counter({b: 1})
    assert after[("proposal", "department_id")] == Counter({db: 1})
    # Kept on the unit that ended: its collective's records (the roll-up reads them).
    for table in ("award_record", "year_record", "initiative", "headcount"):
        assert after[(table, "org_id")] == before[(table, "org_id")], table
    # Added, never updated in place: the step's new row, the roles' new spans.
    assert (
        sum(after[("human_task", "org_id")].values())
        == sum(before[("human_task", "org_id")].values()) + moved["tasks"]
    )
    assert (
        sum(after[("role_assignment", "org_id")].values())
        == sum(before[("role_assignment", "org_id")].values()) + moved["roles_moved"]
    )
    assert after[("movement", "organiser_id")] == before[("movement", "organiser_id")]
    assert after[("movement_participant", "org_id")] == Counter({da: 1, b: 1})
    # Every other table naming an organisation: untouched.
    changed = {
        ("person", "org_id"), ("proposal", "org_id"), ("proposal", "department_id"),
        ("human_task", "org_id"), ("role_assignment", "org_id"), ("organisation", "parent_id"),
        ("movement_participant", "org_id"), ("org_event_party", "org_id"),
        ("org_name", "org_id"), ("org_placement", "org_id"), ("org_placement", "parent_id"),
    }  # fmt: skip
    for key in set(after) - changed:
        assert after[key] == before[key], key

    # The step: the old holder is refused with where it went; the successor's holder acts.
    response = api("head.a").post(
        f"/tasks/{old_task['id']}/complete", json={"action": "approve", "justification": "x"}
    )
    assert response.status_code == 409
    body = response.get_json()
    assert body["code"] == "step_moved" and "Văn phòng Sở B" in body["message"]
    new_task = waiting_task(api, "head.b", proposal_id)
    assert new_task["id"] != old_task["id"] and new_task["name"] == old_task["name"]
    api("head.b").act(proposal_id, "approve")
    assert waiting_task(api, "sec.b", proposal_id)["form"]  # on at Sở B's secretariat

    # The trail says so; the new holder was told.
    comment = db_value(
        "SELECT comment FROM audit_event WHERE proposal_id = :p AND action = 'org_event'",
        p=proposal_id,
    )
    assert "215/QĐ-UBND" in comment and "Văn phòng Sở B" in comment
    told = db_value(
        "SELECT count(*) FROM notification n JOIN user_account u ON u.id = n.user_id "
        "WHERE u.username = 'head.b' AND n.kind = 'task_arrived' AND n.proposal_id = :p",
        p=proposal_id,
    )
    assert told == 1

    # Filing for the unit that ended is refused, naming it, the event and its decision.
    refused = nominator.post(
        "/proposals",
        json={
            "org": "t-so-a-vp",
            "award_code": "LDTT",
            "year": 2025,
            "title": "Đề nghị LĐTT",
            "summary": "Thành tích",
            "nominees": [{"name": "Cán bộ thử 1", "job_title": "CV"}],
        },
    )
    assert refused.status_code == 409
    message = refused.get_json()["message"]
    assert refused.get_json()["code"] == "unit_dissolved"
    assert "Văn phòng Sở A" in message and "215/QĐ-UBND" in message and "sáp nhập" in message
    # … while the successor files as before.
    ok = nominator.post(
        "/proposals",
        json={
            "org": "t-so-b-vp",
            "award_code": "LDTT",
            "year": 2025,
            "title": "Đề nghị LĐTT",
            "summary": "Thành tích",
            "nominees": [{"name": "Cán bộ thử 1", "job_title": "CV"}],
        },
    )
    assert ok.status_code == 201, ok.get_json()


def test_filing_for_a_unit_not_yet_established_is_refused(app, api, world):
    factory = app.extensions["tdkt_sessions"]
    with factory() as s:
        unit = s.scalar(select(Organisation).where(Organisation.code == "t-so-a-vp"))
        unit.valid_from = unit.valid_from.replace(year=2999)
        s.commit()
    response = api("nm.a").post(
        "/proposals",
        json={
            "award_code": "LDTT",
            "year": 2025,
            "title": "Đề nghị LĐTT",
            "summary": "Thành tích",
            "nominees": [{"name": "Cán bộ thử 1", "job_title": "CV"}],
        },
    )
    assert response.status_code == 409
    assert response.get_json()["code"] == "unit_not_yet_established"


def test_the_web_form_refuses_filing_for_the_merged_unit_with_the_reason(
    api, login_as, world, db_value
):
    api("quantri").ok("POST", "/organisations/events", 201, json=EVENT)
    before = db_value("SELECT count(*) FROM proposal")
    page = login_as("nm.a").post(
        "/proposals/new",
        data={
            "org": "t-so-a-vp",
            "award_code": "LDTT",
            "year": "2025",
            "title": "Đề nghị LĐTT",
            "summary": "Thành tích",
            "nominees-0-name": "Cán bộ thử 1",
            "save": "1",
        },
    )
    assert page.status_code == 409
    html = page.get_data(as_text=True)
    assert "Văn phòng Sở A" in html and "215/QĐ-UBND" in html and "Văn phòng Sở B" in html
    assert db_value("SELECT count(*) FROM proposal") == before
