"""Every award of the catalogue filed through API v1 and run to a recorded decision.

The path each proposal takes is read from bpmn/award_route.dmn itself (its rows, parsed here,
not the application's reading of them) and turned into the expected steps by the design's rule
(tests.support.diagram_walk.expected_path); the steps the API offers must be exactly those.
For the awards beyond the province the Chairman's submission records how the dossier was sent,
and the board officer records the higher decision nominee by nominee with its document.
"""

from __future__ import annotations

import json

import pytest
from lxml import etree

from tests.support.diagram_walk import DMN_FILE, NS, expected_path
from tests.support.upward import HIGHER, drive
from workflows.reference import DATA_DIR


def dmn_routes() -> dict[str, dict]:
    """award code -> its row of the routing table, read from the file."""
    table = etree.parse(str(DMN_FILE)).getroot().find("dmn:decision/dmn:decisionTable", NS)
    names = [o.get("name").removeprefix("route.") for o in table.findall("dmn:output", NS)]
    routes = {}
    for rule in table.findall("dmn:rule", NS):
        code = rule.findtext("dmn:inputEntry/dmn:text", namespaces=NS).strip('"')
        cells = [e.findtext("dmn:text", namespaces=NS) for e in rule.findall("dmn:outputEntry", NS)]
        routes[code] = {name: eval(cell) for name, cell in zip(names, cells, strict=True)}  # noqa: S307
    return routes


CATALOGUE = json.loads((DATA_DIR / "awards.json").read_text(encoding="utf-8"))
ROUTES = dmn_routes()


def test_the_routing_table_routes_every_award_of_the_catalogue():
    assert sorted(ROUTES) == sorted(a["code"] for a in CATALOGUE)
    assert len(ROUTES) == 17
    assert all(a["fileable"] for a in CATALOGUE)


def _nominees(target: str) -> list[dict]:
    if target == "person":
        return [
            {"name": "Nguyễn Thị Hương", "job_title": "Chuyên viên", "gender": "female"},
            {"name": "Đặng Văn Đức", "job_title": "Phó Trưởng phòng", "gender": "male"},
        ]
    return [{"name": "Phòng Công nghệ thông tin"}, {"name": "Trung tâm Chuyển đổi số"}]


@pytest.mark.parametrize("award", [a["code"] for a in CATALOGUE])
def test_award_filed_and_decided_along_its_route(api, db_value, award):
    target = next(a["target"] for a in CATALOGUE if a["code"] == award)
    route = ROUTES[award]
    nominator = api("vanthu.cntt")
    pid = nominator.file(award, nominees=_nominees(target))
    nominator.ok("POST", f"/proposals/{pid}/submit", json={"comment": "Kính trình"})

    visited = drive(api, pid, route["decider"])

    path, _end = expected_path(route)
    assert ["file_proposal", *visited] == path
    final = nominator.ok("GET", f"/proposals/{pid}")
    assert final["status"] == "approved" and final["current_tasks"] == []
    records = db_value(
        "SELECT count(*) FROM award_record WHERE proposal_id = :p AND source = 'decision'", p=pid
    )
    upward = route["decider"] in HIGHER
    # Beyond the province the decision granted the first nominee only; within it, both.
    assert records == (1 if upward else 2)
    if upward:
        granted = db_value("SELECT subject_name FROM award_record WHERE proposal_id = :p", p=pid)
        assert granted == _nominees(target)[0]["name"]
        assert final["decision"]["number"] == HIGHER[route["decider"]]["decision_no"]
        assert final["decision"]["date"] == "2026-03-15"
        # The province pays a state award's bonus; a ministry pays its own.
        amount = db_value("SELECT bonus_amount FROM award_record WHERE proposal_id = :p", p=pid)
        assert (amount > 0) == (route["decider"] == "prime_minister"), amount
        history = [e for e in final["history"] if e["element"] == "await_decision"]
        assert history[-1]["action"] == "decided"
        results = history[-1]["data"]["results"]
        assert [r["granted"] for r in results] == [True, False]
        assert results[1]["reason"] == "Chưa đủ 5 năm hoàn thành xuất sắc"
        sent = [e for e in final["history"] if e["element"] == "chairman_submit"][-1]
        assert (sent["data"]["sent_date"], sent["data"]["channel"]) == (
            "2025-12-12",
            "national_system",
        )
        assert sent["data"]["sent_reference"] == "H12.36-251212-0001"
