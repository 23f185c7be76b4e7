"""The engine's own share of a completed task, counted in Python calls (bench/bare.py): a
budget, like the statement budgets, so that walking the whole tree node by node through the
library's iterators or the registry's dispatch per task cannot creep back (issue 19).

Calls, not time: cProfile's counts do not move with the machine's load."""

from bench import bare

#: per completed task of the LĐTT path, through the app's storage (deserialise, complete one
#: task, run to the next wait, serialise). Measured 959 and 302 on 07/12/2026; 3,687 and 415
#: before workflows.engine.walk and the direct converters. Then 841 and 336 (5,298 calls in all
#: before, 4,435 after): quiet_task.QuietTask's state changes, counted as the engine's now,
#: build no log record, and storage formats each id once.
SPIFF_BUDGET = 880
ENGINE_BUDGET = 350
#: all calls, the standard library's and builtins' included (UUID hashing and formatting,
#: dict and list methods), where most of a completion's calls are
TOTAL_BUDGET = 4_600


def test_the_engine_share_of_a_completion_stays_within_its_budget():
    counted = bare.calls(bare.AppStorage(), 2)
    assert counted.spiff <= SPIFF_BUDGET, counted
    assert counted.engine <= ENGINE_BUDGET, counted
    assert counted.total <= TOTAL_BUDGET, counted


def test_bench_bare_prints_both_variants(capsys):
    assert bare.main(["--tiny"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| bare")]
    assert len(rows) == 2 and all(int(row.split("|")[3]) > 0 for row in rows)
