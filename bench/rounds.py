"""Benchmark 3: the cost of a completion at round 1, 10, 100 and 1,000 of return-and-resubmit.

One LĐTT proposal is submitted and returned by the unit head again and again, through
the services, each step in its own session and transaction committed at the end (as a
request does). At each checkpoint: the latency of the submit and of the return, and the
bytes stored for the running instance (workflow_instance.state_json). After the last round
the proposal is approved through the whole chain, to show that nothing broke.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sqlalchemy import func, or_, select

from bench.common import Table, base_parser, median, ms, write_results
from bench.dbsetup import databases
from bench.ldtt import BALLOT, NOMINATOR, REVIEW, proposal_body
from models import HumanTask, Nominee, Proposal, User, WorkflowInstance
from models.database import begin_write, make_engine, make_session_factory
from scripts import dossier_files
from workflows.process import review
from workflows.process.registry import ProcessRegistry
from workflows.proposals import filing
from workflows.reference import role_codes

WINDOW = 5  # rounds sampled at each checkpoint: r, r+1, ..., r+4


def run(url: str, checkpoints: list[int], window: int, files: Path) -> list[dict]:
    engine = make_engine(url)
    factory = make_session_factory(engine)
    registry = ProcessRegistry.load(role_codes())
    with factory() as s:
        uid = {u.username: u.id for u in s.scalars(select(User))}
    head = REVIEW[0][0]

    def step(fn, *, write: bool = True):
        """One request: a session, the service call, one commit; returns (result, seconds)."""
        with factory() as s:
            t0 = time.perf_counter()
            if write:
                begin_write(s)
            result = fn(s)
            s.commit()
            return result, time.perf_counter() - t0

    def me(s, name):
        return s.get_one(User, uid[name])

    pid = step(
        lambda s: filing.create_proposal(s, registry, me(s, NOMINATOR), proposal_body(0)).id
    )[0]
    # The dossier's required documents, before the first submit (scripts/dossier_files.py).
    step(lambda s: dossier_files.attach_missing(s, me(s, NOMINATOR), pid, files))

    def ready_task(s, who: str | None = None) -> int:
        query = select(HumanTask.id).where(HumanTask.proposal_id == pid, HumanTask.state == "ready")
        if who is not None:
            # A council's step: one ballot per member.
            mine = HumanTask.assignee_id == uid[who]
            query = query.where(or_(HumanTask.assignee_id.is_(None), mine))
        return s.scalar(query.order_by(HumanTask.id))

    def ballot(s) -> dict:
        nominees = s.scalars(
            select(Nominee.id).where(Nominee.proposal_id == pid, Nominee.status == "active")
        )
        return {"action": "vote", "choices": {str(n): "yes" for n in nominees}}

    def state_bytes(s) -> int:
        return s.scalar(
            select(func.length(WorkflowInstance.state_json)).where(
                WorkflowInstance.proposal_id == pid, WorkflowInstance.status == "running"
            )
        )

    last = max(checkpoints) + window - 1
    samples: dict[int, dict[str, float]] = {}
    for r in range(1, last + 1):
        _, t_submit = step(
            lambda s: filing.submit_proposal(s, registry, me(s, NOMINATOR), pid, "Nộp lại")
        )
        waiting_bytes = step(state_bytes, write=False)[0]
        task_id = step(ready_task, write=False)[0]
        _, t_return = step(
            lambda s, task_id=task_id, r=r: review.complete_task(
                s, registry, me(s, head), task_id, {"action": "return", "comment": f"Lần {r}"}
            )
        )
        samples[r] = {
            "submit": t_submit,
            "return": t_return,
            "bytes_review": waiting_bytes,
            "bytes_filing": step(state_bytes, write=False)[0],
        }
    # And then it still goes through: submitted once more and approved at every step.
    step(lambda s: filing.submit_proposal(s, registry, me(s, NOMINATOR), pid))
    for who, _, fields in REVIEW:
        task_id = step(lambda s, who=who: ready_task(s, who), write=False)[0]
        step(
            lambda s, who=who, fields=fields, task_id=task_id: review.complete_task(
                s,
                registry,
                me(s, who),
                task_id,
                ballot(s) if fields is BALLOT else {"action": "approve", **fields},
            )
        )
    with factory() as s:
        proposal = s.get_one(Proposal, pid)
        if proposal.status != "approved" or proposal.round != last + 1:
            raise RuntimeError(f"after {last} returns: {proposal.status}, round {proposal.round}")
        instances = s.scalar(select(func.count()).where(WorkflowInstance.proposal_id == pid))
    engine.dispose()

    out = []
    for c in checkpoints:
        rounds = [samples[r] for r in range(c, c + window)]
        out.append(
            {
                "round": c,
                "submit": median(x["submit"] for x in rounds),
                "return": median(x["return"] for x in rounds),
                "bytes_review": max(x["bytes_review"] for x in rounds),
                "bytes_filing": max(x["bytes_filing"] for x in rounds),
                "instances": instances,
                "final": f"approved at round {last + 1}",
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = base_parser(__doc__.split("\n")[0])
    parser.add_argument("--checkpoints", default="1,10,100,1000")
    args = parser.parse_args(argv)
    window = WINDOW
    if args.tiny:
        args.no_postgres, args.checkpoints, window = True, "1,2,3", 1
    checkpoints = [int(c) for c in args.checkpoints.split(",")]

    table = Table(
        "Completion latency and stored bytes by revision round "
        f"(median of rounds r … r+{window - 1})",
        ["database", "round", "submit ms", "return ms", "state bytes at review",
         "state bytes at filing"],
    )  # fmt: skip
    finals = []
    with databases(postgres=not args.no_postgres) as dbs:
        for kind in dbs.kinds:
            for row in run(dbs.new(kind, "rounds"), checkpoints, window, dbs.tmp / "files"):
                table.add(
                    kind,
                    f"{row['round']:,}",
                    ms(row["submit"]),
                    ms(row["return"]),
                    f"{row['bytes_review']:,}",
                    f"{row['bytes_filing']:,}",
                )
            finals.append(
                f"{kind}: {row['final']}, {row['instances']:,} instance rows (one per round)"
            )
        pg_version = dbs.pg_version
    table.notes = [
        "submit: the nominator resubmits (service + commit); return: the unit head returns it.",
        "state bytes: length of workflow_instance.state_json of the running round, waiting at the "
        "unit head (after submit) and at the nominator (after the return).",
        *finals,
    ]
    write_results(
        "rounds",
        [table],
        out_dir=args.out,
        pg_version=pg_version,
        command="python -m bench.rounds " + " ".join(argv or sys.argv[1:]),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
