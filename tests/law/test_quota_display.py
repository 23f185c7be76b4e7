"""The caps a decision is checked against, shown live at the step: the task page and the API.

The department's counts are made here (a year without demo history) and the expected caps
worked out by hand beside each test; the day is fixed so the caps in force do not follow the
calendar."""

from __future__ import annotations

from datetime import date

import lxml.html
import pytest
from sqlalchemy import func, select

from models import AwardRecord, Person, YearRecord
from tests.support import factories as f
from workflows.awards import quota_display

NOMINEES = [{"name": "Nguyễn Văn An"}, {"name": "Trần Thị Bình"}]


def _department_rows(session, model, year: int) -> int:
    department = f.org(session, "sotttt")
    units = [department.id] + [o.id for o in department.children]
    return session.scalar(
        select(func.count(model.id))
        .join(Person, Person.id == model.person_id)
        .where(Person.org_id.in_(units), model.year == year)
    )


def _at_director(api, award: str, year: int) -> tuple[int, int]:
    """A proposal walked through unit, secretariat and council: (its id, the Director's task)."""
    nominator = api("vanthu.cntt")
    pid = nominator.file(award, year=year, nominees=NOMINEES)
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    for reviewer in ("truongphong.cntt", "thuongtruc.tttt", "hoidong.tttt"):
        api(reviewer).act(pid)
    task = api("giamdoc.tttt").task_for(pid)
    assert task["element"] == "director_decide"
    return pid, task["id"]


def _quota_rows(page: str) -> list[list[str]]:
    tree = lxml.html.fromstring(page)
    rows = tree.xpath('//section[@aria-labelledby="quotas-h"]//tbody/tr')
    return [[" ".join(td.text_content().split()) for td in row.xpath("td")] for row in rows]


@pytest.fixture
def outstanding_2026(session):
    """Sở TT&TT in 2026: 3 rated outstanding, 8 good, 1 merely complete (below the base)."""
    assert _department_rows(session, YearRecord, 2026) == 0
    staff = f.people(session, "sotttt-ttcntt", 12, "Viên chức")
    f.rate(session, staff[:3], 2026, "xuat_sac")
    f.rate(session, staff[3:11], 2026, "tot")
    f.rate(session, staff[11:], 2026, "hoan_thanh")
    session.commit()


# floor(20% × (3 + 8)) = floor(2,2) = 2; 3 already outstanding: one over. The proposal adds no
# rating, so "with this proposal" stays 3.
OUTSTANDING = (
    "Hoàn thành xuất sắc nhiệm vụ năm 2026: tối đa 20% của 11 người được xếp loại từ hoàn "
    "thành tốt nhiệm vụ trở lên = 2; đã có 3, vượt 1"
)


def test_the_director_sees_the_cap_on_the_task_page_and_is_refused_by_it(
    api, login_as, outstanding_2026, monkeypatch
):
    monkeypatch.setattr(quota_display, "today", lambda: date(2026, 12, 1))
    pid, task_id = _at_director(api, "CSTDCS", 2026)
    page = login_as("giamdoc.tttt").get(f"/tasks/{task_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    label, detail = _quota_rows(html)
    # label (year), cap, already, with this proposal, verdict
    assert label == ["Hoàn thành xuất sắc nhiệm vụ (2026)", "2", "3", "3", "Vượt 1"]
    assert detail[0].startswith(OUTSTANDING + ".")
    assert "Căn cứ: Nghị định 335/2025/NĐ-CP" in detail[0]
    # Decree 335/2025's text was reported, not read in the gazette: flagged for the officer
    assert detail[0].endswith("chưa xác nhận")
    assert "01/12/2026" in html  # the day the caps are counted for
    # The same sentence refuses the decision.
    refused = api("giamdoc.tttt").post(
        f"/tasks/{task_id}/complete",
        json={
            "action": "approve",
            "justification": "Đã xem xét",
            "decision_no": "9/QĐ-STTTT",
            "decision_date": "01/12/2026",
            "signer": "Vũ Đức Thắng",
        },
    )
    assert refused.status_code == 400
    assert refused.get_json()["fields"]["quota"] == OUTSTANDING


def test_an_unconfirmed_cap_is_flagged_and_the_nominees_count(api, login_as, session, monkeypatch):
    year = 2022  # no demo awards: the department's counts are only ours
    assert _department_rows(session, AwardRecord, year) == 0
    advanced = f.people(session, "sotttt-bcvt", 20, "Lao động")
    f.give(session, advanced, year, "LDTT")
    f.give(session, advanced[:2], year, "CSTDCS")
    session.commit()
    # The 15%-of-LĐTT cap was in force until 30/06/2025 (quotas.json, confirmed: false).
    monkeypatch.setattr(quota_display, "today", lambda: date(2025, 6, 30))
    _, task_id = _at_director(api, "CSTDCS", year)
    html = login_as("giamdoc.tttt").get(f"/tasks/{task_id}").get_data(as_text=True)
    label, detail = _quota_rows(html)
    # floor(15% × 20) = 3; 2 already + the 2 nominees = 4: one over.
    assert label == ["Chiến sĩ thi đua cơ sở (2022)", "3", "2", "4", "Vượt 1"]
    assert detail[0].startswith(
        "Chiến sĩ thi đua cơ sở năm 2022: tối đa 15% của 20 LĐTT = 3; đã có 2, hồ sơ này "
        "thêm 2 → 4, vượt 1."
    )
    assert detail[0].endswith("chưa xác nhận")
    # From 1/7/2025 no cap concerns CSTĐCS of 2022: the section is not shown at all.
    monkeypatch.setattr(quota_display, "today", lambda: date(2025, 7, 1))
    html = login_as("giamdoc.tttt").get(f"/tasks/{task_id}").get_data(as_text=True)
    assert _quota_rows(html) == [] and 'id="quotas-h"' not in html


def test_the_api_task_has_the_same_lines_in_its_documented_shape(
    api, client, outstanding_2026, monkeypatch
):
    monkeypatch.setattr(quota_display, "today", lambda: date(2026, 12, 1))
    pid, task_id = _at_director(api, "CSTDCS", 2026)
    task = api("giamdoc.tttt").ok("GET", f"/tasks/{task_id}")
    assert (task["id"], task["proposal_id"], task["state"]) == (task_id, pid, "ready")
    (line,) = task["quotas"]
    assert {k: line[k] for k in ("code", "year", "base", "cap", "existing", "added")} == {
        "code": "HTXSNV_20",
        "year": 2026,
        "base": 11,
        "cap": 2,
        "existing": 3,
        "added": 0,
    }
    assert (line["total"], line["ok"], line["message"]) == (3, False, OUTSTANDING)
    assert (line["on_date"], line["max_share"], line["confirmed"]) == ("2026-12-01", "0.2", False)
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    _conforms(task, schemas["Task"], schemas)
    # Another department's Director does not see the task: as absent.
    other = api("giamdoc.yte").get(f"/tasks/{task_id}")
    assert other.status_code == 404
    assert other.get_json()["message"] == f"Không tìm thấy bước xử lý số {task_id}"


def test_an_award_no_cap_concerns_has_no_lines(api, monkeypatch):
    monkeypatch.setattr(quota_display, "today", lambda: date(2026, 12, 1))
    nominator = api("vanthu.cntt")
    pid = nominator.file("GK_CN", year=2026)
    nominator.ok("POST", f"/proposals/{pid}/submit", json={})
    task = api("truongphong.cntt").task_for(pid)
    assert api("truongphong.cntt").ok("GET", f"/tasks/{task['id']}")["quotas"] == []


_TYPES = {"integer": int, "string": str, "boolean": bool, "array": list, "object": dict}


def _conforms(value, schema: dict, schemas: dict, where: str = "$") -> None:
    """The subset of JSON Schema the API's document uses: $ref, oneOf, enum, type, objects."""
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    if "oneOf" in schema:
        errors = []
        for option in schema["oneOf"]:
            try:
                return _conforms(value, option, schemas, where)
            except AssertionError as exc:
                errors.append(str(exc))
        raise AssertionError(f"{where}: no option fits: {errors}")
    if "enum" in schema:
        assert value in schema["enum"], (where, value)
    kind = schema.get("type")
    if kind == "null":
        assert value is None, where
    elif kind:
        assert isinstance(value, _TYPES[kind]), (where, kind, value)
        assert not (kind == "integer" and isinstance(value, bool)), where
    if kind == "object":
        properties = schema.get("properties", {})
        assert set(schema.get("required", [])) <= set(value), (where, "required")
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(properties), (where, set(value) - set(properties))
        for key, item in value.items():
            if key in properties:
                _conforms(item, properties[key], schemas, f"{where}.{key}")
    if kind == "array":
        for i, item in enumerate(value):
            _conforms(item, schema["items"], schemas, f"{where}[{i}]")
