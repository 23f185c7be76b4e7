"""Statement budgets of the LĐTT path as an API client walks it from the answers' next steps
(issue 19): counted, not timed, so that they cannot creep back. Figures on SQLite, which gives
ORM rows their ids one INSERT at a time; PostgreSQL batches those and stays under them."""

from __future__ import annotations

import io

from tests.support import dossier
from tests.support.attachments import PDF
from tests.support.forwarding import FORWARD
from tests.support.statements import statements

MULTIPART = "multipart/form-data"

DECISION = {"decision_no": "12/QĐ-STTTT", "decision_date": "05/12/2025", "signer": "Vũ Đức Thắng"}

#: statements per request, BEGIN/COMMIT left out. Before issue 19 a client also read its inbox
#: (3) before each step and the proposal (8) before each ballot, and a completion wrote each
#: notification and timer row by itself: secretariat 35, a ballot 11 (+ 11 in other requests);
#: a submission and a completion now read the next steps they answer with (1). Organisations
#: with a life (issue 16) cost one read more on the way in (the unit as of the day); the
#: province's rules, consulted by several readers of a step, are read once per transaction.
#: The ballots that open are told to their members by id, with no read of their accounts
#: when no mail is sent (secretariat 27 → 26). The province's rules and the calendar's
#: exceptions come in one statement, and a step's candidates with their organisation's name in
#: one. The open inbox rows of the instance are known from the state read under its lock, not
#: read back after each completion (one fewer each); the eligibility re-check of a step reads
#: its people's facts in one statement, not three; a step's timers that go are rewritten as the
#: next step's in one UPDATE (submit 24 → 20, unit head 22 → 16, secretariat 26 → 21, a ballot
#: 12 → 11, the last 21 → 18, Director 21 → 18). The ballots a secretariat's step opens are
#: inserted in one statement, not one each (secretariat 21 → 17). The nominees come joined to the
#: task read after the lock and the author's account's `active` with them, a rating cap's task
#: groups with its counts, and a decision's award records in one INSERT (unit head 16 → 15,
#: secretariat 17 → 16, the last ballot 18 → 17, Director 18 → 15). A submission reads its
#: nominees with the proposal after the lock (20 → 19), and the checklist's province in one
#: statement up the organisations instead of one load each (19 → 18).
BUDGET = {
    "submit": 18,
    "unit_head_signoff": 15,
    "secretariat_check": 16,
    "council_vote": 11,
    "last council_vote": 17,
    "director_decide": 15,
}


def test_each_step_of_the_path_keeps_to_its_budget(app, api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT")
    spent: dict[str, list[int]] = {}

    def step(kind: str, who: str, path: str, body: dict) -> dict:
        client = api(who)  # its token outside the count
        with statements(app) as seen:
            answer = client.ok("POST", path, json=body)
        spent.setdefault(kind, []).append(len(seen))
        return answer

    done = step("submit", "vanthu.cntt", f"/proposals/{pid}/submit", {})
    for who, element, fields in (
        ("truongphong.cntt", "unit_head_signoff", FORWARD),
        ("thuongtruc.tttt", "secretariat_check", FORWARD),
    ):
        [task] = done["next_steps"]
        assert task["element"] == element
        done = step(element, who, f"/tasks/{task['id']}/complete", {"action": "approve", **fields})
    ballots = done["next_steps"]
    for n, ballot in enumerate(ballots):
        kind = "last council_vote" if n == len(ballots) - 1 else "council_vote"
        choices = {str(c["id"]): "yes" for c in ballot["nominees"]}
        body = {"action": "vote", "choices": choices}
        done = step(kind, ballot["assignee"], f"/tasks/{ballot['id']}/complete", body)
    [task] = done["next_steps"]
    body = {"action": "approve", **DECISION, **FORWARD}
    done = step("director_decide", "giamdoc.tttt", f"/tasks/{task['id']}/complete", body)
    assert done["proposal"]["status"] == "approved"
    over = {kind: counts for kind, counts in spent.items() if max(counts) > BUDGET[kind]}
    assert not over, (spent, BUDGET)


#: an upload of one dossier document: its editability read after the lock, the checklist (its
#: province now in one statement up the organisations, not one load each: 10 → 9), the kinds
#: present, the attachments listed back, the row and its trail
UPLOAD_BUDGET = 9


def test_each_dossier_upload_keeps_to_its_budget(app, api):
    nominator = api("vanthu.cntt")
    pid = nominator.file("LDTT", dossier=False)
    missing = dossier.missing(nominator.ok("GET", f"/proposals/{pid}"))
    assert len(missing) == 2, missing  # the LĐTT dossier of the demo data
    spent = []
    for code in missing:
        body = {"kind": code, "attachments": (io.BytesIO(PDF + code.encode()), f"{code}.pdf")}
        with statements(app) as seen:
            nominator.ok(
                "POST", f"/proposals/{pid}/attachments", 201, data=body, content_type=MULTIPART
            )
        spent.append(len(seen))
    assert max(spent) <= UPLOAD_BUDGET, spent
