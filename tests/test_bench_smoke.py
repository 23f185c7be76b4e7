"""Each benchmark script runs end to end in its tiny mode (SQLite, a few rows), so none can rot.

No time is asserted: only that every step the script drives succeeded and that the
results file says what the script measured and on which machine. The scripts run as
`python -m bench.<name> --tiny`, the way a person runs them, each in a process group of its
own that must be empty when the script is done (a server left running fails the test).
"""

import re
import sys
from datetime import date
from pathlib import Path

import pytest

from scripts.ldtt_path import COUNCIL_MEMBERS
from tests.support.processes import run_script

ROOT = Path(__file__).resolve().parents[1]
MACHINE_FACTS = ("nproc", "memory", "cpu", "python", "sqlite", "postgresql", "date")

pytestmark = pytest.mark.slow


def bench(name: str, out: Path, *options: str) -> str:
    """Run bench/<name>.py in tiny mode, writing to `out`; its standard output."""
    args = [sys.executable, "-m", f"bench.{name}", "--tiny", *options, "--out", str(out)]
    done = run_script(args, cwd=ROOT, timeout=600)
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    return done.stdout


def _results(out, name: str) -> str:
    path = out / f"{name}-{date.today().isoformat()}.md"
    assert path.exists(), sorted(p.name for p in out.iterdir())
    text = path.read_text(encoding="utf-8")
    for fact in MACHINE_FACTS:
        assert re.search(rf"^\| {fact} \| \S", text, re.M), fact
    return text


def _rows(text: str, first_cell: str) -> list[list[str]]:
    rows = []
    # Only the result tables, after the machine table.
    for line in text.split("\n### ", 1)[1].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].startswith(first_cell):
            rows.append(cells)
    return rows


@pytest.mark.embedded  # SQLite of its own (tiny mode): run in the SQLite run
def test_engine_ratio_tiny(tmp_path):
    output = bench("engine_ratio", tmp_path)
    text = _results(tmp_path, "engine-ratio")
    bare = _rows(text, "(a)")
    http = _rows(text, "(b)")
    assert len(bare) == 2 and len(http) == 2
    # Tiny mode: 2 client threads × 2 proposals × (submit + 3 approvals + a ballot per council
    # member), every one answered 200; then one client alone with one proposal.
    path = 1 + 3 + len(COUNCIL_MEMBERS)
    assert [row[1] for row in http] == [str(2 * 2 * path), str(path)]
    assert "sqlite" in http[0][0] and "1 worker" in http[0][0] and "2 clients" in http[0][0]
    assert "1 client" in http[1][0]
    for row in bare + http:
        assert float(row[2]) > 0 and float(row[3]) <= float(row[4]) <= float(row[5])
    # Where the machine's CPU went: the workers' per task (user+sys), each worker's cores.
    for row in http:
        assert re.fullmatch(r"[\d.]+ \([\d.]+\+[\d.]+\)", row[8]) and float(row[8].split()[0]) > 0
        assert len(row[10].split(", ")) == 1 and float(row[10]) > 0
    # What the lone client's p95 is made of: each step of its one proposal, timed once.
    steps = _rows(text, "sqlite, 1 worker(s), 1 client")
    assert [row[1] for row in steps][:2] == ["submit", "unit_head_signoff"], steps
    assert sum(int(row[2]) for row in steps) == path, steps
    memory = [row for row in _rows(text, "sqlite, 1 worker") if "client" not in row[0]]
    assert memory and int(memory[0][1]) > 20  # a Flask worker holds at least 20 MB
    assert "written:" in output


def test_pg_statements_tiny(tmp_path, db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("starts a PostgreSQL cluster of its own: run in the suite's PostgreSQL run")
    bench("pg_statements", tmp_path)
    text = _results(tmp_path, "pg-statements")
    [summary] = [r for r in _rows(text, "") if len(r) == 4 and r[0][:1].isdigit()]
    statements, execution, planning, plans = (float(cell) for cell in summary)
    # One client, one proposal: every completion's statements counted, planned at most once
    # each on a connection (models/database.py prepares at the first run).
    assert statements > 5 and execution > 0 and planning > 0 and 0 < plans < statements
    assert "UPDATE workflow_instance" in text


@pytest.mark.embedded  # SQLite of its own (tiny mode): run in the SQLite run
def test_inbox_scale_tiny(tmp_path):
    bench("inbox_scale", tmp_path)
    text = _results(tmp_path, "inbox-scale")
    generated = _rows(text, "sqlite")
    data = [r for r in generated if len(r) == 8]
    assert data, text
    tasks, ready, proposals = (int(x) for x in data[0][1:4])
    assert tasks >= 300 and 0 < ready < tasks and 0 < proposals < tasks
    for query in ("inbox: department secretariat", "board list: unfiltered", "dashboard"):
        rows = _rows(text, query)
        assert len(rows) == 1 and rows[0][1] == "sqlite", query
    # The board sees every proposal; the dashboard counts them all.
    assert int(_rows(text, "board list: unfiltered")[0][5]) == proposals
    assert int(_rows(text, "dashboard")[0][5]) == proposals
    assert "SEARCH human_task" in text or "SCAN human_task" in text


@pytest.mark.embedded  # SQLite of its own (tiny mode): run in the SQLite run
def test_rounds_tiny(tmp_path):
    bench("rounds", tmp_path)
    text = _results(tmp_path, "rounds")
    rows = _rows(text, "sqlite")
    assert [r[1] for r in rows] == ["1", "2", "3"]
    for row in rows:
        assert int(row[4].replace(",", "")) > 1000 and int(row[5].replace(",", "")) > 1000
    assert "approved at round 4" in text


@pytest.mark.embedded  # SQLite of its own (tiny mode): run in the SQLite run
def test_request_cost_tiny(tmp_path):
    bench("request_cost", tmp_path, "--statements")
    text = _results(tmp_path, "request-cost-sqlite")
    # Tiny mode: 2 proposals, each filed, submitted, then a completion per step: unit head,
    # secretariat, one ballot per council member, the Director; each step taken from the
    # previous answer, with no inbox read (issue 19).
    members = len(COUNCIL_MEMBERS)
    assert not _rows(text, "inbox") and not _rows(text, "ballot nominees")
    completions = {row[0]: row for row in _rows(text, "complete")}
    assert len(completions) == 4
    assert all(row[1] == "2" for kind, row in completions.items() if "council_vote" not in kind)
    assert [row[1] for kind, row in completions.items() if "council_vote" in kind] == [
        str(2 * members)
    ]
    for row in completions.values():
        assert int(row[2].split("/")[0]) > 0 and float(row[3]) > 0
    assert "Statements of one request: complete director_decide" in text
    assert "UPDATE proposal" in text
