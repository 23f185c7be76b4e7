"""A movement's lists (contents, participants, targets) are read only where they are shown
(issue 4): a proposal's movement is its code, and the pages that show the lists read each
list once for every movement, not once per movement."""

from __future__ import annotations

import re

from tests.support.statements import statements

_LISTS = ("movement_content", "movement_participant", "movement_target")


def _list_reads(seen: list[str]) -> dict[str, int]:
    return {t: sum(1 for sql in seen if re.search(rf"\bFROM {t}\b", sql)) for t in _LISTS}


def test_a_proposal_read_with_its_movement_reads_none_of_its_lists(app, api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    with statements(app) as seen:
        detail = nominator.ok("GET", f"/proposals/{pid}")
    assert detail["movement"] == "sotttt-2025"
    assert any(re.search(r"\bFROM movement\b", sql) for sql in seen), seen
    assert _list_reads(seen) == dict.fromkeys(_LISTS, 0), seen


def test_filing_reads_none_of_the_lists(app, api):
    nominator = api("vanthu.cntt")
    with statements(app) as seen:
        nominator.file("LDTT")
    # The participants are a subquery of the choice's filter only: no list's rows are loaded.
    loaded = [sql for sql in seen if sql.startswith(tuple(f"SELECT {t}." for t in _LISTS))]
    assert not loaded, seen


def test_the_movements_list_reads_each_list_once(app, api):
    with statements(app) as seen:
        movements = api("truongphong.cntt").ok("GET", "/movements")
    assert movements[0]["participants"] and movements[0]["contents"] and movements[0]["targets"]
    assert _list_reads(seen) == dict.fromkeys(_LISTS, 1), seen


def test_the_dashboard_reads_participants_and_targets_once_and_no_contents(app, login_as):
    client = login_as("giamdoc.tttt")
    with statements(app) as seen:
        page = client.get("/dashboard/")
    assert page.status_code == 200
    reads = _list_reads(seen)
    assert reads["movement_content"] == 0, seen
    assert reads["movement_participant"] == 1 and reads["movement_target"] == 1, seen
