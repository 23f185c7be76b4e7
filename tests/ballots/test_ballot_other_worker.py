"""A council's ballots counted by workers that did not open them.

Each gunicorn worker builds a version's process once (workflows.engine.storage's cache). The
worker that opened a council's ballots is not, in general, the one that counts them, nor is it
alive after a restart: the last ballot must move the round on in a process whose spec has
never opened a council. Served with two workers, 5 walks of 9 stopped after the council.
"""

from __future__ import annotations

from sqlalchemy import select

from models import Nominee, ProcessVersion
from workflows.engine import storage


def _as_a_fresh_worker(session) -> None:
    # what a worker that has served nothing yet holds: no built process
    for content_hash in session.scalars(select(ProcessVersion.content_hash)):
        storage.forget(content_hash)


def test_each_ballot_in_a_fresh_worker_the_round_moves_on(api, council, at_council, session):
    members = council(3)
    pid = at_council(nominees=("Nguyễn Văn An",))
    (an,) = session.scalars(select(Nominee.id).where(Nominee.proposal_id == pid))
    for member in members:
        _as_a_fresh_worker(session)
        task = api(member).task_for(pid)
        body = {"action": "vote", "choices": {str(an): "yes"}}
        assert api(member).post(f"/tasks/{task['id']}/complete", json=body).status_code == 200
    detail = api("giamdoc.tttt").ok("GET", f"/proposals/{pid}")
    assert [t["element"] for t in detail["current_tasks"]] == ["director_decide"]
    (box,) = detail["ballots"]
    assert [(n["nominee_id"], n["yes"], n["passed"]) for n in box["nominees"]] == [(an, 3, True)]
